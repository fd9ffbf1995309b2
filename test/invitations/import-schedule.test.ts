import { ManualClock } from '../../server/clock';
import { emailFingerprint } from '../../server/invitations/fingerprint';
import { importInvitations } from '../../server/invitations/import';
import { clearDatabase, useTestDatabase } from '../helpers/database';

const shop = 'demo-shop.myshopify.com';

describe('importInvitations scheduling', () => {
  const db = useTestDatabase();
  const clock = new ManualClock('2026-12-01T00:00:00Z');

  beforeEach(() => clearDatabase(db.models));

  it('schedules future or undated rows', async () => {
    await db.models.Suppression.create({
      shop,
      fingerprint: emailFingerprint(shop, 'gone@example.com'),
      source: 'unsubscribe_page',
      createdAt: clock.now(),
    });

    const result = await importInvitations(db.models, clock, [
      { shop, email: 'past@example.com', name: 'Past Row', createdAt: '2026-11-20T10:00:00Z' },
      { shop, email: 'now@example.com', name: 'No Date', orderId: '7001' },
      { shop, email: 'future@example.com', name: 'Future Row', createdAt: '2026-12-10T08:00:00Z' },
      { shop, email: 'NOW@example.com', name: 'No Date', orderId: '7002' },
      { shop, email: 'gone@example.com', name: 'Unsubscribed' },
    ]);

    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result).toMatchObject({ imported: 3, scheduled: 2, skipped: { frequency: 1, suppressed: 1 } });
    expect(result.links.map((link) => link.index)).toEqual([0]);

    const invitations = await db.models.Invitation.find().sort({ emailLower: 1 }).lean();
    expect(
      invitations.map(({ emailLower, status, source, scheduledFor, importBatchId }) => ({
        emailLower,
        status,
        source,
        scheduledFor,
        batch: importBatchId === result.batchId,
      })),
    ).toEqual([
      {
        emailLower: 'future@example.com',
        status: 'scheduled',
        source: 'import',
        scheduledFor: new Date('2026-12-17T08:00:00Z'),
        batch: true,
      },
      {
        emailLower: 'now@example.com',
        status: 'scheduled',
        source: 'import',
        scheduledFor: new Date('2026-12-08T00:00:00Z'),
        batch: true,
      },
      { emailLower: 'past@example.com', status: 'sent', source: undefined, scheduledFor: undefined, batch: true },
    ]);
  });

  it('keeps linkToken rows as sent', async () => {
    const result = await importInvitations(db.models, clock, [
      { shop, email: 'link@example.com', name: 'Has Link', linkToken: 'existing-link-token-000001' },
    ]);

    expect(result).toMatchObject({ ok: true, imported: 1, scheduled: 0, skipped: {} });
    expect(await db.models.Invitation.findOne().lean()).toMatchObject({ status: 'sent', sentAt: clock.now() });
  });
});
