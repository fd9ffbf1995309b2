import { randomUUID } from 'node:crypto';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { toLocale } from '../i18n/messages';
import { describeError } from '../lib/describe-error';
import { newUrlToken, sha256Hex } from '../lib/hash';
import type { Logger } from '../logger';
import { isDuplicateKeyError } from '../privacy/deletion-service';
import { retryDelayMs } from '../worker/queue';
import { invitationEmail } from './email-content';
import { emailFingerprint, unsubscribeToken } from './fingerprint';
import type { Mailer } from './mailer';

export interface SendDeps {
  models: Models;
  clock: Clock;
  logger: Logger;
  mailer: Mailer;
  /** Public base URL of the app; the review and unsubscribe links start with it. */
  appUrl: string;
  /** How long a claimed invitation stays with one worker; longer than the SMTP timeouts. */
  leaseMs?: number;
  /** Attempts before an invitation is marked failed. */
  maxAttempts?: number;
}

export const SEND_LEASE_MS = 5 * 60_000;
export const MAX_SEND_ATTEMPTS = 5;
const CLAIM_CANDIDATES = 10;
/** Locks only matter while processes race; a day is far beyond any lease or stale-lock age. */
const LOCK_RETENTION_MS = 24 * 60 * 60_000;

const INTERRUPTED =
  'Sending was interrupted (the worker stopped or lost its lease); not retried, because the email may have gone out';

/**
 * Takes the oldest due invitation, marks it "sending" under a lease, sends it and marks it sent.
 * Returns false when nothing is due.
 *
 * The link token is made here, at claim time, and stored only as its hash: the plain token exists
 * in the email alone. An invitation whose worker died mid-send is never sent again (see
 * failInterruptedSends), so a restart cannot send one invitation twice.
 */
