import type { Clock } from '../clock';
import { DAY_MS } from '../clock';
import type { Models } from '../db/models';
import { normalizeEmail } from '../lib/email';
import { newUrlToken, sha256Hex } from '../lib/hash';
import { upsertWithRetry } from '../lib/upsert';
import type { Logger } from '../logger';
import { isDuplicateKeyError } from '../privacy/deletion-service';
import type { Frequency } from '../shops/model';
import { withLock } from './lock';
import { emailFingerprint } from './fingerprint';
import type { SkipReason } from './skip-counter-model';

export const DEFAULT_DELAY_DAYS = 7;
export const DEFAULT_FREQUENCY: Frequency = '3y';

export interface ScheduleDeps {
  models: Models;
  clock: Clock;
  logger: Logger;
}

export interface ScheduleInput {
  shop: string;
  email: string;
  name?: string;
  customerId?: string;
  phone?: string;
  orderId?: string;
  orderName?: string;
  locale?: string;
  products?: Array<{ productId: string; title: string }>;
  fulfilledAt: Date;
  source: 'order' | 'bcc' | 'import';
}

export type ScheduleResult =
  { outcome: 'scheduled'; invitationId: string; token: string } | { outcome: 'skipped'; reason: SkipReason };

/**
 * Creates a review invitation for a fulfilled order, due `delayDays` after fulfilment, unless the
 * shop's rules skip it: the same order already has an invitation, the customer unsubscribed, or
 * the customer was invited within the frequency period. A skip creates nothing and is counted.
 * The invitation stores only the hash of the returned token. The token opens the review page until
 * the invitation is sent, because sending replaces it with a new one that only the email carries.
 */
export async function scheduleInvitation(deps: ScheduleDeps, input: ScheduleInput): Promise<ScheduleResult> {
  // One customer at a time: the checks below read, then write.
  const key = `customer:${emailFingerprint(input.shop, input.email)}`;
  return withLock(deps, key, () => scheduleForCustomer(deps, input));
}

async function scheduleForCustomer(deps: ScheduleDeps, input: ScheduleInput): Promise<ScheduleResult> {
  const { models, clock } = deps;
  const shop = input.shop;
  const emailLower = normalizeEmail(input.email);
  const log = deps.logger.child({ shop, source: input.source });
  const now = clock.now();

  if (input.orderId && (await models.Invitation.exists({ shop, orderId: input.orderId })))
    return skip(deps, shop, 'duplicate_order', log);

  if (await models.Suppression.exists({ shop, fingerprint: emailFingerprint(shop, emailLower) }))
    return skip(deps, shop, 'suppressed', log);

  const settings = await shopSettings(models, shop);
  if (!(await claimFrequencySlot(models, { shop, emailLower, input, now, frequency: settings.frequency }))) {
    const sameOrder = input.orderId && (await sameLastOrder(models, shop, emailLower, input.orderId));
    return skip(deps, shop, sameOrder ? 'duplicate_order' : 'frequency', log);
  }

  const token = newUrlToken();
  const scheduledFor = new Date(input.fulfilledAt.getTime() + settings.delayDays * DAY_MS);
  const invitation = await models.Invitation.create({
    shop,
    email: input.email.trim(),
    emailLower,
    ...optional({
      name: input.name,
      customerId: input.customerId,
      phone: input.phone,
      orderId: input.orderId,
      orderName: input.orderName,
      locale: input.locale,
    }),
    ...(input.products && input.products.length > 0 ? { products: input.products } : {}),
    source: input.source,
    tokenHash: sha256Hex(token),
    status: 'scheduled',
    scheduledFor,
    nextAttemptAt: scheduledFor,
    attempts: 0,
    createdAt: now,
  });

  const invitationId = invitation._id.toString();
  log.info({ invitationId, scheduledFor: scheduledFor.toISOString() }, 'Invitation scheduled');
  return { outcome: 'scheduled', invitationId, token };
}

