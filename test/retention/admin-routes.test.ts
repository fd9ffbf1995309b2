import { ManualClock } from '../../server/clock';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createShop } from '../helpers/factories';
import { signSessionToken } from '../helpers/session-token';
import { OTHER_SHOP, TEST_SHOP } from '../helpers/shopify';

const DEFAULTS = { bccMessagesDays: 30, invitationsDays: 1095, dataExportsDays: 30 };

describe('admin retention routes', () => {
  const db = useTestDatabase();
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(db.models, { clock: new ManualClock('2026-03-01T12:00:00Z') });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models, TEST_SHOP);
  });

  async function call(method: 'GET' | 'PUT', body?: unknown, shop = TEST_SHOP) {
    const response = await fetch(`${app.baseUrl}/admin/api/retention`, {
      method,
      headers: {
        authorization: `Bearer ${signSessionToken({ shop })}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  it('returns defaults and a stable inbound address', async () => {
    const first = await call('GET');

    expect(first.status).toBe(200);
    expect(first.body.periods).toEqual(DEFAULTS);
    expect(first.body.defaults).toEqual(DEFAULTS);
    expect(first.body.inboundAddress).toMatch(/^[0-9a-f]{40}@inbound\.localhost$/);
    expect((await call('GET')).body.inboundAddress).toBe(first.body.inboundAddress);
  });

  it('gives each shop its own address and stores no plain token', async () => {
    const mine = (await call('GET')).body.inboundAddress as string;
    const theirs = (await call('GET', undefined, OTHER_SHOP)).body.inboundAddress as string;

    expect(theirs).not.toBe(mine);
    const stored = JSON.stringify(await db.models.Shop.findOne({ shop: TEST_SHOP }).lean());
    expect(stored).not.toContain(mine.split('@')[0]);
  });

  it('stores shorter periods', async () => {
    const response = await call('PUT', { bccMessagesDays: 7, invitationsDays: 365 });

    expect(response.status).toBe(200);
    expect(response.body.periods).toEqual({ bccMessagesDays: 7, invitationsDays: 365, dataExportsDays: 30 });
    expect(response.body.defaults).toEqual(DEFAULTS);
    expect((await call('GET')).body.periods).toEqual({ bccMessagesDays: 7, invitationsDays: 365, dataExportsDays: 30 });
  });

  it('resets a period with null', async () => {
    await call('PUT', { dataExportsDays: 5 });

    const response = await call('PUT', { dataExportsDays: null });

    expect(response.body.periods.dataExportsDays).toBe(30);
    const stored = await db.models.Shop.findOne({ shop: TEST_SHOP }).lean();
    expect(stored?.retention?.dataExportsDays).toBeUndefined();
  });

  it('rejects a longer period naming the field', async () => {
    const response = await call('PUT', { bccMessagesDays: 45 });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('RETENTION_TOO_LONG');
    expect(response.body.error.field).toBe('bccMessagesDays');
    expect(response.body.error.message).toBe(
      'bccMessagesDays is 45 days, longer than the default of 30 days. Retention can only be shortened: choose 1 to 30, or null for the default.',
    );
    expect((await call('GET')).body.periods).toEqual(DEFAULTS);
  });

  it.each([
    [{ invitationsDays: 0 }, 'invitationsDays'],
    [{ invitationsDays: 2.5 }, 'invitationsDays'],
    [{ dataExportsDays: '10' }, 'dataExportsDays'],
    [{ webhookDays: 10 }, 'webhookDays'],
    [[7], 'body'],
  ])('rejects invalid body %j', async (body, field) => {
    const response = await call('PUT', body);

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.field).toBe(field);
  });

  it('changes nothing when one field is invalid', async () => {
    await call('PUT', { bccMessagesDays: 7, invitationsDays: 5000 });

    expect((await call('GET')).body.periods).toEqual(DEFAULTS);
  });

  it('requires a session token', async () => {
    const response = await fetch(`${app.baseUrl}/admin/api/retention`);

    expect(response.status).toBe(401);
  });
});
