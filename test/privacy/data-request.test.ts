import pino from 'pino';

import { ManualClock } from '../../server/clock';
import { Worker } from '../../server/worker/worker';
import { postWebhook, startTestApp, type TestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/database';
import { createBccMessage, createInvitation, createReview, createShop } from '../helpers/factories';
import { OTHER_SHOP, dataRequestPayload, signedWebhook } from '../helpers/shopify';

describe('customers/data_request', () => {
  const db = useTestDatabase();
  const clock = new ManualClock('2026-06-01T08:00:00Z');
  let app: TestApp;
  let exported: Record<string, any>;

  beforeAll(async () => {
    app = await startTestApp(db.models, { clock });
    await createShop(db.models);
    await createShop(db.models, OTHER_SHOP);
    const { invitation } = await createInvitation(db.models, {
      email: 'John@Example.com',
      customerId: '191167',
      orderId: '1001',
    });
    await createInvitation(db.models, { email: 'other.address@example.com', customerId: '191167', orderId: '1002' });
    await createInvitation(db.models, { email: 'jane@example.com', customerId: '200', orderId: '2001' });
    await createInvitation(db.models, { shop: OTHER_SHOP, email: 'john@example.com', customerId: '191167' });
    await createBccMessage(db.models, { email: 'john@example.com' });
    await createReview(db.models, invitation._id);

    const response = await postWebhook(app.baseUrl, signedWebhook('customers/data_request', dataRequestPayload()));
    expect(response.status).toBe(200);
    expect(await db.models.DataExport.countDocuments({ status: 'pending' })).toBe(1);

    await new Worker({
      models: db.models,
      clock,
      logger: pino({ level: 'silent' }),
      pollMs: 50,
      batchSize: 10,
    }).drain();
    const stored = await db.models.DataExport.findOne().lean();
    expect(stored?.status).toBe('done');
    exported = stored!.data as Record<string, any>;
  });
  afterAll(() => app.close());

  it('exports the customer invitations of that shop only', () => {
    expect(exported.invitations.map((invitation: { orderId: string }) => invitation.orderId).sort()).toEqual([
      '1001',
      '1002',
    ]);
    expect(exported.shop).toBe('test-shop.myshopify.com');
  });

  it('includes BCC messages, last-invited records and linked reviews', () => {
    expect(exported.bccMessages).toHaveLength(1);
    expect(exported.lastInvited.map((record: { emailLower: string }) => record.emailLower).sort()).toEqual([
      'john@example.com',
      'other.address@example.com',
    ]);
    expect(exported.reviews).toHaveLength(1);
    expect(exported.reviews[0].body).toBe('Arrived quickly and works well.');
  });

  it('leaves out the link token hash', () => {
    expect(JSON.stringify(exported)).not.toContain('tokenHash');
  });

  it('keeps the export for 30 days and names the Shopify data request', async () => {
    const stored = await db.models.DataExport.findOne().lean();
    expect(stored?.expiresAt).toEqual(new Date('2026-07-01T08:00:00Z'));
    expect(stored?.dataRequestId).toBe('9999');
    expect(exported.generatedAt).toBe('2026-06-01T08:00:00.000Z');
  });
});
