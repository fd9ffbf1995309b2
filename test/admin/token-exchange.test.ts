import nock from 'nock';

import { ManualClock } from '../../server/clock';
import { SESSION_COLLECTION } from '../../server/db/models';
import { createSessionStorage } from '../../server/shops/offline-token';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { TEST_API_KEY, signSessionToken } from '../helpers/session-token';
import { OTHER_SHOP, TEST_API_SECRET, TEST_SHOP } from '../helpers/shopify';

describe('offline token exchange', () => {
  const db = useTestDatabase();
  const clock = new ManualClock('2026-03-01T12:00:00Z');
  let app: TestApp;
  let storage: ReturnType<typeof createSessionStorage>;

  beforeAll(async () => {
    storage = createSessionStorage(process.env.TEST_MONGODB_URI!, db.models.connection.name);
    await storage.ready;
    app = await startTestApp(db.models, { clock, sessionStorage: storage });
  });
  afterAll(async () => {
    await app.close();
    await storage.disconnect();
  });
  // Requests to Shopify that no interceptor matched; each test expects none.
  let unmatched = 0;
  // nock passes URL options for requests it let through and the request itself for rejected ones.
  const countUnmatched = (request: { hostname?: string; options?: { hostname?: string; host?: string } }) => {
    const host = request.hostname ?? request.options?.hostname ?? request.options?.host ?? '';
    if (host.endsWith('.myshopify.com')) unmatched += 1;
  };
  beforeEach(async () => {
    await clearDatabase(db.models);
    nock.cleanAll();
    unmatched = 0;
    nock.emitter.on('no match', countUnmatched);
  });
  afterEach(() => {
    nock.emitter.removeListener('no match', countUnmatched);
    expect(unmatched).toBe(0);
  });

  const sessions = () => db.models.connection.collection(SESSION_COLLECTION);
  const getSettings = (shop = TEST_SHOP, token = signSessionToken({ shop })) =>
    fetch(`${app.baseUrl}/admin/api/settings`, { headers: { authorization: `Bearer ${token}` } });

  function mockTokenEndpoint(shop: string, sessionToken: string, reply: { status: number; body: object }) {
    return nock(`https://${shop}`)
      .post('/admin/oauth/access_token', {
        client_id: TEST_API_KEY,
        client_secret: TEST_API_SECRET,
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: sessionToken,
        subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
        requested_token_type: 'urn:shopify:params:oauth:token-type:offline-access-token',
        expiring: '0',
      })
      .reply(reply.status, reply.body);
  }

  it('exchanges the session token once and stores the offline token', async () => {
    const token = signSessionToken();
    const scope = mockTokenEndpoint(TEST_SHOP, token, {
      status: 200,
      body: { access_token: 'shpat_offline_test_token', scope: 'read_orders,read_customers' },
    });

    expect((await getSettings(TEST_SHOP, token)).status).toBe(200);
    expect(scope.isDone()).toBe(true);

    const stored = await sessions().find({}).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      id: `offline_${TEST_SHOP}`,
      shop: TEST_SHOP,
      isOnline: false,
      accessToken: 'shpat_offline_test_token',
      scope: 'read_orders,read_customers',
    });
    const shop = await db.models.Shop.findOne({ shop: TEST_SHOP }).lean();
    expect(shop?.installedAt).toEqual(new Date('2026-03-01T12:00:00Z'));

    // A second request finds the stored token; nock would reject another call to Shopify.
    expect((await getSettings()).status).toBe(200);
    expect(await sessions().countDocuments({})).toBe(1);
  });

  it('shares one exchange among concurrent requests', async () => {
    const token = signSessionToken();
    mockTokenEndpoint(TEST_SHOP, token, { status: 200, body: { access_token: 'shpat_once', scope: 'read_orders' } });

    const statuses = await Promise.all([1, 2, 3].map(async () => (await getSettings(TEST_SHOP, token)).status));
    expect(statuses).toEqual([200, 200, 200]);
    expect(await sessions().countDocuments({ shop: TEST_SHOP })).toBe(1);
  });

  it('serves the request and retries later when Shopify rejects the exchange', async () => {
    const token = signSessionToken();
    const failing = mockTokenEndpoint(TEST_SHOP, token, {
      status: 400,
      body: { error: 'invalid_subject_token', error_description: 'Session token is invalid.' },
    });

    expect((await getSettings(TEST_SHOP, token)).status).toBe(200);
    expect(failing.isDone()).toBe(true);
    expect(await sessions().countDocuments({})).toBe(0);

    const retryToken = signSessionToken();
    const retry = mockTokenEndpoint(TEST_SHOP, retryToken, {
      status: 200,
      body: { access_token: 'shpat_after_retry', scope: 'read_orders' },
    });
    expect((await getSettings(TEST_SHOP, retryToken)).status).toBe(200);
    expect(retry.isDone()).toBe(true);
    expect(await sessions().countDocuments({ accessToken: 'shpat_after_retry' })).toBe(1);
  });

  it('stores the token under the session token shop only', async () => {
    const token = signSessionToken({ shop: OTHER_SHOP });
    mockTokenEndpoint(OTHER_SHOP, token, { status: 200, body: { access_token: 'shpat_other', scope: 'read_orders' } });

    expect((await getSettings(OTHER_SHOP, token)).status).toBe(200);
    expect(await sessions().countDocuments({ shop: TEST_SHOP })).toBe(0);
    expect(await sessions().countDocuments({ shop: OTHER_SHOP })).toBe(1);
    expect(await db.models.Shop.countDocuments({ shop: TEST_SHOP })).toBe(0);
  });
});
