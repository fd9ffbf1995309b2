import { ManualClock } from '../../server/clock';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { callApi, createApiKey, DELETIONS_PATH } from './helpers';

describe('API rate limit', () => {
  const db = useTestDatabase();
  let app: TestApp;
  let secondApp: TestApp;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock('2026-03-01T09:00:20Z');
    app = await startTestApp(db.models, { clock, config: { API_RATE_LIMIT_PER_MINUTE: 3 } });
    secondApp = await startTestApp(db.models, { clock, config: { API_RATE_LIMIT_PER_MINUTE: 3 } });
  });
  afterAll(async () => {
    await app.close();
    await secondApp.close();
  });
  beforeEach(async () => {
    clock.set('2026-03-01T09:00:20Z');
    await clearDatabase(db.models);
  });

  it('returns 429 with Retry-After past the limit', async () => {
    const { key } = await createApiKey(app.baseUrl);

    const remaining: Array<string | null> = [];
    for (let index = 0; index < 3; index += 1) {
      const response = await callApi(app.baseUrl, DELETIONS_PATH, { key });
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe('3');
      expect(response.headers.get('ratelimit-reset')).toBe('40');
      remaining.push(response.headers.get('ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const limited = await callApi(app.baseUrl, DELETIONS_PATH, {
      method: 'POST',
      key,
      body: { deleteOlderThan: '2026-01-01' },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('40');
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.body.error.message).toContain('Wait 40 seconds');
    expect(await db.models.DeletionRequest.countDocuments()).toBe(0);
  });

  it('counts each key on its own', async () => {
    const first = await createApiKey(app.baseUrl, undefined, 'First');
    const second = await createApiKey(app.baseUrl, undefined, 'Second');
    for (let index = 0; index < 3; index += 1) await callApi(app.baseUrl, DELETIONS_PATH, { key: first.key });

    expect((await callApi(app.baseUrl, DELETIONS_PATH, { key: first.key })).status).toBe(429);
    expect((await callApi(app.baseUrl, DELETIONS_PATH, { key: second.key })).status).toBe(200);
  });

  it('allows requests again in the next window', async () => {
    const { key } = await createApiKey(app.baseUrl);
    for (let index = 0; index < 4; index += 1) await callApi(app.baseUrl, DELETIONS_PATH, { key });

    clock.set('2026-03-01T09:00:59.999Z');
    const lastMillisecond = await callApi(app.baseUrl, DELETIONS_PATH, { key });
    expect(lastMillisecond.status).toBe(429);
    expect(lastMillisecond.headers.get('retry-after')).toBe('1');

    clock.set('2026-03-01T09:01:00Z');
    const next = await callApi(app.baseUrl, DELETIONS_PATH, { key });
    expect(next.status).toBe(200);
    expect(next.headers.get('ratelimit-remaining')).toBe('2');
    expect(await db.models.RateLimitSlot.countDocuments()).toBe(1);
  });

  it('shares the count between app instances', async () => {
    const { key } = await createApiKey(app.baseUrl);

    const statuses: number[] = [];
    for (const baseUrl of [app.baseUrl, secondApp.baseUrl, app.baseUrl, secondApp.baseUrl]) {
      statuses.push((await callApi(baseUrl, DELETIONS_PATH, { key })).status);
    }

    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('lets exactly the limit through in a concurrent burst', async () => {
    const { key } = await createApiKey(app.baseUrl);

    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        callApi(index % 2 ? secondApp.baseUrl : app.baseUrl, DELETIONS_PATH, { key }),
      ),
    );

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    expect(await db.models.RateLimitSlot.countDocuments()).toBe(3);
  });
});
