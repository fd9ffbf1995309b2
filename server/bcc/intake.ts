import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { normalizeEmail } from '../lib/email';
import { sha256Hex } from '../lib/hash';
import type { Logger } from '../logger';
import { isDuplicateKeyError } from '../privacy/deletion-service';
import { parseOrderEmail, type ParsedOrderEmail } from './parse';

/** Makes an invitation from a stored BCC message; returns 'scheduled' or the reason it was skipped. */
export type InviteFromBcc = (input: { shop: string; message: ParsedOrderEmail; receivedAt: Date }) => Promise<string>;

export interface BccIntakeDeps {
  models: Models;
  clock: Clock;
  logger: Logger;
  inboundDomain: string;
  invite: InviteFromBcc;
}

/** After this long without an outcome, a repeated delivery assumes the first one failed and invites. */
const STALE_INVITATION_CLAIM_MS = 10 * 60 * 1000;

export type IntakeResult =
  | { status: 'stored' | 'duplicate'; id: string; invitation: string }
  | { status: 'rejected'; code: 'UNPARSEABLE_MESSAGE' | 'NO_RECIPIENT'; reason: string };

/**
 * Stores one raw order email for a shop and makes an invitation from it. A message whose
 * Message-ID (or, without one, whose bytes) was seen before is not stored again. A message that
 * cannot be read or names no customer is rejected, stores nothing and is counted on the shop.
 */
export async function receiveBccMessage(deps: BccIntakeDeps, shop: string, raw: Buffer): Promise<IntakeResult> {
  const { models, clock } = deps;
  const log = deps.logger.child({ shop });
  const parsed = await parseOrderEmail(raw, deps.inboundDomain);
  const now = clock.now();

  if (!parsed.ok) {
    await models.Shop.updateOne(
      { shop },
      {
        $inc: { 'inbound.rejectedCount': 1 },
        $set: { 'inbound.lastRejectedAt': now, 'inbound.lastRejectionCode': parsed.code },
      },
    );
    log.info({ code: parsed.code, sizeBytes: raw.length }, 'BCC message rejected');
    return { status: 'rejected', code: parsed.code, reason: parsed.reason };
  }

  const { message } = parsed;
  const dedupeKey = sha256Hex(`${shop}\n${message.messageId ?? sha256Hex(raw)}`);
  let stored;
  try {
    stored = await models.BccMessage.create({
      shop,
      emailLower: normalizeEmail(message.email),
      ...(message.name ? { customerName: message.name } : {}),
      ...(message.orderReference ? { orderReference: message.orderReference } : {}),
      ...(message.subject ? { subject: message.subject } : {}),
      ...(message.messageId ? { messageId: message.messageId } : {}),
      sizeBytes: raw.length,
      receivedAt: now,
      dedupeKey,
      invitationClaimedAt: now,
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const existing = await models.BccMessage.findOne({ dedupeKey }).select('_id').lean();
    if (!existing) throw error;
    log.info({ bccMessageId: String(existing._id) }, 'BCC message already received; not stored again');
    const invitation = await finishStaleInvitation(deps, existing._id, message, shop, now);
    return { status: 'duplicate', id: String(existing._id), invitation };
  }

  log.info({ bccMessageId: String(stored._id), sizeBytes: raw.length }, 'BCC message stored');
  const invitation = await invite(deps, shop, stored._id, message, now);
  return { status: 'stored', id: String(stored._id), invitation };
}

/**
 * Makes the invitation for an already stored message when the delivery that stored it stopped
 * before doing so, after a crash for example. The conditional update lets only one repeated
 * delivery take it over. Returns the outcome, or 'pending' while the first delivery may still work.
 */
async function finishStaleInvitation(
  deps: BccIntakeDeps,
  bccMessageId: unknown,
  message: ParsedOrderEmail,
  shop: string,
  now: Date,
): Promise<string> {
  const takeover = await deps.models.BccMessage.updateOne(
    {
      _id: bccMessageId,
      invitationOutcome: { $exists: false },
      invitationClaimedAt: { $lte: new Date(now.getTime() - STALE_INVITATION_CLAIM_MS) },
    },
    { $set: { invitationClaimedAt: now } },
  );
  if (takeover.matchedCount === 1) return invite(deps, shop, bccMessageId, message, now);

  const current = await deps.models.BccMessage.findById(bccMessageId).select('invitationOutcome').lean();
  return current?.invitationOutcome ?? 'pending';
}

async function invite(
  deps: BccIntakeDeps,
  shop: string,
  bccMessageId: unknown,
  message: ParsedOrderEmail,
  receivedAt: Date,
): Promise<string> {
  const outcome = await deps.invite({ shop, message, receivedAt });
  await deps.models.BccMessage.updateOne({ _id: bccMessageId }, { $set: { invitationOutcome: outcome } });
  return outcome;
}
