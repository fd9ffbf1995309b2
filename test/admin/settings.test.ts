import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createShop } from '../helpers/factories';
import { OTHER_SHOP, TEST_SHOP } from '../helpers/shopify';
import { callAdmin } from './admin-api';

describe('admin settings routes', () => {
  const db = useTestDatabase();
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(db.models);
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models, TEST_SHOP);
    await createShop(db.models, OTHER_SHOP);
  });

  it('returns defaults before anything is saved', async () => {
    const response = await callAdmin(app.baseUrl, 'GET', '/settings');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ settings: { delayDays: 7, frequency: '3y' } });
  });

  it('saves and returns new settings', async () => {
    const saved = await callAdmin(app.baseUrl, 'PUT', '/settings', { body: { delayDays: 14, frequency: '90d' } });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ settings: { delayDays: 14, frequency: '90d' } });

    const loaded = await callAdmin(app.baseUrl, 'GET', '/settings');
    expect(loaded.body).toEqual({ settings: { delayDays: 14, frequency: '90d' } });
    const stored = await db.models.Shop.findOne({ shop: TEST_SHOP }).lean();
    expect(stored?.settings).toEqual({ delayDays: 14, frequency: '90d' });
  });

  it.each([
    ['delay below 0', { delayDays: -1, frequency: '3y' }, 'delayDays'],
    ['delay above 90', { delayDays: 91, frequency: '3y' }, 'delayDays'],
    ['fractional delay', { delayDays: 1.5, frequency: '3y' }, 'delayDays'],
    ['delay as text', { delayDays: '7', frequency: '3y' }, 'delayDays'],
    ['unknown frequency', { delayDays: 7, frequency: 'weekly' }, 'frequency'],
    ['missing frequency', { delayDays: 7 }, 'frequency'],
  ])('rejects %s with 400 naming the field', async (_case, body, field) => {
    const response = await callAdmin(app.baseUrl, 'PUT', '/settings', { body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.field).toBe(field);
    expect(response.body.error.message).toMatch(new RegExp(`^${field}: `));
  });

  it('accepts the bounds 0 and 90', async () => {
    expect(
      (await callAdmin(app.baseUrl, 'PUT', '/settings', { body: { delayDays: 0, frequency: 'every_order' } })).status,
    ).toBe(200);
    expect(
      (await callAdmin(app.baseUrl, 'PUT', '/settings', { body: { delayDays: 90, frequency: '1y' } })).status,
    ).toBe(200);
  });

  it('never reads or changes another shop', async () => {
    await callAdmin(app.baseUrl, 'PUT', '/settings', { shop: OTHER_SHOP, body: { delayDays: 30, frequency: '30d' } });

    const own = await callAdmin(app.baseUrl, 'GET', '/settings');
    expect(own.body).toEqual({ settings: { delayDays: 7, frequency: '3y' } });

    await callAdmin(app.baseUrl, 'PUT', '/settings', { body: { delayDays: 1, frequency: '1y' } });
    const other = await db.models.Shop.findOne({ shop: OTHER_SHOP }).lean();
    expect(other?.settings).toEqual({ delayDays: 30, frequency: '30d' });
  });
});
