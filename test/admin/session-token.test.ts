import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createShop } from '../helpers/factories';
import { signSessionToken } from '../helpers/session-token';
import { OTHER_SHOP, TEST_SHOP } from '../helpers/shopify';

describe('admin session token check', () => {
  const db = useTestDatabase();
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(db.models);
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models, TEST_SHOP);
  });

  const getShop = (token?: string) =>
    fetch(`${app.baseUrl}/admin/api/shop`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('returns the token shop for a valid token', async () => {
    const response = await getShop(signSessionToken());
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ shop: TEST_SHOP, installed: true });
  });

  it('accepts the scheme name in any case', async () => {
    const response = await fetch(`${app.baseUrl}/admin/api/shop`, {
      headers: { authorization: `bearer ${signSessionToken()}` },
    });

    expect(response.status).toBe(200);
  });

  it('acts on the token shop only', async () => {
    const response = await getShop(signSessionToken({ shop: OTHER_SHOP }));
    expect(await response.json()).toMatchObject({ shop: OTHER_SHOP, installed: false });
  });

  it.each([
    ['missing', undefined],
    ['signed with another secret', signSessionToken({ secret: 'another-secret-0123456789abcdef' })],
    ['expired', signSessionToken({ nowSeconds: Math.floor(Date.now() / 1000) - 3600 })],
    ['for another app', signSessionToken({ claims: { aud: 'another-client-id' } })],
    ['with a dest that is no shop', signSessionToken({ claims: { dest: 'https://example.com' } })],
    ['with iss and dest of other shops', signSessionToken({ claims: { iss: `https://${OTHER_SHOP}/admin` } })],
    ['with a dest over http', signSessionToken({ claims: { dest: `http://${TEST_SHOP}` } })],
    ['with a user name in dest', signSessionToken({ claims: { dest: `https://${OTHER_SHOP}@${TEST_SHOP}` } })],
    ['without exp', signSessionToken({ claims: { exp: undefined } })],
    ['valid for a year', signSessionToken({ claims: { exp: Math.floor(Date.now() / 1000) + 365 * 24 * 3600 } })],
  ])('rejects a token that is %s with 401', async (_case, token) => {
    const response = await getShop(token);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('INVALID_SESSION_TOKEN');
  });
});