/** Reads the shop's timing and frequency, with the defaults for a shop that never saved settings. */
export async function shopSettings(models: Models, shop: string): Promise<{ delayDays: number; frequency: Frequency }> {
  const found = await models.Shop.findOne({ shop }).select('settings').lean();
  return {
    delayDays: found?.settings?.delayDays ?? DEFAULT_DELAY_DAYS,
    frequency: (found?.settings?.frequency as Frequency | undefined) ?? DEFAULT_FREQUENCY,
  };
}

/**
 * Moves the customer's last-invited record to `now` if the frequency rule allows an invitation.
 * The caller holds the customer lock, because FerretDB does not run the conditional update
 * atomically. The record is found by email, and a record of the same customer id under an older
 * address counts too.
 */
async function claimFrequencySlot(
  models: Models,
  claim: { shop: string; emailLower: string; input: ScheduleInput; now: Date; frequency: Frequency },
): Promise<boolean> {
  const { shop, emailLower, input, now, frequency } = claim;
  const latestAllowed = latestAllowedLastInvite(now, frequency);

  if (input.customerId) {
    const byCustomer = await models.LastInvited.exists({
      shop,
      customerId: input.customerId,
      emailLower: { $ne: emailLower },
      lastInvitedAt: { $gt: latestAllowed },
    });
    if (byCustomer) return false;
  }

  const update = {
    $set: {
      lastInvitedAt: now,
      ...(input.customerId ? { customerId: input.customerId } : {}),
      ...(input.orderId ? { lastOrderId: input.orderId } : {}),
    },
    ...(input.orderId ? {} : { $unset: { lastOrderId: 1 } }),
  };
  const moved = await models.LastInvited.updateOne(
    {
      shop,
      emailLower,
      lastInvitedAt: { $lte: latestAllowed },
      // With frequency "every_order" the time condition matches every record, so only the order id can block.
      ...(input.orderId ? { lastOrderId: { $ne: input.orderId } } : {}),
    },
    update,
  );
  if (moved.matchedCount === 1) return true;

  if (await models.LastInvited.exists({ shop, emailLower })) return false;
  try {
    await models.LastInvited.create({
      shop,
      emailLower,
      lastInvitedAt: now,
      ...optional({ customerId: input.customerId, lastOrderId: input.orderId }),
    });
    return true;
  } catch (error) {
    // Another delivery for the same customer created the record first and took the slot.
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** Returns the latest last-invited time that still allows a new invitation now. */
function latestAllowedLastInvite(now: Date, frequency: Frequency): Date {
  const latest = new Date(now);
  switch (frequency) {
    case 'every_order':
      return latest;
    case '30d':
      return new Date(now.getTime() - 30 * DAY_MS);
    case '90d':
      return new Date(now.getTime() - 90 * DAY_MS);
    case '1y':
      latest.setUTCFullYear(latest.getUTCFullYear() - 1);
      return latest;
    case '3y':
      latest.setUTCFullYear(latest.getUTCFullYear() - 3);
      return latest;
  }
}

async function sameLastOrder(models: Models, shop: string, emailLower: string, orderId: string): Promise<boolean> {
  return Boolean(await models.LastInvited.exists({ shop, emailLower, lastOrderId: orderId }));
}

async function skip(deps: ScheduleDeps, shop: string, reason: SkipReason, log: Logger): Promise<ScheduleResult> {
  await countSkip(deps.models, shop, reason, deps.clock.now());
  log.info({ reason }, 'Invitation skipped');
  return { outcome: 'skipped', reason };
}

/**
 * Adds one to the shop's counter for `reason`. The increment runs under a lock, because FerretDB
 * 1.24 runs $inc as a read followed by a write and lost 18 of 20 concurrent increments in a test.
 */
export async function countSkip(models: Models, shop: string, reason: SkipReason, now: Date): Promise<void> {
  // The lock serializes this process's increments; the retry covers a lock taken over as stale.
  await withLock({ models, clock: { now: () => now } }, `skips:${shop}:${reason}`, () =>
    upsertWithRetry(() =>
      models.SkipCounter.updateOne(
        { shop, reason },
        { $inc: { count: 1 }, $set: { lastSkippedAt: now } },
        { upsert: true },
      ),
    ),
  );
}

function optional<T extends Record<string, string | undefined>>(values: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined && value !== ''),
  ) as Partial<Record<keyof T, string>>;
}
