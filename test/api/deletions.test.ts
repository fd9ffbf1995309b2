import { ManualClock } from '../../server/clock';
import { toCustomerIdentifiers } from '../../server/privacy/customer-identifiers';
import { requestDeletion } from '../../server/privacy/deletion-service';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { OTHER_SHOP, TEST_SHOP } from '../helpers/shopify';
import { callAdmin, callApi, createApiKey, DELETIONS_PATH } from './helpers';

const NOW = '2026-03-01T09:00:00.000Z';

describe('deletions API', () => {
  const db = useTestDatabase();
  let app: TestApp;
  let clock: ManualClock;
  let key: string;

  beforeAll(async () => {
    clock = new ManualClock(NOW);
    app = await startTestApp(db.models, { clock });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    clock.set(NOW);
    await clearDatabase(db.models);
    ({ key } = await createApiKey(app.baseUrl));
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    callApi(app.baseUrl, DELETIONS_PATH, { method: 'POST', key, body, headers });

  describe('authentication', () => {
    it.each([
      ['POST', DELETIONS_PATH],
      ['GET', DELETIONS_PATH],
      ['GET', `${DELETIONS_PATH}/65f000000000000000000001`],
    ])('%s %s without a key answers 401', async (method, path) => {
      const response = await callApi(app.baseUrl, path, { method, body: method === 'POST' ? {} : undefined });

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api"');
      expect(response.body.error.code).toBe('MISSING_API_KEY');
      expect(response.body.error.requestId).toBe(response.headers.get('x-request-id'));
    });

    it.each([
      ['a malformed key', 'Bearer not-a-key'],
      ['an unknown key', `Bearer rik_${'A'.repeat(43)}`],
      ['another scheme', `Basic ${Buffer.from('user:pass').toString('base64')}`],
      ['a bare key', `rik_${'A'.repeat(43)}`],
    ])('rejects %s with 401 invalid_token', async (_case, authorization) => {
      const response = await callApi(app.baseUrl, DELETIONS_PATH, { headers: { authorization } });

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api", error="invalid_token"');
      expect(response.body.error.code).toBe('INVALID_API_KEY');
    });

    it('rejects a revoked key and stores nothing', async () => {
      const revoked = await createApiKey(app.baseUrl, TEST_SHOP, 'Old');
      await callAdmin(app.baseUrl, `/api-keys/${revoked.id}`, { method: 'DELETE' });

      const response = await callApi(app.baseUrl, DELETIONS_PATH, {
        method: 'POST',
        key: revoked.key,
        body: { customerEmails: ['jane@example.com'] },
      });

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api", error="invalid_token"');
      expect(response.body.error.code).toBe('API_KEY_REVOKED');
      expect(await db.models.DeletionRequest.countDocuments()).toBe(0);
    });

    it('records the last use of the key', async () => {
      clock.set('2026-03-01T10:30:00Z');
      await callApi(app.baseUrl, DELETIONS_PATH, { key });

      const listed = await callAdmin(app.baseUrl, '/api-keys');
      expect(listed.body.apiKeys[0].lastUsedAt).toBe('2026-03-01T10:30:00.000Z');
    });
  });

  describe('POST', () => {
    it('queues a deletion for customer emails', async () => {
      const response = await post({ customerEmails: ['Jane@Example.com', 'jane@example.com', 'john@example.com'] });

      expect(response.status).toBe(202);
      const id = response.body.deletion.id;
      expect(response.headers.get('location')).toBe(`/api/v1/invitation-data/deletions/${id}`);
      expect(response.headers.get('idempotent-replayed')).toBeNull();
      expect(response.body).toEqual({
        deletion: {
          id: expect.stringMatching(/^[0-9a-f]{24}$/),
          status: 'pending',
          source: 'api',
          scope: { kind: 'customer', identifierCount: 2 },
          counts: {
            invitations: 0,
            bccMessages: 0,
            lastInvited: 0,
            dataExports: 0,
            reviewsAnonymized: 0,
            reviews: 0,
            sessions: 0,
            shops: 0,
            webhookDeliveries: 0,
          },
          requestedAt: NOW,
          startedAt: null,
          finishedAt: null,
        },
      });

      const stored = await db.models.DeletionRequest.findById(id).lean();
      expect(stored?.shop).toBe(TEST_SHOP);
      expect(stored?.source).toBe('api');
      expect(stored?.scope.kind).toBe('customer');
      expect(stored?.scope.emails).toEqual(['jane@example.com', 'john@example.com']);
    });

    it('accepts 1000 addresses', async () => {
      const emails = Array.from({ length: 1000 }, (_, index) => `customer${index}@example.com`);

      const response = await post({ customerEmails: emails });

      expect(response.status).toBe(202);
      expect(response.body.deletion.scope).toEqual({ kind: 'customer', identifierCount: 1000 });
    });

    it.each([
      ['2026-01-31', '2026-01-31T00:00:00.000Z'],
      ['2026-01-31T10:00:00+02:00', '2026-01-31T08:00:00.000Z'],
      ['2026-01-31T10:00:00.250Z', '2026-01-31T10:00:00.250Z'],
      [NOW, NOW],
    ])('queues a deletion older than %s', async (deleteOlderThan, before) => {
      const response = await post({ deleteOlderThan });

      expect(response.status).toBe(202);
      expect(response.body.deletion.scope).toEqual({ kind: 'before_date', before });
      const stored = await db.models.DeletionRequest.findById(response.body.deletion.id).lean();
      expect(stored?.scope.before?.toISOString()).toBe(before);
    });

    it.each([
      ['an empty object', {}, 'body', 'names nothing to delete'],
      [
        'both fields',
        { customerEmails: ['a@example.com'], deleteOlderThan: '2026-01-01' },
        'deleteOlderThan',
        'not both',
      ],
      ['an empty list', { customerEmails: [] }, 'customerEmails', 'customerEmails is empty'],
      ['a string for the list', { customerEmails: 'a@example.com' }, 'customerEmails', 'must be a list'],
      [
        'an invalid address',
        { customerEmails: ['jane@example.com', 'not-an-email'] },
        'customerEmails[1]',
        'customerEmails[1] is not a valid email address',
      ],
      ['a number as address', { customerEmails: [42] }, 'customerEmails[0]', 'not a valid email address'],
      [
        '1001 addresses',
        { customerEmails: Array.from({ length: 1001 }, (_, index) => `c${index}@example.com`) },
        'customerEmails',
        'more than 1000 addresses',
      ],
      ['a day-first date', { deleteOlderThan: '31-01-2026' }, 'deleteOlderThan', 'not a valid ISO 8601 date'],
      ['an impossible date', { deleteOlderThan: '2026-02-30' }, 'deleteOlderThan', 'not a valid ISO 8601 date'],
      ['a time without zone', { deleteOlderThan: '2026-01-31T00:00:00' }, 'deleteOlderThan', 'with a time zone'],
      ['a number as date', { deleteOlderThan: 20260131 }, 'deleteOlderThan', 'not a valid ISO 8601 date'],
      ['a future date', { deleteOlderThan: '2026-03-02' }, 'deleteOlderThan', 'in the future'],
      ['an unknown field', { customerEmails: ['a@example.com'], dryRun: true }, 'dryRun', 'Unknown field "dryRun"'],
      ['an array body', [{ customerEmails: ['a@example.com'] }], 'body', 'must be a JSON object'],
    ])('rejects %s with 400', async (_case, body, field, message) => {
      const response = await post(body);

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.field).toBe(field);
      expect(response.body.error.message).toContain(message);
      expect(await db.models.DeletionRequest.countDocuments()).toBe(0);
    });

    it('rejects invalid JSON with 400', async () => {
      const response = await callApi(app.baseUrl, DELETIONS_PATH, {
        method: 'POST',
        key,
        rawBody: '{"customerEmails": [',
        headers: { 'content-type': 'application/json' },
      });

      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'INVALID_JSON', field: 'body' });
    });

    it('rejects a body that is not JSON with 400', async () => {
      const response = await callApi(app.baseUrl, DELETIONS_PATH, {
        method: 'POST',
        key,
        rawBody: 'customerEmails=jane@example.com',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });

      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe('body');
      expect(response.body.error.message).toContain('Content-Type: application/json');
    });

    it.each([
      ['a Latin-1 charset', { 'content-type': 'application/json; charset=iso-8859-1' }],
      ['an unknown encoding', { 'content-type': 'application/json', 'content-encoding': 'compress' }],
    ])('rejects %s with 415', async (_case, headers) => {
      const response = await callApi(app.baseUrl, DELETIONS_PATH, {
        method: 'POST',
        key,
        rawBody: JSON.stringify({ customerEmails: ['jane@example.com'] }),
        headers,
      });

      expect(response.status).toBe(415);
      expect(response.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(await db.models.DeletionRequest.countDocuments()).toBe(0);
    });

    it('rejects a malformed Idempotency-Key with 400', async () => {
      const response = await post({ deleteOlderThan: '2026-01-01' }, { 'idempotency-key': 'x'.repeat(256) });

      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe('Idempotency-Key');
      expect(await db.models.DeletionRequest.countDocuments()).toBe(0);
    });

    it('rejects a body over 512 KiB with 413', async () => {
      const rawBody = JSON.stringify({ customerEmails: [`${'a'.repeat(530_000)}@example.com`] });

      const response = await callApi(app.baseUrl, DELETIONS_PATH, {
        method: 'POST',
        key,
        rawBody,
        headers: { 'content-type': 'application/json' },
      });

      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await db.models.DeletionRequest.countDocuments()).toBe(0);
    });
  });

  describe('GET one', () => {
    it('returns the request the Location header names', async () => {
      const created = await post({ deleteOlderThan: '2026-02-01' });

      const response = await callApi(app.baseUrl, created.headers.get('location')!, { key });

      expect(response.status).toBe(200);
      expect(response.body).toEqual(created.body);
    });

    it('returns the same 404 for foreign, unknown and malformed ids', async () => {
      const other = await createApiKey(app.baseUrl, OTHER_SHOP);
      const theirs = await callApi(app.baseUrl, DELETIONS_PATH, {
        method: 'POST',
        key: other.key,
        body: { deleteOlderThan: '2026-02-01' },
      });
      expect(theirs.status).toBe(202);

      const responses = await Promise.all(
        [theirs.body.deletion.id, '65f000000000000000000001', 'not-an-id'].map((id) =>
          callApi(app.baseUrl, `${DELETIONS_PATH}/${id}`, { key }),
        ),
      );

      for (const response of responses) {
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe('NOT_FOUND');
        expect(response.body.error.message).toBe('No deletion request with this id exists for this shop.');
      }
    });
  });

  describe('GET list', () => {
    async function seedHistory() {
      const ids: string[] = [];
      for (const day of ['01', '02', '03']) {
        clock.set(`2026-02-${day}T08:00:00Z`);
        ids.push((await post({ deleteOlderThan: '2026-01-01' })).body.deletion.id);
      }
      // Same requestedAt as the last one: the id decides the order.
      ids.push((await post({ customerEmails: ['jane@example.com'] })).body.deletion.id);
      const webhook = await requestDeletion(db.models, {
        shop: TEST_SHOP,
        source: 'webhook',
        scope: { kind: 'customer', identifiers: toCustomerIdentifiers({ customerId: 7, emails: ['x@example.com'] }) },
        requestedAt: new Date('2026-02-04T08:00:00Z'),
      });
      ids.push(webhook.id);
      await requestDeletion(db.models, {
        shop: OTHER_SHOP,
        source: 'api',
        scope: { kind: 'before_date', before: new Date('2026-01-01T00:00:00Z') },
        requestedAt: new Date('2026-02-05T08:00:00Z'),
      });
      clock.set(NOW);
      return ids.reverse();
    }

    it('pages through the shop history newest first', async () => {
      const newestFirst = await seedHistory();

      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
        const page = await callApi(app.baseUrl, `${DELETIONS_PATH}${query}`, { key });
        expect(page.status).toBe(200);
        sizes.push(page.body.deletions.length);
        seen.push(...page.body.deletions.map((deletion: { id: string }) => deletion.id));
        cursor = page.body.nextCursor;
      } while (cursor && sizes.length < 10);

      expect(sizes).toEqual([2, 2, 1]);
      expect(seen).toEqual(newestFirst);
    });

    it('shows requests of every source with their scope', async () => {
      await seedHistory();

      const page = await callApi(app.baseUrl, DELETIONS_PATH, { key });

      expect(page.body.nextCursor).toBeNull();
      expect(page.body.deletions).toHaveLength(5);
      expect(page.body.deletions[0]).toMatchObject({
        source: 'webhook',
        scope: { kind: 'customer', identifierCount: 2 },
        requestedAt: '2026-02-04T08:00:00.000Z',
      });
      expect(page.body.deletions[1]).toMatchObject({ source: 'api', scope: { kind: 'customer', identifierCount: 1 } });
    });

    it.each([
      ['?limit=0', 'limit', 'from 1 to 100'],
      ['?limit=101', 'limit', 'from 1 to 100'],
      ['?limit=ten', 'limit', 'from 1 to 100'],
      ['?limit=1&limit=2', 'limit', 'given once'],
      ['?cursor=bm90LWEtY3Vyc29y', 'cursor', 'cursor is not valid'],
      ['?page=2', 'page', 'Unknown field "page"'],
    ])('rejects %s with 400', async (query, field, message) => {
      const response = await callApi(app.baseUrl, `${DELETIONS_PATH}${query}`, { key });

      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe(field);
      expect(response.body.error.message).toContain(message);
    });
  });
});
