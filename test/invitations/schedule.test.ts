import pino from 'pino';

import { DAY_MS, ManualClock } from '../../server/clock';
import { emailFingerprint } from '../../server/invitations/fingerprint';
import { scheduleInvitation, type ScheduleInput } from '../../server/invitations/schedule';
import { sha256Hex } from '../../server/lib/hash';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createShop } from '../helpers/factories';
import { OTHER_SHOP, TEST_SHOP } from '../helpers/shopify';

const logger = pino({ level: 'silent' });

function order(overrides: Partial<ScheduleInput> = {}): ScheduleInput {
  return {
    shop: TEST_SHOP,
    email: 'Jane.Doe@Example.com',
    name: 'Jane Doe',
    customerId: '7001',
    orderId: '5001',
    orderName: '#1001',
    locale: 'da-DK',
    products: [{ productId: '632910392', title: 'IPod Nano - 8GB' }],
    fulfilledAt: new Date('2026-03-01T10:00:00Z'),
    source: 'order',
    ...overrides,
  };
}

describe('scheduleInvitation', () => {
  const db = useTestDatabase();
  let clock: ManualClock;
  const deps = () => ({ models: db.models, clock, logger });

  beforeEach(async () => {
    await clearDatabase(db.models);
    clock = new ManualClock('2026-03-01T12:00:00Z');
    await createShop(db.models);
  });

  async function skips(shop = TEST_SHOP) {
    const counters = await db.models.SkipCounter.find({ shop }).lean();
    return Object.fromEntries(counters.map((counter) => [counter.reason, counter.count]));
  }

  it('schedules at fulfilment plus the default 7 days, storing only the token hash', async () => {
    const result = await scheduleInvitation(deps(), order());

    expect(result.outcome).toBe('scheduled');
    if (result.outcome !== 'scheduled') return;
    const invitation = await db.models.Invitation.findById(result.invitationId).lean();
    expect(invitation).toMatchObject({
      shop: TEST_SHOP,
      email: 'Jane.Doe@Example.com',
      emailLower: 'jane.doe@example.com',
      customerId: '7001',
      orderId: '5001',
      orderName: '#1001',
      locale: 'da-DK',
      products: [{ productId: '632910392', title: 'IPod Nano - 8GB' }],
      source: 'order',
      status: 'scheduled',
      tokenHash: sha256Hex(result.token),
      attempts: 0,
    });
    expect(invitation?.scheduledFor?.toISOString()).toBe('2026-03-08T10:00:00.000Z');
    expect(invitation?.createdAt.toISOString()).toBe('2026-03-01T12:00:00.000Z');
    expect(JSON.stringify(invitation)).not.toContain(result.token);

    const lastInvited = await db.models.LastInvited.findOne({ shop: TEST_SHOP }).lean();
    expect(lastInvited).toMatchObject({
      emailLower: 'jane.doe@example.com',
      customerId: '7001',
      lastOrderId: '5001',
      lastInvitedAt: new Date('2026-03-01T12:00:00Z'),
    });
  });

  it("uses the shop's delay", async () => {
    await db.models.Shop.updateOne({ shop: TEST_SHOP }, { $set: { 'settings.delayDays': 0 } });

    const result = await scheduleInvitation(deps(), order());

    if (result.outcome !== 'scheduled') throw new Error(`expected scheduled, got ${result.reason}`);
    const invitation = await db.models.Invitation.findById(result.invitationId).lean();
    expect(invitation?.scheduledFor?.toISOString()).toBe('2026-03-01T10:00:00.000Z');
  });

  it('skips a second order within 3 years by default and counts it; one day later it is allowed', async () => {
    await scheduleInvitation(deps(), order());
    clock.set('2029-03-01T11:59:59Z');

    expect(await scheduleInvitation(deps(), order({ orderId: '5002', email: 'jane.doe@example.com' }))).toEqual({
      outcome: 'skipped',
      reason: 'frequency',
    });
    expect(await db.models.Invitation.countDocuments()).toBe(1);
    expect(await skips()).toEqual({ frequency: 1 });

    clock.set('2029-03-01T12:00:00Z');
    expect((await scheduleInvitation(deps(), order({ orderId: '5003' }))).outcome).toBe('scheduled');
  });

  it.each([
    ['30d', 30 * DAY_MS],
    ['90d', 90 * DAY_MS],
    ['1y', 365 * DAY_MS],
  ] as const)('with frequency %s allows the next invitation after exactly the period', async (frequency, period) => {
    await db.models.Shop.updateOne({ shop: TEST_SHOP }, { $set: { 'settings.frequency': frequency } });
    await scheduleInvitation(deps(), order());

    clock.advance(period - 1000);
    expect(await scheduleInvitation(deps(), order({ orderId: '5002' }))).toEqual({
      outcome: 'skipped',
      reason: 'frequency',
    });
    clock.advance(1000);
    expect((await scheduleInvitation(deps(), order({ orderId: '5003' }))).outcome).toBe('scheduled');
  });

  it('with frequency every_order invites for each order but once per order', async () => {
    await db.models.Shop.updateOne({ shop: TEST_SHOP }, { $set: { 'settings.frequency': 'every_order' } });

    expect((await scheduleInvitation(deps(), order())).outcome).toBe('scheduled');
    expect((await scheduleInvitation(deps(), order({ orderId: '5002' }))).outcome).toBe('scheduled');
    expect(await scheduleInvitation(deps(), order({ orderId: '5002', source: 'bcc' }))).toEqual({
      outcome: 'skipped',
      reason: 'duplicate_order',
    });
    expect(await skips()).toEqual({ duplicate_order: 1 });
  });

  it('creates one invitation when two deliveries of one order race', async () => {
    await db.models.Shop.updateOne({ shop: TEST_SHOP }, { $set: { 'settings.frequency': 'every_order' } });

    const results = await Promise.all([scheduleInvitation(deps(), order()), scheduleInvitation(deps(), order())]);

    expect(results.map((result) => result.outcome).sort()).toEqual(['scheduled', 'skipped']);
    expect(await db.models.Invitation.countDocuments()).toBe(1);
  });

  it('counts the customer id invited under an older address', async () => {
    await scheduleInvitation(deps(), order());
    clock.advance(DAY_MS);

    expect(await scheduleInvitation(deps(), order({ orderId: '5002', email: 'jane@new.example' }))).toEqual({
      outcome: 'skipped',
      reason: 'frequency',
    });
  });

  it('skips a suppressed address in that shop only', async () => {
    await db.models.Suppression.create({
      shop: TEST_SHOP,
      fingerprint: emailFingerprint(TEST_SHOP, ' JANE.DOE@example.com'),
      source: 'unsubscribe_page',
      createdAt: clock.now(),
    });

    expect(await scheduleInvitation(deps(), order())).toEqual({ outcome: 'skipped', reason: 'suppressed' });
    expect((await scheduleInvitation(deps(), order({ shop: OTHER_SHOP }))).outcome).toBe('scheduled');
    expect(await skips()).toEqual({ suppressed: 1 });
    expect(await db.models.LastInvited.countDocuments({ shop: TEST_SHOP })).toBe(0);
  });

  it('gives different shops different fingerprints for one address', () => {
    expect(emailFingerprint(TEST_SHOP, 'jane@example.com')).toMatch(/^[0-9a-f]{64}$/);
    expect(emailFingerprint(TEST_SHOP, 'jane@example.com')).not.toBe(emailFingerprint(OTHER_SHOP, 'jane@example.com'));
  });
});
