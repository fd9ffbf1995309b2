import pino from 'pino';

import { ManualClock } from '../../server/clock';
import { Worker } from '../../server/worker/worker';
import { callAdmin } from '../admin/admin-api';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createBccMessage, createInvitation, createShop } from '../helpers/factories';
import { signSessionToken } from '../helpers/session-token';
import { OTHER_SHOP, TEST_SHOP } from '../helpers/shopify';

const EXTENSION_ORIGIN = 'https://extensions.shopifycdn.com';

describe('customer deletion routes for the admin extension', () => {
  const db = useTestDatabase();
  const clock = new ManualClock('2026-03-01T12:00:00Z');
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(db.models, { clock });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models, TEST_SHOP);
    await createShop(db.models, OTHER_SHOP);
  });

  const drain = () =>
    new Worker({ models: db.models, clock, logger: pino({ level: 'silent' }), pollMs: 50, batchSize: 2 }).drain();

  /**
   * Customer 191167 in the test shop: two invitations under an old address, one under the
   * current one, a BCC message with the customer id, and one with only the current address.
   * Customer 555 and the same customer id in the other shop must stay.
   */
  async function seedCustomer() {
    const old = await createInvitation(db.models, {
      email: 'john.old@example.com',
      customerId: '191167',
      orderId: '1001',
    });
    await createInvitation(db.models, { email: 'john.old@example.com', customerId: '191167', orderId: '1002' });
    const current = await createInvitation(db.models, {
      email: 'John@Example.com',
      customerId: '191167',
      orderId: '1003',
    });
    await createBccMessage(db.models, { email: 'other@example.com', customerId: '191167' });
    await createBccMessage(db.models, { email: 'john@example.com' });
    const mary = await createInvitation(db.models, { email: 'mary@example.com', customerId: '555', orderId: '2001' });
    const otherShop = await createInvitation(db.models, {
      shop: OTHER_SHOP,
      email: 'john@example.com',
      customerId: '191167',
    });
    return { old, current, mary, otherShop };
  }

  it('previews by customer GID alone', async () => {
    await seedCustomer();

    const response = await callAdmin(app.baseUrl, 'POST', '/customer-deletions/preview', {
      body: { customerId: 'gid://shopify/Customer/191167' },
    });
    expect(response.status).toBe(200);
    // The BCC message with only the email address is not found without the email.
    expect(response.body).toEqual({ preview: { invitations: 3, bccMessages: 1, lastInvited: 2 } });
  });

  it('previews by customer id and email both', async () => {
    await seedCustomer();

    const response = await callAdmin(app.baseUrl, 'POST', '/customer-deletions/preview', {
      body: { customerId: '191167', email: 'JOHN@example.com' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ preview: { invitations: 3, bccMessages: 2, lastInvited: 2 } });
  });

  it('previews by a numeric id sent as a number', async () => {
    await seedCustomer();

    const response = await callAdmin(app.baseUrl, 'POST', '/customer-deletions/preview', {
      body: { customerId: 555 },
    });
    expect(response.body).toEqual({ preview: { invitations: 1, bccMessages: 0, lastInvited: 1 } });
  });

  it('previews zero for a customer without data', async () => {
    await seedCustomer();

    const response = await callAdmin(app.baseUrl, 'POST', '/customer-deletions/preview', {
      body: { customerId: 'gid://shopify/Customer/999', email: 'nobody@example.com' },
    });
    expect(response.body).toEqual({ preview: { invitations: 0, bccMessages: 0, lastInvited: 0 } });
  });

  it.each([
    ['no customerId', {}, 'customerId'],
    ['an empty customerId', { customerId: '' }, 'customerId'],
    ['a product GID', { customerId: 'gid://shopify/Product/191167' }, 'customerId'],
    ['a customerId of 0', { customerId: 0 }, 'customerId'],
    ['a fractional customerId', { customerId: 1.5 }, 'customerId'],
    ['a customerId with letters', { customerId: '12ab' }, 'customerId'],
    ['an invalid email', { customerId: '191167', email: 'john' }, 'email'],
    ['an unknown field', { customerId: '191167', shop: OTHER_SHOP }, undefined],
  ])('rejects %s with 400', async (_case, body, field) => {
    for (const path of ['/customer-deletions/preview', '/customer-deletions']) {
      const response = await callAdmin(app.baseUrl, 'POST', path, { body });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.field).toBe(field);
      if (field) expect(response.body.error.message).toContain(field);
    }
    expect(await db.models.DeletionRequest.countDocuments({})).toBe(0);
  });

  it.each([['gid://shopify/Order/1'], [-4], [undefined]])('names the customerId format for %p', async (customerId) => {
    const response = await callAdmin(app.baseUrl, 'POST', '/customer-deletions/preview', { body: { customerId } });
    expect(response.body.error.message).toBe(
      'customerId: must be a Shopify customer id such as gid://shopify/Customer/123 or 123',
    );
  });

  it('rejects a request without a session token', async () => {
    const response = await fetch(`${app.baseUrl}/admin/api/customer-deletions/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: '191167' }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toBe('INVALID_SESSION_TOKEN');
  });

  it('deletes the customer data, and the review links return 410', async () => {
    const { old, current, mary, otherShop } = await seedCustomer();

    const created = await callAdmin(app.baseUrl, 'POST', '/customer-deletions', {
      body: { customerId: 'gid://shopify/Customer/191167', email: 'john@example.com' },
    });
    expect(created.status).toBe(202);
    expect(created.body.deletion).toMatchObject({
      source: 'admin_extension',
      scope: { kind: 'customer', identifierCount: 2 },
      status: 'pending',
      requestedAt: '2026-03-01T12:00:00.000Z',
    });
    expect(JSON.stringify(created.body)).not.toContain('john@example.com');
    expect(JSON.stringify(created.body)).not.toContain('191167');

    const stored = await db.models.DeletionRequest.findById(created.body.deletion.id).lean();
    expect(stored?.shop).toBe(TEST_SHOP);
    expect(stored?.scope.customerId).toBe('191167');
    expect(stored?.scope.emails).toEqual(['john@example.com']);

    await drain();

    const status = await callAdmin(app.baseUrl, 'GET', `/customer-deletions/${created.body.deletion.id}`);
    expect(status.status).toBe(200);
    expect(status.body.deletion).toMatchObject({
      status: 'done',
      counts: { invitations: 3, bccMessages: 2, lastInvited: 2 },
    });

    for (const token of [old.token, current.token]) {
      const link = await fetch(`${app.baseUrl}/r/${token}`);
      expect(link.status).toBe(410);
    }
    expect((await fetch(`${app.baseUrl}/r/${mary.token}`)).status).toBe(200);
    expect((await fetch(`${app.baseUrl}/r/${otherShop.token}`)).status).toBe(200);
    expect(await db.models.Invitation.countDocuments({ shop: OTHER_SHOP })).toBe(1);
    expect(await db.models.LastInvited.countDocuments({ shop: OTHER_SHOP })).toBe(1);
    expect(await db.models.LastInvited.countDocuments({ shop: TEST_SHOP })).toBe(1);
  });

  it('keeps the other shop out of preview, deletion and status', async () => {
    await seedCustomer();

    const preview = await callAdmin(app.baseUrl, 'POST', '/customer-deletions/preview', {
      shop: OTHER_SHOP,
      body: { customerId: '191167' },
    });
    expect(preview.body).toEqual({ preview: { invitations: 1, bccMessages: 0, lastInvited: 1 } });

    const created = await callAdmin(app.baseUrl, 'POST', '/customer-deletions', {
      shop: OTHER_SHOP,
      body: { customerId: '191167' },
    });
    const fromTestShop = await callAdmin(app.baseUrl, 'GET', `/customer-deletions/${created.body.deletion.id}`);
    expect(fromTestShop.status).toBe(404);

    await drain();

    expect(await db.models.Invitation.countDocuments({ shop: OTHER_SHOP })).toBe(0);
    expect(await db.models.Invitation.countDocuments({ shop: TEST_SHOP })).toBe(4);
    expect(await db.models.BccMessage.countDocuments({ shop: TEST_SHOP })).toBe(2);
  });

  it('returns 404 for a status id of another source or an invalid id', async () => {
    const adminRequest = await callAdmin(app.baseUrl, 'POST', '/deletions', { body: { email: 'a@example.com' } });

    const otherSource = await callAdmin(app.baseUrl, 'GET', `/customer-deletions/${adminRequest.body.deletion.id}`);
    expect(otherSource.status).toBe(404);
    const invalid = await callAdmin(app.baseUrl, 'GET', '/customer-deletions/not-an-id');
    expect(invalid.status).toBe(404);
  });

  describe('CORS', () => {
    it('answers the preflight from the extension origin', async () => {
      const response = await fetch(`${app.baseUrl}/admin/api/customer-deletions/preview`, {
        method: 'OPTIONS',
        headers: {
          origin: EXTENSION_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
      expect(response.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type');
      expect(response.headers.get('access-control-max-age')).toBe('7200');
      expect(response.headers.get('vary')).toContain('Origin');
    });

    it('adds the allow-origin header to the real response', async () => {
      const response = await fetch(`${app.baseUrl}/admin/api/customer-deletions/preview`, {
        method: 'POST',
        headers: {
          origin: EXTENSION_ORIGIN,
          authorization: `Bearer ${signSessionToken({ shop: TEST_SHOP })}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ customerId: '191167' }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
    });

    it('allows no other origin', async () => {
      const preflight = await fetch(`${app.baseUrl}/admin/api/customer-deletions`, {
        method: 'OPTIONS',
        headers: { origin: 'https://attacker.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    });

    it('leaves the other admin routes without CORS headers', async () => {
      const preflight = await fetch(`${app.baseUrl}/admin/api/deletions`, {
        method: 'OPTIONS',
        headers: { origin: EXTENSION_ORIGIN, 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
