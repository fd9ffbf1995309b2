import pino from 'pino';

import { ManualClock } from '../../server/clock';
import { postWebhook, startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createShop } from '../helpers/factories';
import { fulfilledOrderPayload, OTHER_SHOP, signedWebhook, TEST_SHOP } from '../helpers/shopify';

describe('orders/fulfilled webhook', () => {
  const db = useTestDatabase();
  const lines: string[] = [];
  let app: TestApp;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock('2026-02-01T12:00:00Z');
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    app = await startTestApp(db.models, { clock, logger });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models, TEST_SHOP);
    lines.length = 0;
  });

  it('schedules invitation from order fields', async () => {
    const response = await postWebhook(
      app.baseUrl,
      signedWebhook('orders/fulfilled', fulfilledOrderPayload({ locale: 'da', fulfilledAt: '2026-01-31T08:30:00Z' })),
    );

    expect(response).toEqual({ status: 200, body: '{"status":"accepted"}' });
    const invitations = await db.models.Invitation.find().lean();
    expect(invitations).toHaveLength(1);
    expect(invitations[0]).toMatchObject({
      shop: TEST_SHOP,
      email: 'jon@example.com',
      name: 'Jon Snow',
      customerId: '207119551',
      orderId: '450789469',
      orderName: '#9999',
      locale: 'da',
      source: 'order',
      status: 'scheduled',
      scheduledFor: new Date('2026-02-07T08:30:00Z'),
      products: [
        { productId: '632910392', title: 'IPod Nano - 8GB' },
        { productId: '921728736', title: 'IPod Touch 8GB' },
      ],
    });
  });

  it('handles repeated delivery once', async () => {
    const delivery = signedWebhook('orders/fulfilled', fulfilledOrderPayload());

    expect((await postWebhook(app.baseUrl, delivery)).body).toBe('{"status":"accepted"}');
    expect((await postWebhook(app.baseUrl, delivery)).body).toBe('{"status":"duplicate"}');

    expect(await db.models.Invitation.countDocuments()).toBe(1);
    expect(await db.models.SkipCounter.countDocuments()).toBe(0);
    expect(await db.models.WebhookDelivery.countDocuments({ topic: 'orders/fulfilled' })).toBe(1);
  });

  it('counts same order as duplicate', async () => {
    await postWebhook(app.baseUrl, signedWebhook('orders/fulfilled', fulfilledOrderPayload()));
    await postWebhook(app.baseUrl, signedWebhook('orders/fulfilled', fulfilledOrderPayload()));

    expect(await db.models.Invitation.countDocuments()).toBe(1);
    const counters = await db.models.SkipCounter.find().lean();
    expect(counters.map(({ reason, count }) => ({ reason, count }))).toEqual([{ reason: 'duplicate_order', count: 1 }]);
  });

  it('ignores order without email', async () => {
    const response = await postWebhook(
      app.baseUrl,
      signedWebhook('orders/fulfilled', fulfilledOrderPayload({ email: null, firstName: 'Arya' })),
    );

    expect(response).toEqual({ status: 200, body: '{"status":"ignored"}' });
    expect(await db.models.Invitation.countDocuments()).toBe(0);
    const logged = lines.map((line) => JSON.parse(line)).find((line) => line.msg === 'Webhook ignored');
    expect(logged).toMatchObject({ shop: TEST_SHOP, reason: 'order has no valid email address; no invitation made' });
    expect(lines.join('\n')).not.toMatch(/Arya|Snow|207119551/);
  });

  it('ignores malformed email', async () => {
    const response = await postWebhook(
      app.baseUrl,
      signedWebhook('orders/fulfilled', fulfilledOrderPayload({ email: 'jon at example' })),
    );

    expect(response).toEqual({ status: 200, body: '{"status":"ignored"}' });
    expect(await db.models.Invitation.countDocuments()).toBe(0);
  });

  it('ignores unknown shop', async () => {
    const response = await postWebhook(
      app.baseUrl,
      signedWebhook('orders/fulfilled', fulfilledOrderPayload(), { headers: { 'x-shopify-shop-domain': OTHER_SHOP } }),
    );

    expect(response).toEqual({ status: 200, body: '{"status":"ignored"}' });
    expect(await db.models.Invitation.countDocuments()).toBe(0);
  });

  it('rejects wrong signature', async () => {
    const response = await postWebhook(
      app.baseUrl,
      signedWebhook('orders/fulfilled', fulfilledOrderPayload(), { secret: 'someone-else-0123456789' }),
    );

    expect(response.status).toBe(401);
    expect(await db.models.Invitation.countDocuments()).toBe(0);
  });

  it('returns 400 naming bad field', async () => {
    const response = await postWebhook(
      app.baseUrl,
      signedWebhook('orders/fulfilled', { ...fulfilledOrderPayload(), line_items: 'none' }),
    );

    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'line_items' });
  });
});
