import { ManualClock } from '../../server/clock';
import { Worker } from '../../server/worker/worker';
import { postWebhook, startTestApp, type TestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/database';
import { createBccMessage, createInvitation, createReview, createShop } from '../helpers/factories';
import { capturingLogger } from '../helpers/logs';
import { customersRedactPayload, dataRequestPayload, signedWebhook } from '../helpers/shopify';

// Values that occur nowhere else, so a scan of the raw database cannot match by accident.
const target = {
  email: 'Scan.Target@Example.com',
  phone: '+4520304050',
  customerId: '7391846201',
  orderIds: ['880011', '880012'],
  name: 'Ingeborg Scanlund',
};

describe('customers/redact leaves nothing of the customer behind', () => {
  const db = useTestDatabase();
  const logs = capturingLogger('trace');
  const clock = new ManualClock('2026-03-01T00:00:00Z');
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(db.models, { clock, logger: logs.logger });
    await createShop(db.models);

    const byEmail = await createInvitation(db.models, {
      email: target.email,
      name: target.name,
      phone: target.phone,
      customerId: target.customerId,
      orderId: target.orderIds[0],
    });
    // Same person under another address, found only through the order id.
    await createInvitation(db.models, {
      email: 'ingeborg.private@example.org',
      name: target.name,
      phone: target.phone,
      customerId: target.customerId,
      orderId: target.orderIds[1],
    });
    await createBccMessage(db.models, {
      email: target.email,
      customerId: target.customerId,
      orderId: target.orderIds[0],
    });
    await createReview(db.models, byEmail.invitation._id, { displayName: target.name });
    await createInvitation(db.models, {
      email: 'someone.else@example.com',
      customerId: '55',
      orderId: '66',
      name: 'Other Person',
    });

    // A data export of the same customer holds copies of everything; it must go too.
    const worker = new Worker({ models: db.models, clock, logger: logs.logger, pollMs: 50, batchSize: 1 });
    await postWebhook(
      app.baseUrl,
      signedWebhook(
        'customers/data_request',
        dataRequestPayload({ email: target.email, customerId: Number(target.customerId) }),
      ),
    );
    await worker.drain();
    expect(await db.models.DataExport.countDocuments({ status: 'done' })).toBe(1);

    const response = await postWebhook(
      app.baseUrl,
      signedWebhook(
        'customers/redact',
        customersRedactPayload({
          email: target.email.toUpperCase(),
          customerId: Number(target.customerId),
          phone: target.phone,
          ordersToRedact: target.orderIds.map(Number),
        }),
      ),
    );
    expect(response.status).toBe(200);
    await worker.drain();
  });
  afterAll(() => app.close());

  it('finds no email, phone, name or id of the customer in any collection', async () => {
    const collections = await db.models.connection.db!.collections();
    expect(collections.length).toBeGreaterThanOrEqual(8);

    const needles = [
      target.email.toLowerCase(),
      'ingeborg.private@example.org',
      target.phone,
      target.customerId,
      ...target.orderIds,
      target.name,
    ];
    for (const collection of collections) {
      const dump = JSON.stringify(await collection.find({}).toArray()).toLowerCase();
      for (const needle of needles) {
        expect({
          collection: collection.collectionName,
          found: dump.includes(needle.toLowerCase()) ? needle : null,
        }).toEqual({
          collection: collection.collectionName,
          found: null,
        });
      }
    }
  });

  it('keeps the other customer and the review text', async () => {
    expect(await db.models.Invitation.countDocuments()).toBe(1);
    const review = await db.models.Review.findOne().lean();
    expect(review?.body).toBe('Arrived quickly and works well.');
    expect(review?.anonymized).toBe(true);
  });

  it('counts what it deleted in the history', async () => {
    const request = await db.models.DeletionRequest.findOne({ topic: 'customers/redact' }).lean();
    expect(request?.status).toBe('done');
    expect(request?.counts).toMatchObject({
      invitations: 2,
      bccMessages: 1,
      lastInvited: 2,
      dataExports: 1,
      reviewsAnonymized: 1,
    });
    expect(request?.scope).toEqual({ kind: 'customer', identifierCount: 4 });
  });

  it('logs no email, phone, name or id of the customer', () => {
    const text = logs.text().toLowerCase();
    for (const needle of [
      target.email.toLowerCase(),
      target.phone,
      target.customerId,
      target.name.toLowerCase(),
      ...target.orderIds,
    ]) {
      expect({ needle, logged: text.includes(needle) }).toEqual({ needle, logged: false });
    }
  });
});
