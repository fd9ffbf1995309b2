import { ManualClock } from '../../server/clock';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createInvitation, createShop } from '../helpers/factories';

describe('review page /r/:token', () => {
  const db = useTestDatabase();
  let app: TestApp;
  const clock = new ManualClock('2026-02-10T12:00:00Z');

  beforeAll(async () => {
    app = await startTestApp(db.models, { clock });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    // A new rate-limit window for every test.
    clock.advance(10 * 60_000);
    await clearDatabase(db.models);
    await createShop(db.models);
  });

  async function invitation(overrides: Parameters<typeof createInvitation>[1] = {}) {
    const created = await createInvitation(db.models, { name: 'John Smith', ...overrides });
    await db.models.Invitation.updateOne(
      { _id: created.invitation._id },
      { $set: { orderName: '#1001', products: [{ productId: '632910392', title: 'Mug <Blue>' }] } },
    );
    return created;
  }
  const post = (token: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${app.baseUrl}/r/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });

  it('shows accessible English form', async () => {
    const { token } = await invitation();

    const response = await fetch(`${app.baseUrl}/r/${token}`);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Thank you for your order #1001.');
    expect(html).toContain('<legend>Your rating</legend>');
    expect(html).toMatch(/<label class="choice" for="rating"><input type="radio" id="rating" name="rating" value="1">/);
    expect(html).toContain('<label for="body">Your review</label>');
    expect(html).toMatch(/id="displayName" name="displayName" value="John"/);
    expect(html).toContain('<legend>Rating of Mug &lt;Blue&gt;</legend>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('john@example.com');
  });

  it('shows errors and keeps input', async () => {
    const { token } = await invitation({ locale: 'da' });

    const response = await post(token, {
      rating: '7',
      title: '<b>Fin</b>',
      body: '',
      displayName: 'J',
      'product-632910392-body': 'God kop',
    });
    const html = await response.text();

    expect(response.status).toBe(422);
    expect(html).toContain('<html lang="da">');
    expect(html).toContain('Ret venligst de markerede felter nedenfor.');
    expect(html).toContain('<p class="error" id="rating-error">Vælg fra 1 til 5 stjerner.</p>');
    expect(html).toContain('<p class="error" id="body-error">Skriv et par ord om din oplevelse.</p>');
    expect(html).toContain(
      '<p class="error" id="product-632910392-rating-error">Vælg en bedømmelse af varen, eller lad teksten være tom.</p>',
    );
    expect(html).toMatch(
      /<textarea id="body" name="body" maxlength="5000" required aria-required="true" aria-invalid="true" aria-describedby="body-error"><\/textarea>/,
    );
    expect(html).toContain('value="&lt;b&gt;Fin&lt;/b&gt;"');
    expect(html).toContain('>God kop</textarea>');
    expect(await db.models.Review.countDocuments()).toBe(0);
  });

  it('writes the Danish length limit with a thousands separator', async () => {
    const { token } = await invitation({ locale: 'da' });

    const response = await post(token, { rating: '4', title: '', body: 'x'.repeat(5001), displayName: 'J' });
    const html = await response.text();

    expect(response.status).toBe(422);
    expect(html).toContain('<p class="error" id="body-error">Skriv højst 5.000 tegn.</p>');
  });

  it('stores one review, then thanks', async () => {
    const { token, invitation: stored } = await invitation();
    const fields = {
      rating: '4',
      title: '',
      body: 'Solid mug.',
      displayName: 'John S.',
      'product-632910392-rating': '5',
    };

    const [first, second] = await Promise.all([post(token, fields), post(token, fields)]);

    expect([first.status, second.status].sort()).toEqual([200, 303]);
    const reviews = await db.models.Review.find().sort({ productId: 1 }).lean();
    expect(
      reviews.map(({ rating, body, productId, displayName }) => ({ rating, body, productId, displayName })),
    ).toEqual([
      { rating: 4, body: 'Solid mug.', productId: undefined, displayName: 'John S.' },
      { rating: 5, body: undefined, productId: '632910392', displayName: 'John S.' },
    ]);
    expect(reviews.every((review) => String(review.invitationId) === String(stored._id))).toBe(true);
    expect(await db.models.Invitation.findById(stored._id).lean()).toMatchObject({ status: 'reviewed' });

    const thanks = await fetch(`${app.baseUrl}/r/${token}`);
    expect(thanks.status).toBe(200);
    expect(await thanks.text()).toContain('<h1>Thank you for your review</h1>');
  });

  it('returns 410 for unknown or cancelled', async () => {
    const { token } = await invitation({ status: 'cancelled' });

    for (const url of [`/r/${token}`, '/r/not-a-real-token']) {
      const response = await fetch(`${app.baseUrl}${url}`, { headers: { 'accept-language': 'da' } });
      expect(response.status).toBe(410);
      expect(await response.text()).toContain('Invitationen er ikke længere aktiv');
    }
    expect((await post(token, { rating: '5', body: 'x', displayName: 'y' })).status).toBe(410);
  });

  it('limits form posts per link', async () => {
    const { token } = await invitation();

    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) statuses.push((await post(token, { rating: '' })).status);

    expect(statuses).toEqual([...Array<number>(10).fill(422), 429]);
  });

  it('limits form posts per address', async () => {
    const tokens: string[] = [];
    for (const orderId of ['1', '2', '3', '4'])
      tokens.push((await invitation({ orderId, email: `c${orderId}@example.com` })).token);

    const statuses: number[] = [];
    for (const token of tokens.slice(0, 3))
      for (let attempt = 0; attempt < 10; attempt += 1) statuses.push((await post(token, { rating: '' })).status);
    const blocked = await post(tokens[3]!, { rating: '' });

    expect(statuses).toEqual(Array<number>(30).fill(422));
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('600');
  });
});
