import { ManualClock } from '../../server/clock';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createInvitation, createShop } from '../helpers/factories';
import { OTHER_SHOP, TEST_SHOP } from '../helpers/shopify';
import { callAdmin } from './admin-api';

describe('admin data export and invitation routes', () => {
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

  function createExport(overrides: {
    shop?: string;
    status?: 'pending' | 'done';
    expiresAt?: Date;
    dataRequestId?: string;
  }) {
    return db.models.DataExport.create({
      shop: overrides.shop ?? TEST_SHOP,
      dedupeKey: `test:${Math.random()}`,
      dataRequestId: overrides.dataRequestId ?? '9999',
      subject: { customerId: '191167', emailLower: 'john@example.com' },
      status: overrides.status ?? 'done',
      data: { format: 1, customer: { email: 'john@example.com' }, invitations: [] },
      requestedAt: new Date('2026-02-20T10:00:00Z'),
      finishedAt: new Date('2026-02-20T10:01:00Z'),
      expiresAt: overrides.expiresAt ?? new Date('2026-03-22T10:00:00Z'),
    });
  }

  it('lists unexpired exports with their expiry date', async () => {
    const current = await createExport({ dataRequestId: '9999' });
    await createExport({ dataRequestId: '1111', expiresAt: new Date('2026-03-01T11:59:59Z') });

    const response = await callAdmin(app.baseUrl, 'GET', '/data-exports');
    expect(response.status).toBe(200);
    expect(response.body.dataExports).toEqual([
      {
        id: String(current._id),
        dataRequestId: '9999',
        customerEmail: 'john@example.com',
        customerId: '191167',
        status: 'done',
        requestedAt: '2026-02-20T10:00:00.000Z',
        finishedAt: '2026-02-20T10:01:00.000Z',
        expiresAt: '2026-03-22T10:00:00.000Z',
      },
    ]);
  });

  it('downloads a finished export as a JSON attachment', async () => {
    const item = await createExport({});

    const response = await callAdmin(app.baseUrl, 'GET', `/data-exports/${item._id}/download`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename=data-request-9999.json');
    expect(response.body).toEqual({ format: 1, customer: { email: 'john@example.com' }, invitations: [] });
  });

  it('answers 409 for an export still being built', async () => {
    const item = await createExport({ status: 'pending' });
    const response = await callAdmin(app.baseUrl, 'GET', `/data-exports/${item._id}/download`);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('EXPORT_NOT_READY');
  });

  it('never lists or downloads another shop export', async () => {
    const foreign = await createExport({ shop: OTHER_SHOP });

    expect((await callAdmin(app.baseUrl, 'GET', '/data-exports')).body.dataExports).toEqual([]);
    const download = await callAdmin(app.baseUrl, 'GET', `/data-exports/${foreign._id}/download`);
    expect(download.status).toBe(404);
    expect(JSON.stringify(download.body)).not.toContain('john@example.com');
  });

  it('searches invitations by email prefix and status', async () => {
    await createInvitation(db.models, { email: 'John@Example.com', status: 'sent' });
    await createInvitation(db.models, { email: 'johanna@example.com', status: 'scheduled' });
    await createInvitation(db.models, { email: 'mary@example.com', status: 'scheduled' });

    const byEmail = await callAdmin(app.baseUrl, 'GET', '/invitations?email=JOH');
    expect(byEmail.body.invitations.map((row: { email: string }) => row.email).sort()).toEqual([
      'John@Example.com',
      'johanna@example.com',
    ]);

    const byStatus = await callAdmin(app.baseUrl, 'GET', '/invitations?status=scheduled&email=jo');
    expect(byStatus.body.invitations.map((row: { email: string }) => row.email)).toEqual(['johanna@example.com']);
  });

  it('returns the shop skip counts by reason', async () => {
    const lastSkippedAt = new Date('2026-02-28T10:00:00Z');
    await db.models.SkipCounter.create([
      { shop: TEST_SHOP, reason: 'frequency', count: 3, lastSkippedAt },
      { shop: TEST_SHOP, reason: 'suppressed', count: 1, lastSkippedAt },
      { shop: OTHER_SHOP, reason: 'duplicate_order', count: 7, lastSkippedAt },
    ]);

    const response = await callAdmin(app.baseUrl, 'GET', '/invitations');
    expect(response.body.skipCounts).toEqual({ frequency: 3, suppressed: 1 });

    const other = await callAdmin(app.baseUrl, 'GET', '/invitations', { shop: OTHER_SHOP });
    expect(other.body.skipCounts).toEqual({ duplicate_order: 7 });
  });

  it('treats regex characters in the email search as text', async () => {
    await createInvitation(db.models, { email: 'john@example.com' });
    const response = await callAdmin(app.baseUrl, 'GET', '/invitations?email=.*');
    expect(response.body.invitations).toEqual([]);
  });

  it('rejects an unknown invitation status', async () => {
    const response = await callAdmin(app.baseUrl, 'GET', '/invitations?status=opened');
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('status');
  });

  it('never lists another shop invitations', async () => {
    await createInvitation(db.models, { shop: OTHER_SHOP, email: 'john@example.com' });
    const response = await callAdmin(app.baseUrl, 'GET', '/invitations');
    expect(response.body.invitations).toEqual([]);
  });
});
