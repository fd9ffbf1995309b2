import pino from 'pino';

import { ManualClock } from '../../server/clock';
import { Worker } from '../../server/worker/worker';
import { startTestApp, postWebhook, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createBccMessage, createInvitation, createReview, createShop } from '../helpers/factories';
import { OTHER_SHOP, TEST_SHOP, customersRedactPayload, signedWebhook } from '../helpers/shopify';

describe('customers/redact webhook', () => {
  const db = useTestDatabase();
  let app: TestApp;
  let clock: ManualClock;

  const worker = () =>
    new Worker({ models: db.models, clock, logger: pino({ level: 'silent' }), pollMs: 50, batchSize: 2 });

  beforeAll(async () => {
    clock = new ManualClock('2026-02-01T12:00:00Z');
    app = await startTestApp(db.models, { clock });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models, TEST_SHOP);
    await createShop(db.models, OTHER_SHOP);
  });

  async function linkStatus(token: string) {
    return (await fetch(`${app.baseUrl}/r/${token}`)).status;
  }

  it('deletes the customer and leaves other customers and shops alone', async () => {
    const john = await createInvitation(db.models, {
      email: 'John@Example.com',
      customerId: '191167',
      orderId: '1001',
    });
    const johnAgain = await createInvitation(db.models, {
      email: 'john@example.com',
      customerId: '191167',
      orderId: '1002',
    });
    const jane = await createInvitation(db.models, { email: 'jane@example.com', customerId: '200', orderId: '2001' });
    const johnElsewhere = await createInvitation(db.models, {
      shop: OTHER_SHOP,
      email: 'john@example.com',
      customerId: '191167',
    });
    await createBccMessage(db.models, { email: 'JOHN@example.com' });
    const review = await createReview(db.models, john.invitation._id);

    const response = await postWebhook(
      app.baseUrl,
      signedWebhook('customers/redact', customersRedactPayload({ email: 'john@EXAMPLE.com' })),
    );
    expect(response.status).toBe(200);
    expect(await linkStatus(john.token)).toBe(200);

    await worker().drain();

    expect(await linkStatus(john.token)).toBe(410);
    expect(await linkStatus(johnAgain.token)).toBe(410);
    expect(await linkStatus(jane.token)).toBe(200);
    expect(await linkStatus(johnElsewhere.token)).toBe(200);

    const request = await db.models.DeletionRequest.findOne({ shop: TEST_SHOP }).lean();
    expect(request?.status).toBe('done');
    expect(request?.source).toBe('webhook');
    expect(request?.counts).toMatchObject({ invitations: 2, bccMessages: 1, lastInvited: 1, reviewsAnonymized: 1 });

    const keptReview = await db.models.Review.findById(review._id).lean();
    expect(keptReview?.body).toBe('Arrived quickly and works well.');
    expect(keptReview?.displayName).toBe('Anonymous');
    expect(keptReview?.invitationId).toBeUndefined();

    expect(await db.models.LastInvited.countDocuments({ shop: OTHER_SHOP })).toBe(1);
    expect(await db.models.LastInvited.countDocuments({ shop: TEST_SHOP, emailLower: 'jane@example.com' })).toBe(1);
  });
});
