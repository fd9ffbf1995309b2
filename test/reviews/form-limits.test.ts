import type { Connection } from 'mongoose';

import { ManualClock } from '../../server/clock';
import { ConfigError, parseConfig } from '../../server/config';
import { connectDatabase } from '../../server/db/connect';
import { createModels } from '../../server/db/models';
import { FORM_BODY_LIMIT_BYTES, LIMITS } from '../../server/reviews/review-form';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createInvitation, createShop } from '../helpers/factories';

const env = {
  SHOPIFY_API_KEY: 'client-id',
  SHOPIFY_API_SECRET: 'client-secret-0123456789',
  SCOPES: 'read_orders',
  SHOPIFY_APP_URL: 'https://app.example.com',
};

describe('TRUST_PROXY setting', () => {
  it('parses every accepted form', () => {
    expect(parseConfig(env).TRUST_PROXY).toEqual(['loopback']);
    expect(parseConfig({ ...env, TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(parseConfig({ ...env, TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(parseConfig({ ...env, TRUST_PROXY: 'loopback, 10.0.0.0/8,2001:db8::/32,192.0.2.7' }).TRUST_PROXY).toEqual([
      'loopback',
      '10.0.0.0/8',
      '2001:db8::/32',
      '192.0.2.7',
    ]);
  });

  it.each(['true', 'yes', '11', '10.0.0.0/33', '10.0.0.300', 'loopback,,10.0.0.1'])('rejects %s', (value) => {
    let error: unknown;
    try {
      parseConfig({ ...env, TRUST_PROXY: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'TRUST_PROXY is invalid: set it to false, a hop count from 0 to 10 (the number of proxies in front of the app), or a comma-separated list of proxy addresses or subnets such as loopback,10.0.0.0/8',
    ]);
  });
});

describe('review form limits', () => {
  const db = useTestDatabase();
  const clock = new ManualClock('2026-02-10T12:00:00Z');
  const apps: TestApp[] = [];
  let second: Connection | undefined;

  beforeEach(async () => {
    clock.advance(10 * 60_000);
    await clearDatabase(db.models);
    await createShop(db.models);
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });
  afterAll(async () => {
    await second?.close();
  });

  const start = async (config: { TRUST_PROXY?: false | number | string[] } = {}) => {
    const app = await startTestApp(db.models, { clock, config });
    apps.push(app);
    return app;
  };

  async function invitation(overrides: Parameters<typeof createInvitation>[1] = {}, products = 1) {
    const created = await createInvitation(db.models, { name: 'John Smith', ...overrides });
    const list = Array.from({ length: products }, (_, index) => ({
      productId: `${index}`.padStart(64, 'p'),
      title: `Product ${index}`,
    }));
    await db.models.Invitation.updateOne(
      { _id: created.invitation._id },
      { $set: { orderName: '#1001', products: list } },
    );
    return { ...created, products: list };
  }

  const post = (app: TestApp, path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${app.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
      redirect: 'manual',
    });
  const addressKeys = async () =>
    (await db.models.RateLimitSlot.find({ key: /^review-address:/ }).lean()).map((slot) => slot.key).sort();

  it('false ignores spoofed X-Forwarded-For', async () => {
    const app = await start({ TRUST_PROXY: false });
    const { token } = await invitation();

    const statuses: number[] = [];
    for (let attempt = 0; attempt < 31; attempt += 1)
      statuses.push(
        (await post(app, `/r/not-a-token-${attempt}`, 'rating=', { 'x-forwarded-for': `203.0.113.${attempt + 1}` }))
          .status,
      );
    const blocked = await post(app, `/r/${token}`, 'rating=', { 'x-forwarded-for': '198.51.100.1' });

    expect(statuses).toEqual([...Array<number>(30).fill(410), 429]);
    expect(blocked.status).toBe(429);
    expect(new Set(await addressKeys())).toEqual(new Set(['review-address:127.0.0.1']));
  });

  it('hop count uses the proxy-reported address', async () => {
    const app = await start({ TRUST_PROXY: 1 });

    for (let attempt = 0; attempt < 30; attempt += 1)
      // A client adds its own X-Forwarded-For; the one proxy appends the address it saw.
      await post(app, '/r/unknown', 'rating=', { 'x-forwarded-for': `203.0.113.${attempt + 1}, 198.51.100.7` });
    const blocked = await post(app, '/r/unknown', 'rating=', { 'x-forwarded-for': '203.0.113.99, 198.51.100.7' });
    const other = await post(app, '/r/unknown', 'rating=', { 'x-forwarded-for': '198.51.100.8' });

    expect(blocked.status).toBe(429);
    expect(other.status).toBe(410);
    expect(new Set(await addressKeys())).toEqual(
      new Set(['review-address:198.51.100.7', 'review-address:198.51.100.8']),
    );
  });

  it('default trusts a loopback proxy', async () => {
    const app = await start();

    const response = await post(app, '/r/unknown', 'rating=', { 'x-forwarded-for': '192.0.2.10' });

    expect(response.status).toBe(410);
    expect(await addressKeys()).toEqual(['review-address:192.0.2.10']);
  });

  it('limits hold across two app instances', async () => {
    second = await connectDatabase(process.env.TEST_MONGODB_URI!, db.models.connection.name);
    const appA = await start();
    const appB = await startTestApp(createModels(second), { clock });
    apps.push(appB);
    const { token } = await invitation();

    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1)
      statuses.push((await post(attempt % 2 === 0 ? appA : appB, `/r/${token}`, 'rating=')).status);

    expect(statuses).toEqual([...Array<number>(10).fill(422), 429]);
  });

  it('unknown-link flood keeps link count', async () => {
    const app = await start();
    const { token } = await invitation();
    const customer = { 'x-forwarded-for': '192.0.2.1' };

    for (let attempt = 0; attempt < 9; attempt += 1)
      expect((await post(app, `/r/${token}`, 'rating=', customer)).status).toBe(422);
    const flood: number[] = [];
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const address = `10.0.${Math.floor(attempt / 250)}.${(attempt % 250) + 1}`;
      flood.push((await post(app, `/r/flood-${attempt}`, 'rating=', { 'x-forwarded-for': address })).status);
    }
    const tenth = await post(app, `/r/${token}`, 'rating=', customer);
    const eleventh = await post(app, `/r/${token}`, 'rating=', customer);

    expect(flood).toEqual(Array<number>(200).fill(410));
    expect(tenth.status).toBe(422);
    expect(eleventh.status).toBe(429);
    expect(eleventh.headers.get('retry-after')).toBe('600');
  });

  it("429 page uses invitation's locale", async () => {
    const app = await start();
    const { token } = await invitation({ locale: 'da' });

    for (let attempt = 0; attempt < 10; attempt += 1) await post(app, `/r/${token}`, 'rating=');
    const blocked = await post(app, `/r/${token}`, 'rating=', { 'accept-language': 'en' });

    expect(blocked.status).toBe(429);
    const html = await blocked.text();
    expect(html).toContain('<html lang="da">');
    expect(html).toContain('<h1>For mange forsøg</h1>');
  });

  it('largest valid form in costliest encoding', async () => {
    const app = await start();
    const { token, products } = await invitation({}, 20);
    // € is 3 UTF-8 bytes, sent as %E2%82%AC: 9 bytes for each character.
    const fields = new URLSearchParams({
      rating: '5',
      title: '€'.repeat(LIMITS.title),
      body: '€'.repeat(LIMITS.body),
      displayName: '€'.repeat(LIMITS.displayName),
    });
    for (const product of products) {
      fields.set(`product-${product.productId}-rating`, '4');
      fields.set(`product-${product.productId}-body`, '€'.repeat(LIMITS.productBody));
    }
    const body = fields.toString();

    const response = await post(app, `/r/${token}`, body);

    expect(body.length).toBeGreaterThan(400_000);
    expect(body.length).toBeLessThanOrEqual(FORM_BODY_LIMIT_BYTES);
    expect(response.status).toBe(303);
    expect(await db.models.Review.countDocuments()).toBe(21);
  });

  it('too large body shows form with message', async () => {
    const app = await start();
    const { token } = await invitation({ locale: 'da' });

    const response = await post(app, `/r/${token}`, `rating=5&body=${'x'.repeat(FORM_BODY_LIMIT_BYTES)}`, {
      'accept-language': 'en',
    });

    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<html lang="da">');
    expect(html).toContain(
      '<p class="error">Din anmeldelse var for lang til at blive sendt, så den er ikke gemt. Gør teksterne kortere, og send den igen.</p>',
    );
    expect(html).toMatch(/id="displayName" name="displayName" value="John"/);
    expect(html).toContain('<legend>Bedømmelse af Product 0</legend>');
    expect(html).toContain(`action="/r/${token}"`);
  });

  it('unreadable body shows form with message', async () => {
    const app = await start();
    const { token } = await invitation();

    const response = await post(app, `/r/${token}`, 'rating=5', {
      'content-type': 'application/x-www-form-urlencoded; charset=koi8-r',
    });

    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain(
      '<p class="error">Your review could not be read, so it was not saved. Please write it again and send it.</p>',
    );
  });

  it('undecodable link shows HTML page', async () => {
    const app = await start();

    for (const method of ['GET', 'POST']) {
      const response = await fetch(`${app.baseUrl}/r/abc%E0%A4%A`, {
        method,
        headers: { 'accept-language': 'da', 'content-type': 'application/x-www-form-urlencoded' },
        ...(method === 'POST' ? { body: 'rating=5' } : {}),
      });

      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain('<h1>Anmeldelseslinket er ugyldigt</h1>');
      expect(html).toContain('Kontrollér, at du har kopieret hele linket fra mailen.');
      expect(html).not.toContain('abc');
    }
  });
});
