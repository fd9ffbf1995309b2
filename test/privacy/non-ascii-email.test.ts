import pino from 'pino';

import { ManualClock } from '../../server/clock';
import { importInvitations } from '../../server/invitations/import';
import { Worker } from '../../server/worker/worker';
import { callAdmin } from '../admin/admin-api';
import { callApi, createApiKey, DELETIONS_PATH } from '../api/helpers';
import { postWebhook, startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createShop } from '../helpers/factories';
import { TEST_SHOP, customersRedactPayload, fulfilledOrderPayload, signedWebhook } from '../helpers/shopify';

// Every way an address can enter the app must be matched by every way of deleting by address:
// an address the app stores but cannot delete by address would break an erasure request.
const ADDRESS = 'Søren.Ærø@Eksempel.dk';

describe('non-ASCII email addresses', () => {
  const db = useTestDatabase();
  const clock = new ManualClock('2026-02-01T12:00:00Z');
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(db.models, { clock });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models, TEST_SHOP);
  });

  const drain = () =>
    new Worker({ models: db.models, clock, logger: pino({ level: 'silent' }), pollMs: 50, batchSize: 10 }).drain();

  async function storeFromOrderAndImport() {
    const order = await postWebhook(
      app.baseUrl,
      signedWebhook('orders/fulfilled', fulfilledOrderPayload({ email: ADDRESS })),
    );
    expect(order.status).toBe(200);
    const imported = await importInvitations(db.models, clock, [
      { shop: TEST_SHOP, email: ADDRESS, name: 'Søren Ærø', createdAt: '2026-01-05T10:00:00Z' },
    ]);
    expect(imported.ok).toBe(true);
    expect(await db.models.Invitation.countDocuments({ emailLower: ADDRESS.toLowerCase() })).toBe(2);
  }

  async function expectAllDeleted() {
    await drain();
    expect(await db.models.Invitation.countDocuments({ emailLower: ADDRESS.toLowerCase() })).toBe(0);
    expect(await db.models.LastInvited.countDocuments({ emailLower: ADDRESS.toLowerCase() })).toBe(0);
  }

  it('are deleted from the admin page', async () => {
    await storeFromOrderAndImport();

    const preview = await callAdmin(app.baseUrl, 'POST', '/deletions/preview', { body: { email: ADDRESS } });
    expect(preview.status).toBe(200);
    expect(preview.body.preview.invitations).toBe(2);
    const created = await callAdmin(app.baseUrl, 'POST', '/deletions', { body: { email: ADDRESS } });
    expect(created.status).toBe(202);

    await expectAllDeleted();
  });

  it('are deleted through the REST API', async () => {
    await storeFromOrderAndImport();
    const { key } = await createApiKey(app.baseUrl);

    const created = await callApi(app.baseUrl, DELETIONS_PATH, {
      method: 'POST',
      key,
      body: { customerEmails: [ADDRESS] },
    });
    expect(created.status).toBe(202);

    await expectAllDeleted();
  });

  it('are deleted by customers/redact', async () => {
    await storeFromOrderAndImport();

    const response = await postWebhook(
      app.baseUrl,
      signedWebhook('customers/redact', customersRedactPayload({ email: ADDRESS, customerId: null })),
    );
    expect(response.status).toBe(200);

    await expectAllDeleted();
  });
});
