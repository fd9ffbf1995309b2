import { DAY_MS, ManualClock } from '../../server/clock';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { OTHER_SHOP } from '../helpers/shopify';
import { callApi, createApiKey, DELETIONS_PATH } from './helpers';

describe('Idempotency-Key on POST deletions', () => {
  const db = useTestDatabase();
  let app: TestApp;
  let clock: ManualClock;
  let key: string;

  beforeAll(async () => {
    clock = new ManualClock('2026-03-01T09:00:00Z');
    app = await startTestApp(db.models, { clock, config: { API_RATE_LIMIT_PER_MINUTE: 1000 } });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    clock.set('2026-03-01T09:00:00Z');
    await clearDatabase(db.models);
    ({ key } = await createApiKey(app.baseUrl));
  });

  const post = (body: unknown, idempotencyKey?: string, apiKey = key) =>
    callApi(app.baseUrl, DELETIONS_PATH, {
      method: 'POST',
      key: apiKey,
      body,
      headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
    });

  it('replays the first response for the same key and body', async () => {
    const first = await post({ customerEmails: ['jane@example.com'] }, 'order-sync-1');
    clock.advance(60_000);
    const second = await post({ customerEmails: ['jane@example.com'] }, 'order-sync-1');

    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await db.models.DeletionRequest.countDocuments()).toBe(1);
  });

  it('treats reordered object keys as the same body', async () => {
    const first = await callApi(app.baseUrl, DELETIONS_PATH, {
      method: 'POST',
      key,
      rawBody: '{"customerEmails":["jane@example.com"]}',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k1' },
    });
    const second = await callApi(app.baseUrl, DELETIONS_PATH, {
      method: 'POST',
      key,
      rawBody: '{ "customerEmails" : [ "jane@example.com" ] }',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k1' },
    });

    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.deletion.id).toBe(first.body.deletion.id);
  });

  it('replays the first response even after the deletion ran', async () => {
    const first = await post({ deleteOlderThan: '2026-01-01' }, 'nightly-2026-03-01');
    await db.models.DeletionRequest.updateOne({ _id: first.body.deletion.id }, { $set: { status: 'done' } });

    const second = await post({ deleteOlderThan: '2026-01-01' }, 'nightly-2026-03-01');

    expect(second.body.deletion.status).toBe('pending');
    expect(second.body).toEqual(first.body);
  });

  it('rejects the same key with another body with 422', async () => {
    await post({ customerEmails: ['jane@example.com'] }, 'reused');

    const response = await post({ customerEmails: ['john@example.com'] }, 'reused');

    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
    expect(await db.models.DeletionRequest.countDocuments()).toBe(1);
    const stored = await db.models.DeletionRequest.findOne().lean();
    expect(stored?.scope.emails).toEqual(['jane@example.com']);
  });

  it('replays until 24 hours have passed, then starts a new request', async () => {
    const first = await post({ deleteOlderThan: '2026-01-01' }, 'daily');

    clock.advance(DAY_MS - 1);
    const within = await post({ deleteOlderThan: '2026-01-01' }, 'daily');
    expect(within.headers.get('idempotent-replayed')).toBe('true');
    expect(within.body.deletion.id).toBe(first.body.deletion.id);

    clock.advance(1);
    const after = await post({ deleteOlderThan: '2026-01-01' }, 'daily');
    expect(after.status).toBe(202);
    expect(after.headers.get('idempotent-replayed')).toBeNull();
    expect(after.body.deletion.id).not.toBe(first.body.deletion.id);

    const again = await post({ deleteOlderThan: '2026-01-01' }, 'daily');
    expect(again.body.deletion.id).toBe(after.body.deletion.id);
    expect(await db.models.DeletionRequest.countDocuments()).toBe(2);
  });

  it('accepts another body under an expired key', async () => {
    await post({ deleteOlderThan: '2026-01-01' }, 'daily');
    clock.advance(DAY_MS);

    const response = await post({ deleteOlderThan: '2026-02-01' }, 'daily');

    expect(response.status).toBe(202);
    expect(response.body.deletion.scope.before).toBe('2026-02-01T00:00:00.000Z');
  });

  it('keeps keys of different shops apart', async () => {
    const other = await createApiKey(app.baseUrl, OTHER_SHOP);

    const ours = await post({ deleteOlderThan: '2026-01-01' }, 'shared-name');
    const theirs = await post({ deleteOlderThan: '2026-01-01' }, 'shared-name', other.key);

    expect(theirs.status).toBe(202);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.deletion.id).not.toBe(ours.body.deletion.id);
  });

  it('does not use up the key on a 400', async () => {
    const invalid = await post({ customerEmails: [] }, 'fix-and-retry');
    expect(invalid.status).toBe(400);

    const valid = await post({ customerEmails: ['jane@example.com'] }, 'fix-and-retry');
    expect(valid.status).toBe(202);
    expect(valid.headers.get('idempotent-replayed')).toBeNull();
  });

  it('creates a request per call without a key', async () => {
    await post({ deleteOlderThan: '2026-01-01' });
    await post({ deleteOlderThan: '2026-01-01' });

    expect(await db.models.DeletionRequest.countDocuments()).toBe(2);
  });

  it('stores one deletion request for concurrent identical calls', async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => post({ customerEmails: ['jane@example.com'] }, 'burst')),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(202));
    const ids = new Set(responses.map((response) => response.body.deletion.id));
    expect(ids.size).toBe(1);
    expect(await db.models.DeletionRequest.countDocuments()).toBe(1);
    expect(await db.models.IdempotencyRecord.countDocuments()).toBe(1);
    for (const response of responses) {
      expect(response.headers.get('location')).toBe(`${DELETIONS_PATH}/${[...ids][0]}`);
    }
  });

  it('lets one of concurrent calls with different bodies win', async () => {
    const responses = await Promise.all(
      ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'].map((email) =>
        post({ customerEmails: [email] }, 'contested'),
      ),
    );

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([202, 422, 422, 422]);
    expect(await db.models.DeletionRequest.countDocuments()).toBe(1);
  });
});
