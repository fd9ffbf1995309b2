import type { Models } from '../db/models';
import { normalizeEmail } from '../lib/email';

export interface DeletionPreview {
  invitations: number;
  bccMessages: number;
  lastInvited: number;
}

/**
 * Counts what a deletion of one email address would delete now, matching as the deletion
 * processor does: invitations and BCC messages by email, last-invited records by email and by the
 * customer ids of the matched invitations.
 */
export async function previewCustomerDeletion(models: Models, shop: string, email: string): Promise<DeletionPreview> {
  const emailLower = normalizeEmail(email);

  const customerIds = (await models.Invitation.distinct('customerId', { shop, emailLower })).filter(
    (id): id is string => typeof id === 'string' && id !== '',
  );
  const lastInvitedClauses: object[] = [{ emailLower }];
  if (customerIds.length > 0) lastInvitedClauses.push({ customerId: { $in: customerIds } });

  const [invitations, bccMessages, lastInvited] = await Promise.all([
    models.Invitation.countDocuments({ shop, emailLower }),
    models.BccMessage.countDocuments({ shop, emailLower }),
    models.LastInvited.countDocuments({ shop, $or: lastInvitedClauses }),
  ]);
  return { invitations, bccMessages, lastInvited };
}

/** Counts what a deletion of everything created before `before` would delete now. */
export async function previewBeforeDateDeletion(models: Models, shop: string, before: Date): Promise<DeletionPreview> {
  const [invitations, bccMessages, lastInvited] = await Promise.all([
    models.Invitation.countDocuments({ shop, createdAt: { $lt: before } }),
    models.BccMessage.countDocuments({ shop, receivedAt: { $lt: before } }),
    models.LastInvited.countDocuments({ shop, lastInvitedAt: { $lt: before } }),
  ]);
  return { invitations, bccMessages, lastInvited };
}
