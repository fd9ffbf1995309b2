import { ManualClock } from '../../server/clock';
import { sha256Hex } from '../../server/lib/hash';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { OTHER_SHOP, TEST_SHOP } from '../helpers/shopify';
import { callAdmin, callApi, DELETIONS_PATH } from './helpers';

describe('API key admin routes', () => {
  const db = useTestDatabase();
  let app: TestApp;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock('2026-03-01T09:00:00Z');
    app = await startTestApp(db.models, { clock });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    clock.set('2026-03-01T09:00:00Z');
    await clearDatabase(db.models);
  });

  it('creates a key and shows the full key once', async () => {
    const created = await callAdmin(app.baseUrl, '/api-keys', { method: 'POST', body: { name: '  ERP integration ' } });

    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^rik_[A-Za-z0-9_-]{43}$/);
    expect(created.body.apiKey).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: 'ERP integration',
      prefix: created.body.key.slice(0, 12),
      createdAt: '2026-03-01T09:00:00.000Z',
      lastUsedAt: null,
      revokedAt: null,
    });

    const listed = await callAdmin(app.baseUrl, '/api-keys');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ apiKeys: [created.body.apiKey] });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
  });

  it('stores only the hash of the key', async () => {
    const created = await callAdmin(app.baseUrl, '/api-keys', { method: 'POST', body: { name: 'Backups' } });

    const stored = await db.models.ApiKey.findById(created.body.apiKey.id).lean();
    expect(stored?.keyHash).toBe(sha256Hex(created.body.key));
    expect(JSON.stringify(stored)).not.toContain(created.body.key);
  });

  it.each([
    [{}, 'name', 'name is missing'],
    [{ name: '   ' }, 'name', 'name is empty'],
    [{ name: 42 }, 'name', 'name must be a string'],
    [{ name: 'x'.repeat(101) }, 'name', 'longer than 100 characters'],
    [{ name: 'ok', scopes: ['all'] }, 'scopes', 'Unknown field "scopes"'],
  ])('rejects body %j with 400', async (body, field, message) => {
    const response = await callAdmin(app.baseUrl, '/api-keys', { method: 'POST', body });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.field).toBe(field);
    expect(response.body.error.message).toContain(message);
    expect(await db.models.ApiKey.countDocuments()).toBe(0);
  });

  it('lists keys newest first with last use and revocation', async () => {
    const first = await callAdmin(app.baseUrl, '/api-keys', { method: 'POST', body: { name: 'First' } });
    clock.advance(60_000);
    const second = await callAdmin(app.baseUrl, '/api-keys', { method: 'POST', body: { name: 'Second' } });
    clock.advance(60_000);
    await callApi(app.baseUrl, DELETIONS_PATH, { key: first.body.key });
    clock.advance(60_000);
    expect((await callAdmin(app.baseUrl, `/api-keys/${second.body.apiKey.id}`, { method: 'DELETE' })).status).toBe(204);

    const listed = await callAdmin(app.baseUrl, '/api-keys');
    expect(listed.body.apiKeys.map((key: { name: string }) => key.name)).toEqual(['Second', 'First']);
    expect(listed.body.apiKeys[0].revokedAt).toBe('2026-03-01T09:03:00.000Z');
    expect(listed.body.apiKeys[0].lastUsedAt).toBeNull();
    expect(listed.body.apiKeys[1].lastUsedAt).toBe('2026-03-01T09:02:00.000Z');
    expect(listed.body.apiKeys[1].revokedAt).toBeNull();
  });

  it('revokes a key so the API rejects it', async () => {
    const created = await callAdmin(app.baseUrl, '/api-keys', { method: 'POST', body: { name: 'Old' } });
    expect((await callApi(app.baseUrl, DELETIONS_PATH, { key: created.body.key })).status).toBe(200);
    expect(await db.models.RateLimitSlot.countDocuments({ key: created.body.apiKey.id })).toBe(1);

    const revoked = await callAdmin(app.baseUrl, `/api-keys/${created.body.apiKey.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(204);
    expect(revoked.body).toBeUndefined();
    expect(await db.models.RateLimitSlot.countDocuments({ key: created.body.apiKey.id })).toBe(0);

    const rejected = await callApi(app.baseUrl, DELETIONS_PATH, { key: created.body.key });
    expect(rejected.status).toBe(401);
    expect(rejected.body.error.code).toBe('API_KEY_REVOKED');

    clock.advance(1000);
    expect((await callAdmin(app.baseUrl, `/api-keys/${created.body.apiKey.id}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    const stored = await db.models.ApiKey.findById(created.body.apiKey.id).lean();
    expect(stored?.revokedAt?.toISOString()).toBe('2026-03-01T09:00:00.000Z');
  });

  it('hides and protects keys of other shops', async () => {
    const theirs = await callAdmin(app.baseUrl, '/api-keys', {
      method: 'POST',
      shop: OTHER_SHOP,
      body: { name: 'Theirs' },
    });

    expect((await callAdmin(app.baseUrl, '/api-keys', { shop: TEST_SHOP })).body).toEqual({ apiKeys: [] });

    const revoke = await callAdmin(app.baseUrl, `/api-keys/${theirs.body.apiKey.id}`, {
      method: 'DELETE',
      shop: TEST_SHOP,
    });
    expect(revoke.status).toBe(404);
    expect(revoke.body.error.code).toBe('NOT_FOUND');
    expect((await db.models.ApiKey.findById(theirs.body.apiKey.id).lean())?.revokedAt).toBeUndefined();
  });

  it('returns 404 for a malformed key id', async () => {
    const response = await callAdmin(app.baseUrl, '/api-keys/not-an-id', { method: 'DELETE' });
    expect(response.status).toBe(404);
  });

  it('rejects requests without a session token', async () => {
    const response = await fetch(`${app.baseUrl}/admin/api/api-keys`);
    expect(response.status).toBe(401);
  });

  it('rejects a key over the active key limit with 409', async () => {
    for (let index = 0; index < 25; index += 1) {
      expect(
        (await callAdmin(app.baseUrl, '/api-keys', { method: 'POST', body: { name: `Key ${index}` } })).status,
      ).toBe(201);
    }

    const over = await callAdmin(app.baseUrl, '/api-keys', { method: 'POST', body: { name: 'One more' } });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('API_KEY_LIMIT_REACHED');
  });
});
