import pino from 'pino';

import { ManualClock } from '../../server/clock';
import { SESSION_COLLECTION } from '../../server/db/models';
import { Worker } from '../../server/worker/worker';
import { postWebhook, startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createBccMessage, createInvitation, createReview, createShop } from '../helpers/factories';
import { OTHER_SHOP, TEST_SHOP, appUninstalledPayload, shopRedactPayload, signedWebhook } from '../helpers/shopify';

describe('shop/redact and app/uninstalled', () => {
  const db = useTestDatabase();
  const clock = new ManualClock('2026-05-01T00:00:00Z');
  let app: TestApp;
  const drain = () =>
    new Worker({ models: db.models, clock, logger: pino({ level: 'silent' }), pollMs: 50, batchSize: 2 }).drain();

  beforeAll(async () => {
    app = await startTestApp(db.models, { clock });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await clearDatabase(db.models);
    for (const shop of [TEST_SHOP, OTHER_SHOP]) {
      await createShop(db.models, shop);
      const { invitation } = await createInvitation(db.models, { shop, email: 'a@example.com' });
      await createInvitation(db.models, { shop, email: 'b@example.com', customerId: '2' });
      await createInvitation(db.models, { shop, email: 'c@example.com', customerId: '3' });
      await createBccMessage(db.models, { shop });
      await createReview(db.models, invitation._id, { shop });
      await db.models.connection
        .collection(SESSION_COLLECTION)
        .insertOne({ id: `offline_${shop}`, shop, accessToken: 'shpat_secret' });
    }
  });

  async function countsFor(shop: string) {
    return {
      shops: await db.models.Shop.countDocuments({ shop }),
      invitations: await db.models.Invitation.countDocuments({ shop }),
      lastInvited: await db.models.LastInvited.countDocuments({ shop }),
      bccMessages: await db.models.BccMessage.countDocuments({ shop }),
      reviews: await db.models.Review.countDocuments({ shop }),
      sessions: await db.models.connection.collection(SESSION_COLLECTION).countDocuments({ shop }),
    };
  }

  it('shop/redact deletes everything of that shop, settings and tokens included', async () => {
    const response = await postWebhook(app.baseUrl, signedWebhook('shop/redact', shopRedactPayload(TEST_SHOP)));
    expect(response.status).toBe(200);

    await drain();

    expect(await countsFor(TEST_SHOP)).toEqual({
      shops: 0,
      invitations: 0,
      lastInvited: 0,
      bccMessages: 0,
      reviews: 0,
      sessions: 0,
    });
    expect(await countsFor(OTHER_SHOP)).toEqual({
      shops: 1,
      invitations: 3,
      lastInvited: 3,
      bccMessages: 1,
      reviews: 1,
      sessions: 1,
    });
    const request = await db.models.DeletionRequest.findOne({ shop: TEST_SHOP }).lean();
    expect(request?.counts).toMatchObject({
      invitations: 3,
      lastInvited: 3,
      bccMessages: 1,
      reviews: 1,
      sessions: 1,
      shops: 1,
      webhookDeliveries: 1,
    });
  });

  it('shop/redact for a shop the app never saw answers 200 and changes nothing', async () => {
    const response = await postWebhook(
      app.baseUrl,
      signedWebhook('shop/redact', shopRedactPayload('never-installed.myshopify.com')),
    );

    expect(response.status).toBe(200);
    expect(await db.models.DeletionRequest.countDocuments()).toBe(0);
    expect(await db.models.WebhookDelivery.countDocuments()).toBe(0);
  });

  it('shop/redact repeated after the shop is gone answers 200 and stores nothing more', async () => {
    await postWebhook(app.baseUrl, signedWebhook('shop/redact', shopRedactPayload(TEST_SHOP)));
    await drain();

    const again = await postWebhook(app.baseUrl, signedWebhook('shop/redact', shopRedactPayload(TEST_SHOP)));

    expect(again.status).toBe(200);
    expect(await db.models.DeletionRequest.countDocuments()).toBe(1);
  });

  it('app/uninstalled removes the access tokens and keeps the data', async () => {
    const response = await postWebhook(app.baseUrl, signedWebhook('app/uninstalled', appUninstalledPayload(TEST_SHOP)));
    expect(response.status).toBe(200);

    await drain();

    expect(await countsFor(TEST_SHOP)).toEqual({
      shops: 1,
      invitations: 3,
      lastInvited: 3,
      bccMessages: 1,
      reviews: 1,
      sessions: 0,
    });
    expect(await countsFor(OTHER_SHOP)).toMatchObject({ sessions: 1 });
    const shop = await db.models.Shop.findOne({ shop: TEST_SHOP }).lean();
    expect(shop?.uninstalledAt).toEqual(clock.now());
    const request = await db.models.DeletionRequest.findOne({ shop: TEST_SHOP }).lean();
    expect(request).toMatchObject({ source: 'uninstall', status: 'done', counts: { sessions: 1 } });
  });

  it('app/uninstalled for a shop the app never saw changes nothing', async () => {
    const response = await postWebhook(
      app.baseUrl,
      signedWebhook('app/uninstalled', appUninstalledPayload('never-seen.myshopify.com')),
    );

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).status).toBe('ignored');
    expect(await db.models.DeletionRequest.countDocuments()).toBe(0);
  });

  it('app/uninstalled trusts myshopify_domain, not the custom domain', async () => {
    const payload = { ...appUninstalledPayload(TEST_SHOP), domain: OTHER_SHOP };

    await postWebhook(app.baseUrl, signedWebhook('app/uninstalled', payload));
    await drain();

    expect(await countsFor(TEST_SHOP)).toMatchObject({ sessions: 0 });
    expect(await countsFor(OTHER_SHOP)).toMatchObject({ sessions: 1 });
  });
});
