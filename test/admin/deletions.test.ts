import pino from 'pino';

import { ManualClock } from '../../server/clock';
import { Worker } from '../../server/worker/worker';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createBccMessage, createInvitation, createShop } from '../helpers/factories';
import { OTHER_SHOP, TEST_SHOP } from '../helpers/shopify';
import { callAdmin } from './admin-api';

describe('admin deletion routes', () => {
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

  async function seedJohnInBothShops() {
    await createInvitation(db.models, { email: 'John@Example.com', orderId: '1001' });
    await createInvitation(db.models, { email: 'john@example.com', orderId: '1002' });
    await createBccMessage(db.models, { email: 'john@example.com' });
    await createInvitation(db.models, { email: 'mary@example.com', customerId: '555' });
    await createInvitation(db.models, { shop: OTHER_SHOP, email: 'john@example.com' });
    await createBccMessage(db.models, { shop: OTHER_SHOP, email: 'john@example.com' });
  }

  it('previews one person by email, case-insensitively', async () => {
    await seedJohnInBothShops();

    const response = await callAdmin(app.baseUrl, 'POST', '/deletions/preview', {
      body: { email: 'JOHN@example.com' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ preview: { invitations: 2, bccMessages: 1, lastInvited: 1 } });
  });

  it('previews everything before a date', async () => {
    await createInvitation(db.models, { email: 'a@example.com', createdAt: new Date('2026-01-31T23:59:59Z') });
    await createInvitation(db.models, { email: 'b@example.com', createdAt: new Date('2026-02-01T00:00:00Z') });
    await createBccMessage(db.models, { receivedAt: new Date('2026-01-05T00:00:00Z') });
    await createInvitation(db.models, { shop: OTHER_SHOP, createdAt: new Date('2026-01-01T00:00:00Z') });

    const response = await callAdmin(app.baseUrl, 'POST', '/deletions/preview', { body: { before: '2026-02-01' } });
    expect(response.body).toEqual({ preview: { invitations: 1, bccMessages: 1, lastInvited: 1 } });
  });

  it.each([
    ['no scope', {}, 'email'],
    ['both scopes', { email: 'john@example.com', before: '2026-01-01' }, 'email'],
    ['an invalid email', { email: 'john' }, 'email'],
    ['a date in another format', { before: '01/02/2026' }, 'before'],
    ['an impossible date', { before: '2026-02-30' }, 'before'],
    ['a future date', { before: '2026-03-02' }, 'before'],
    ['an unknown field', { customerId: '1' }, undefined],
  ])('rejects %s with 400', async (_case, body, field) => {
    for (const path of ['/deletions/preview', '/deletions']) {
      const response = await callAdmin(app.baseUrl, 'POST', path, { body });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.field).toBe(field);
    }
    expect(await db.models.DeletionRequest.countDocuments({})).toBe(0);
  });

  it('creates an admin request for one person and reports its counts when done', async () => {
    await seedJohnInBothShops();

    const created = await callAdmin(app.baseUrl, 'POST', '/deletions', { body: { email: 'john@example.com' } });
    expect(created.status).toBe(202);
    expect(created.body.deletion).toMatchObject({
      source: 'admin',
      scope: { kind: 'customer', identifierCount: 1 },
      status: 'pending',
      requestedAt: '2026-03-01T12:00:00.000Z',
    });
    expect(JSON.stringify(created.body)).not.toContain('john@example.com');

    await drain();

    const status = await callAdmin(app.baseUrl, 'GET', `/deletions/${created.body.deletion.id}`);
    expect(status.body.deletion).toMatchObject({
      status: 'done',
      counts: { invitations: 2, bccMessages: 1, lastInvited: 1 },
    });
    expect(await db.models.Invitation.countDocuments({ shop: OTHER_SHOP })).toBe(1);
    expect(await db.models.Invitation.countDocuments({ shop: TEST_SHOP })).toBe(1);
  });

  it('creates an admin request for everything before a date', async () => {
    await createInvitation(db.models, { email: 'a@example.com', createdAt: new Date('2026-01-10T00:00:00Z') });
    await createInvitation(db.models, { email: 'b@example.com', createdAt: new Date('2026-02-10T00:00:00Z') });

    const created = await callAdmin(app.baseUrl, 'POST', '/deletions', { body: { before: '2026-02-01' } });
    expect(created.body.deletion.scope).toEqual({
      kind: 'before_date',
      before: '2026-02-01T00:00:00.000Z',
      identifierCount: null,
    });
    await drain();

    const stored = await db.models.DeletionRequest.findById(created.body.deletion.id).lean();
    expect(stored?.source).toBe('admin');
    expect(stored?.counts?.invitations).toBe(1);
    expect(await db.models.Invitation.countDocuments({ shop: TEST_SHOP })).toBe(1);
  });

  it('lists the history newest first, page by page', async () => {
    for (const day of ['01', '02', '03']) {
      clock.set(`2026-02-${day}T10:00:00Z`);
      await callAdmin(app.baseUrl, 'POST', '/deletions', { body: { email: `person${day}@example.com` } });
    }
    clock.set('2026-03-01T12:00:00Z');

    const first = await callAdmin(app.baseUrl, 'GET', '/deletions?pageSize=2');
    expect(first.body.deletions.map((row: { requestedAt: string }) => row.requestedAt)).toEqual([
      '2026-02-03T10:00:00.000Z',
      '2026-02-02T10:00:00.000Z',
    ]);
    expect(first.body.hasNextPage).toBe(true);

    const second = await callAdmin(app.baseUrl, 'GET', '/deletions?pageSize=2&page=2');
    expect(second.body.deletions).toHaveLength(1);
    expect(second.body.deletions[0].requestedAt).toBe('2026-02-01T10:00:00.000Z');
    expect(second.body.hasNextPage).toBe(false);
    expect(JSON.stringify([first.body, second.body])).not.toMatch(/person\d+@example\.com/);
  });

  it('rejects a page size above 50', async () => {
    const response = await callAdmin(app.baseUrl, 'GET', '/deletions?pageSize=51');
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('pageSize');
  });

  it('never reads or changes another shop', async () => {
    await seedJohnInBothShops();
    const foreign = await callAdmin(app.baseUrl, 'POST', '/deletions', {
      shop: OTHER_SHOP,
      body: { email: 'john@example.com' },
    });

    const status = await callAdmin(app.baseUrl, 'GET', `/deletions/${foreign.body.deletion.id}`);
    expect(status.status).toBe(404);
    expect(status.body.error.code).toBe('NOT_FOUND');

    const history = await callAdmin(app.baseUrl, 'GET', '/deletions');
    expect(history.body.deletions).toEqual([]);

    const preview = await callAdmin(app.baseUrl, 'POST', '/deletions/preview', { body: { before: '2026-03-01' } });
    expect(preview.body.preview).toEqual({ invitations: 3, bccMessages: 1, lastInvited: 2 });

    await callAdmin(app.baseUrl, 'POST', '/deletions', { body: { before: '2026-03-01' } });
    await drain();
    expect(await db.models.Invitation.countDocuments({ shop: TEST_SHOP })).toBe(0);
    expect(await db.models.Invitation.countDocuments({ shop: OTHER_SHOP })).toBe(0);
    expect(await db.models.BccMessage.countDocuments({ shop: OTHER_SHOP })).toBe(0);
    const requests = await db.models.DeletionRequest.find({}).select('shop scope.kind').lean();
    expect(requests.map((request) => `${request.shop}:${request.scope.kind}`).sort()).toEqual([
      `${OTHER_SHOP}:customer`,
      `${TEST_SHOP}:before_date`,
    ]);
  });

  it('answers 404 for an id that is no ObjectId', async () => {
    const response = await callAdmin(app.baseUrl, 'GET', '/deletions/not-an-id');
    expect(response.status).toBe(404);
  });
});