export async function sendNextInvitation(deps: SendDeps): Promise<boolean> {
  const { models, clock } = deps;
  const claim = await claimDueInvitation(deps);
  if (!claim) return false;
  const { doc, claimToken, linkToken } = claim;
  const now = clock.now();

  const log = deps.logger.child({ shop: doc.shop, invitationId: String(doc._id), attempt: doc.attempts });
  const claimed = { _id: doc._id, claimToken };

  if (await isUninstalled(models, doc.shop)) {
    await models.Invitation.updateOne(claimed, {
      $set: { status: 'cancelled', cancelledAt: now, cancelledBy: 'uninstalled' },
      $unset: { claimToken: 1, leaseUntil: 1 },
    });
    log.info('Invitation not sent: the shop uninstalled the app');
    return true;
  }

  if (await models.Suppression.exists({ shop: doc.shop, fingerprint: emailFingerprint(doc.shop, doc.emailLower) })) {
    await models.Invitation.updateOne(claimed, {
      $set: { status: 'cancelled', cancelledAt: now, cancelledBy: 'unsubscribed' },
      $unset: { claimToken: 1, leaseUntil: 1 },
    });
    log.info('Invitation not sent: the customer unsubscribed after it was scheduled');
    return true;
  }

  const locale = toLocale(doc.locale) ?? 'en';
  const appUrl = deps.appUrl.replace(/\/+$/, '');
  const reviewUrl = `${appUrl}/r/${linkToken}`;
  const unsubscribeUrl = `${appUrl}/u/${unsubscribeToken(doc.shop, doc.emailLower)}?lang=${locale}`;
  const content = invitationEmail({
    locale,
    name: doc.name,
    orderName: doc.orderName,
    products: doc.products,
    reviewUrl,
    unsubscribeUrl,
  });

  try {
    const sent = await deps.mailer.send({
      to: doc.email,
      ...content,
      language: locale,
      headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    // Keyed on the claim only: even if the lease ran out meanwhile, a sent email is recorded as sent.
    await models.Invitation.updateOne(claimed, {
      $set: { status: 'sent', sentAt: clock.now() },
      $unset: { claimToken: 1, leaseUntil: 1, nextAttemptAt: 1, lastError: 1, failedAt: 1 },
    });
    log.info({ messageId: sent.messageId, locale }, 'Invitation sent');
  } catch (error) {
    await recordSendFailure(deps, doc, claimToken, error as Error, log);
  }
  return true;
}

/** Checks whether the app was uninstalled from the shop and not installed again since. */
async function isUninstalled(models: Models, shop: string): Promise<boolean> {
  const record = await models.Shop.findOne({ shop }).select('installedAt uninstalledAt').lean();
  if (!record?.uninstalledAt) return false;
  return !record.installedAt || record.installedAt < record.uninstalledAt;
}

/**
 * Claims the oldest due invitation that no other worker holds: a send-lock row for its next
 * attempt number decides between workers, then the invitation is marked "sending" under a lease
 * with a fresh link token. Looks at a few candidates, so one held by another worker does not
 * block the rest.
 */
async function claimDueInvitation(deps: SendDeps) {
  const { models, clock } = deps;
  const now = clock.now();
  const leaseMs = deps.leaseMs ?? SEND_LEASE_MS;
  const candidates = await models.Invitation.find({
    status: 'scheduled',
    scheduledFor: { $lte: now },
    $or: [{ nextAttemptAt: { $exists: false } }, { nextAttemptAt: { $lte: now } }],
  })
    .sort({ scheduledFor: 1 })
    .limit(CLAIM_CANDIDATES)
    .select('attempts')
    .lean();

  for (const candidate of candidates) {
    const attempts = candidate.attempts ?? 0;
    if (!(await takeSendLock(models, candidate._id, attempts + 1, now))) {
      await skipAbandonedAttempt(models, candidate._id, attempts, now, leaseMs);
      continue;
    }

    const claimToken = randomUUID();
    const linkToken = newUrlToken();
    const doc = await models.Invitation.findOneAndUpdate(
      { _id: candidate._id, status: 'scheduled', attempts: candidate.attempts },
      {
        $set: {
          status: 'sending',
          claimToken,
          leaseUntil: new Date(now.getTime() + leaseMs),
          tokenHash: sha256Hex(linkToken),
          attempts: attempts + 1,
        },
      },
      { returnDocument: 'after' },
    ).lean();
    // Cancelled, deleted or sent since it was read: the lock row is left for the sweep.
    if (doc) return { doc, claimToken, linkToken };
  }
  return undefined;
}

/**
 * Counts an attempt whose lock row is older than a lease while the invitation is still
 * "scheduled". Its worker died before sending anything, so the next attempt may take a new lock.
 */
async function skipAbandonedAttempt(
  models: Models,
  invitationId: unknown,
  attempts: number,
  now: Date,
  leaseMs: number,
): Promise<void> {
  const lock = await models.InvitationLock.findOne({ key: sendLockKey(invitationId, attempts + 1) })
    .select('createdAt')
    .lean();
  if (!lock || now.getTime() - lock.createdAt.getTime() < leaseMs) return;
  await models.Invitation.updateOne({ _id: invitationId, status: 'scheduled', attempts } as never, {
    $set: { attempts: attempts + 1 },
  });
}

/**
 * Marks invitations whose sending worker vanished (lease over, still "sending") as failed. The
 * SMTP server may have taken the message before the crash, so sending again could duplicate it.
 * Also sweeps lock rows older than a day.
 */
export async function failInterruptedSends(deps: Pick<SendDeps, 'models' | 'clock' | 'logger'>): Promise<number> {
  const now = deps.clock.now();
  const result = await deps.models.Invitation.updateMany(
    { status: 'sending', leaseUntil: { $lte: now } },
    { $set: { status: 'failed', failedAt: now, lastError: INTERRUPTED } },
  );
  if (result.modifiedCount > 0)
    deps.logger.warn(
      { count: result.modifiedCount },
      'Invitations left in "sending" by a stopped worker marked failed',
    );
  await deps.models.InvitationLock.deleteMany({ createdAt: { $lt: new Date(now.getTime() - LOCK_RETENTION_MS) } });
  return result.modifiedCount;
}

/** Builds the lock key of one attempt, so only one worker can make attempt n of an invitation. */
function sendLockKey(invitationId: unknown, attempt: number): string {
  return `send:${String(invitationId)}:${attempt}`;
}

/**
 * Takes the lock of send attempt `attempt`. Returns false when a worker (or a cancel) holds it.
 * Only the holder may move the invitation out of "scheduled" for that attempt.
 */
export async function takeSendLock(
  models: Models,
  invitationId: unknown,
  attempt: number,
  now: Date,
): Promise<boolean> {
  try {
    await models.InvitationLock.create({ key: sendLockKey(invitationId, attempt), createdAt: now });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

async function recordSendFailure(
  deps: SendDeps,
  doc: { _id: unknown; attempts?: number | null },
  claimToken: string,
  error: Error,
  log: Logger,
): Promise<void> {
  const now = deps.clock.now();
  const attempts = doc.attempts ?? 1;
  // A 5xx reply (such as an unknown mailbox) does not change on retry.
  const responseCode = (error as { responseCode?: number }).responseCode;
  const permanent = typeof responseCode === 'number' && responseCode >= 500;
  const giveUp = permanent || attempts >= (deps.maxAttempts ?? MAX_SEND_ATTEMPTS);
  const lastError = describeError(error);

  await deps.models.Invitation.updateOne(
    { _id: doc._id, claimToken } as never,
    {
      $set: giveUp
        ? { status: 'failed', failedAt: now, lastError }
        : { status: 'scheduled', nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)), lastError },
      $unset: { claimToken: 1, leaseUntil: 1 },
    } as never,
  );
  log.error(
    { error: lastError, responseCode, gaveUp: giveUp },
    giveUp ? 'Invitation could not be sent; marked failed' : 'Invitation could not be sent; will retry',
  );
}
