import { isValidObjectId } from 'mongoose';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { AppError, NotFoundError } from '../errors';
import type { Logger } from '../logger';
import { emailFingerprint } from './fingerprint';
import { withLock } from './lock';
import { takeSendLock } from './send-job';

export class InvitationNotCancellableError extends AppError {
  constructor(status: string) {
    super(
      409,
      'INVITATION_NOT_CANCELLABLE',
      `Only a scheduled invitation can be cancelled; this one is ${status}. Reload the list to see its state.`,
    );
  }
}

export interface CancelledInvitation {
  id: string;
  status: 'cancelled';
  cancelledAt: Date;
}

/**
 * Cancels a scheduled invitation of `shop`. An id of another shop is reported as not found, so
 * the response reveals nothing about other shops. Cancelling the customer's latest invitation moves
 * the last-invited record back, so the frequency rule does not count an email that never went out.
 */
export async function cancelInvitation(
  deps: { models: Models; clock: Clock; logger: Logger },
  input: { shop: string; invitationId: string },
): Promise<CancelledInvitation> {
  const { models } = deps;
  const notFound = new NotFoundError('No invitation with this id exists in this shop.');
  if (!isValidObjectId(input.invitationId)) throw notFound;

  const now = deps.clock.now();
  const existing = await models.Invitation.findOne({ _id: input.invitationId, shop: input.shop })
    .select('status attempts cancelledAt')
    .lean();
  if (!existing) throw notFound;
  if (existing.status === 'cancelled')
    return { id: input.invitationId, status: 'cancelled', cancelledAt: existing.cancelledAt ?? now };
  if (existing.status !== 'scheduled') throw new InvitationNotCancellableError(existing.status ?? 'unknown');

  // Holding the lock of the next send attempt keeps every worker from claiming the invitation
  // while it is being cancelled.
  if (!(await takeSendLock(models, existing._id, (existing.attempts ?? 0) + 1, now)))
    throw new InvitationNotCancellableError('sending');
  const cancelled = await models.Invitation.findOneAndUpdate(
    { _id: input.invitationId, shop: input.shop, status: 'scheduled' },
    { $set: { status: 'cancelled', cancelledAt: now, cancelledBy: 'merchant' }, $unset: { nextAttemptAt: 1 } },
    { returnDocument: 'after' },
  ).lean();
  if (!cancelled) throw new InvitationNotCancellableError('no longer scheduled');

  // The same lock as scheduleInvitation, so a new invitation for this customer cannot interleave.
  await withLock(deps, `customer:${emailFingerprint(cancelled.shop, cancelled.emailLower)}`, () =>
    rewindLastInvited(models, cancelled),
  );
  deps.logger.info({ shop: input.shop, invitationId: input.invitationId }, 'Invitation cancelled');
  return { id: input.invitationId, status: 'cancelled', cancelledAt: now };
}

async function rewindLastInvited(
  models: Models,
  cancelled: { _id: unknown; shop: string; emailLower: string; createdAt: Date },
): Promise<void> {
  const { shop, emailLower, createdAt } = cancelled;
  const previous = await models.Invitation.findOne({
    shop,
    emailLower,
    _id: { $ne: cancelled._id },
    status: { $ne: 'cancelled' },
  })
    .sort({ createdAt: -1 })
    .select('createdAt orderId')
    .lean();

  // Only when this invitation set the record; a later one has moved it on already.
  const filter = { shop, emailLower, lastInvitedAt: createdAt };
  if (!previous) {
    await models.LastInvited.deleteOne(filter);
    return;
  }
  await models.LastInvited.updateOne(filter, {
    $set: { lastInvitedAt: previous.createdAt, ...(previous.orderId ? { lastOrderId: previous.orderId } : {}) },
    ...(previous.orderId ? {} : { $unset: { lastOrderId: 1 } }),
  });
}
