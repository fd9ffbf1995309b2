import pino from 'pino';

import { DAY_MS, ManualClock } from '../../server/clock';
import { ALL_SHOPS, formatSweepResult, scheduleRetentionSweep, sweepNow } from '../../server/retention/sweep';
import { Worker } from '../../server/worker/worker';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createBccMessage, createInvitation, createReview, createShop } from '../helpers/factories';
import { OTHER_SHOP, TEST_SHOP } from '../helpers/shopify';

const START = new Date('2026-03-01T12:00:00Z');
const HOUR_MS = 60 * 60 * 1000;
const silent = pino({ level: 'silent' });

describe('retention sweep', () => {
  const db = useTestDatabase();
  let clock: ManualClock;

  beforeEach(async () => {
    await clearDatabase(db.models);
    clock = new ManualClock(START);
    await createShop(db.models, TEST_SHOP);
    await createShop(db.models, OTHER_SHOP);
  });

  const sweep = (batchSize = 500) => sweepNow({ models: db.models, clock, logger: silent, batchSize });
  const at = (days: number, extraMs = 0) => new Date(START.getTime() + days * DAY_MS + extraMs);

  async function createExport(shop: string, requestedAt: Date) {
    return db.models.DataExport.create({
      shop,
      dedupeKey: `export-${shop}-${requestedAt.toISOString()}`,
      subject: { emailLower: 'john@example.com' },
      status: 'done',
      data: { invitations: [] },
      requestedAt,
      expiresAt: new Date(requestedAt.getTime() + 30 * DAY_MS),
    });
  }

  it('keeps a BCC message until exactly 30 days', async () => {
    const message = await createBccMessage(db.models, { receivedAt: START });

    clock.set(at(30, -1));
    const early = await sweep();
    expect(early.counts.bccMessages).toBe(0);
    expect(await db.models.BccMessage.exists({ _id: message._id })).not.toBeNull();

    clock.set(at(30));
    const due = await sweep();
    expect(due.counts.bccMessages).toBe(1);
    expect(await db.models.BccMessage.exists({ _id: message._id })).toBeNull();
  });

  it('records each sweep in the deletion history', async () => {
    await createBccMessage(db.models, { receivedAt: START });
    clock.set(at(31));

    const result = await sweep();

    const row = await db.models.DeletionRequest.findById(result.id).lean();
    expect(row?.source).toBe('retention');
    expect(row?.shop).toBe(ALL_SHOPS);
    expect(row?.scope.kind).toBe('retention');
    expect(row?.status).toBe('done');
    expect(row?.finishedAt).toEqual(at(31));
    expect(row?.counts).toMatchObject({ bccMessages: 1, invitations: 0, lastInvited: 0, dataExports: 0 });
  });

  it('deletes invitations after 3 years and keeps reviews', async () => {
    const app: TestApp = await startTestApp(db.models, { clock });
    try {
      const old = await createInvitation(db.models, { email: 'old@example.com', createdAt: START });
      const newer = await createInvitation(db.models, { email: 'new@example.com', createdAt: at(1) });
      const review = await createReview(db.models, old.invitation._id);
      const elsewhere = await createInvitation(db.models, { shop: OTHER_SHOP, createdAt: START });
      const reviewElsewhere = await createReview(db.models, elsewhere.invitation._id, { shop: OTHER_SHOP });
      const linkStatus = async (token: string) => (await fetch(`${app.baseUrl}/r/${token}`)).status;

      clock.set(at(3 * 365, -1));
      expect((await sweep()).counts.invitations).toBe(0);
      expect(await linkStatus(old.token)).toBe(200);

      clock.set(at(3 * 365));
      const result = await sweep();
      expect(result.counts).toMatchObject({ invitations: 2, lastInvited: 2 });
      expect(await linkStatus(old.token)).toBe(410);
      expect(await linkStatus(newer.token)).toBe(200);

      const reviewAfter = await db.models.Review.findById(review._id).lean();
      expect(reviewAfter?.displayName).toBe('John S.');
      expect(reviewAfter?.invitationId).toBeUndefined();
      const reviewElsewhereAfter = await db.models.Review.findById(reviewElsewhere._id).lean();
      expect(reviewElsewhereAfter?.invitationId).toBeUndefined();
      expect(await db.models.LastInvited.countDocuments({ emailLower: 'old@example.com' })).toBe(0);
      expect(await db.models.LastInvited.countDocuments({ emailLower: 'new@example.com' })).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('applies a shorter merchant period to that shop only', async () => {
    await createInvitation(db.models, { shop: TEST_SHOP, email: 'a@example.com', createdAt: START });
    await createInvitation(db.models, { shop: OTHER_SHOP, email: 'a@example.com', createdAt: START });
    await createBccMessage(db.models, { shop: TEST_SHOP, receivedAt: START });
    await createBccMessage(db.models, { shop: OTHER_SHOP, receivedAt: START });
    // Chosen after the data was stored: the next sweep applies it to that data too.
    await db.models.Shop.updateOne(
      { shop: TEST_SHOP },
      { $set: { 'retention.invitationsDays': 365, 'retention.bccMessagesDays': 7 } },
    );

    clock.set(at(7, -1));
    expect((await sweep()).counts.bccMessages).toBe(0);

    clock.set(at(7));
    expect((await sweep()).counts).toMatchObject({ bccMessages: 1, invitations: 0 });
    expect(await db.models.BccMessage.countDocuments({ shop: TEST_SHOP })).toBe(0);
    expect(await db.models.BccMessage.countDocuments({ shop: OTHER_SHOP })).toBe(1);

    clock.set(at(365));
    expect((await sweep()).counts).toMatchObject({ invitations: 1, lastInvited: 1, bccMessages: 1 });
    expect(await db.models.Invitation.countDocuments({ shop: TEST_SHOP })).toBe(0);
    expect(await db.models.Invitation.countDocuments({ shop: OTHER_SHOP })).toBe(1);
    expect(await db.models.LastInvited.countDocuments({ shop: OTHER_SHOP })).toBe(1);
  });

  it('deletes data exports when they expire', async () => {
    const first = await createExport(TEST_SHOP, START);
    const later = await createExport(TEST_SHOP, at(2));

    clock.set(at(30, -1));
    expect((await sweep()).counts.dataExports).toBe(0);

    clock.set(at(30));
    expect((await sweep()).counts.dataExports).toBe(1);
    expect(await db.models.DataExport.exists({ _id: first._id })).toBeNull();
    expect(await db.models.DataExport.exists({ _id: later._id })).not.toBeNull();
  });

  it('applies a shorter export period', async () => {
    await db.models.Shop.updateOne({ shop: OTHER_SHOP }, { $set: { 'retention.dataExportsDays': 3 } });
    await createExport(TEST_SHOP, START);
    await createExport(OTHER_SHOP, START);

    clock.set(at(3));
    expect((await sweep()).counts.dataExports).toBe(1);
    expect(await db.models.DataExport.countDocuments({ shop: OTHER_SHOP })).toBe(0);
    expect(await db.models.DataExport.countDocuments({ shop: TEST_SHOP })).toBe(1);
  });

  it('deletes webhook deliveries after 30 days', async () => {
    const delivery = (key: string, receivedAt: Date) =>
      db.models.WebhookDelivery.create({ dedupeKey: key, shop: TEST_SHOP, topic: 'orders/fulfilled', receivedAt });
    await delivery('old', START);
    await delivery('new', at(1));

    clock.set(at(30));
    expect((await sweep()).counts.webhookDeliveries).toBe(1);
    expect(await db.models.WebhookDelivery.exists({ dedupeKey: 'new' })).not.toBeNull();
  });

  it('prints counts per kind', async () => {
    await createBccMessage(db.models, { receivedAt: START });
    await createInvitation(db.models, { createdAt: START });
    clock.set(at(3 * 365));

    const result = await sweep();

    expect(formatSweepResult(result)).toBe(
      [
        `Retention sweep ${result.id}: done`,
        'Deleted:',
        '  bccMessages        1',
        '  invitations        1',
        '  lastInvited        1',
        '  dataExports        0',
        '  webhookDeliveries  0',
        '',
      ].join('\n'),
    );
  });

  it('works through more records than one batch', async () => {
    for (let index = 0; index < 7; index += 1) {
      await createBccMessage(db.models, { email: `c${index}@example.com`, receivedAt: START });
    }
    clock.set(at(30));

    const result = await sweep(3);

    expect(result.counts.bccMessages).toBe(7);
    expect(await db.models.BccMessage.countDocuments({})).toBe(0);
  });

  it('deletes each record once when two sweeps run concurrently', async () => {
    for (let index = 0; index < 9; index += 1) {
      await createBccMessage(db.models, { email: `c${index}@example.com`, receivedAt: START });
      await createInvitation(db.models, { email: `c${index}@example.com`, createdAt: START });
    }
    clock.set(at(3 * 365));

    const [first, second] = await Promise.all([sweep(2), sweep(2)]);

    expect(first.status).toBe('done');
    expect(second.status).toBe('done');
    expect(first.counts.bccMessages + second.counts.bccMessages).toBe(9);
    expect(first.counts.invitations + second.counts.invitations).toBe(9);
    expect(first.counts.lastInvited + second.counts.lastInvited).toBe(9);
    expect(await db.models.BccMessage.countDocuments({})).toBe(0);
    expect(await db.models.Invitation.countDocuments({})).toBe(0);
  });

  it('stores one scheduled sweep per interval across workers', async () => {
    const worker = () =>
      new Worker({
        models: db.models,
        clock,
        logger: silent,
        pollMs: 50,
        batchSize: 2,
        retentionSweepEveryMs: HOUR_MS,
      });
    const workers = [worker(), worker()];
    clock.set('2026-03-01T12:10:00Z');

    await Promise.all(workers.map((each) => each.scheduleDueSweep()));
    await workers[0]!.scheduleDueSweep();
    expect(await db.models.DeletionRequest.countDocuments({ source: 'retention' })).toBe(1);

    clock.set('2026-03-01T13:00:00Z');
    await Promise.all(workers.map((each) => each.scheduleDueSweep()));
    expect(await db.models.DeletionRequest.countDocuments({ source: 'retention' })).toBe(2);
  });

  it('processes a scheduled sweep in the worker', async () => {
    await createBccMessage(db.models, { receivedAt: START });
    await createBccMessage(db.models, { receivedAt: at(29) });
    clock.set(at(30));
    await scheduleRetentionSweep(db.models, clock.now(), HOUR_MS);

    await new Worker({ models: db.models, clock, logger: silent, pollMs: 50, batchSize: 1 }).drain();

    const row = await db.models.DeletionRequest.findOne({ source: 'retention' }).lean();
    expect(row?.status).toBe('done');
    expect(row?.counts.bccMessages).toBe(1);
    expect(await db.models.BccMessage.countDocuments({})).toBe(1);
  });
});
