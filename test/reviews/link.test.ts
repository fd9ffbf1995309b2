import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createInvitation, createShop } from '../helpers/factories';

describe('GET /r/:token', () => {
  const db = useTestDatabase();
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(db.models);
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models);
  });

  const open = (token: string, headers: Record<string, string> = {}) => fetch(`${app.baseUrl}/r/${token}`, { headers });

  it('answers 200 for a live invitation', async () => {
    const { token } = await createInvitation(db.models);

    const response = await open(token);

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 410 in English for an unknown token, without personal data', async () => {
    const { token } = await createInvitation(db.models, { email: 'john@example.com', name: 'John Smith' });
    await db.models.Invitation.deleteMany({});

    const response = await open(token);
    const html = await response.text();

    expect(response.status).toBe(410);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('This invitation is no longer active');
    expect(html).not.toMatch(/john|smith|example\.com/i);
    expect(html).not.toContain(token);
  });

  it.each([
    ['Accept-Language da-DK', { 'accept-language': 'da-DK,da;q=0.9,en;q=0.5' }, ''],
    ['?lang=da', {}, '?lang=da'],
  ])('answers 410 in Danish for %s', async (_case, headers, query) => {
    const response = await open(`unknown-token${query}`, headers);
    const html = await response.text();

    expect(response.status).toBe(410);
    expect(html).toContain('<html lang="da">');
    expect(html).toContain('Invitationen er ikke længere aktiv');
    expect(html).toContain('Linket kan ikke længere bruges, fordi anmeldelsesinvitationen er udløbet eller slettet.');
    expect(html).toContain(
      'Hvis du stadig vil fortælle om din oplevelse, er du velkommen til at kontakte butikken direkte.',
    );
  });

  it('falls back to English for a language the app does not have', async () => {
    const html = await (await open('unknown-token', { 'accept-language': 'de-DE' })).text();

    expect(html).toContain('<html lang="en">');
  });
});

describe('customer pages', () => {
  const db = useTestDatabase();
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(db.models);
  });
  afterAll(() => app.close());

  it.each(['/r/unknown-token', '/u/unknown-token'])('forbids framing of %s', async (path) => {
    const response = await fetch(`${app.baseUrl}${path}`);

    expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});
