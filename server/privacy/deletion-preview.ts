import type { Models } from '../db/models';
import { customerClauses, toCustomerIdentifiers, type CustomerIdentifiers } from './customer-identifiers';

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
  return previewCustomerIdentifiersDeletion(models, shop, toCustomerIdentifiers({ emails: [email] }));
}

/**
 * Counts what a deletion of one customer would delete now, matching as the deletion processor
 * does: invitations and BCC messages by customer id, email or order id, last-invited records by
 * the named ids and emails plus the emails and customer ids of the matched invitations. With no
 * usable identifier it throws EmptyCustomerFilterError instead of counting the whole shop.
 */
export async function previewCustomerIdentifiersDeletion(
  models: Models,
  shop: string,
  identifiers: CustomerIdentifiers,
): Promise<DeletionPreview> {
  const matchCustomer = {
    shop,
    $or: customerClauses(identifiers, { customerId: 'customerId', email: 'emailLower', orderId: 'orderId' }),
  };

  const [linkedEmails, linkedCustomerIds] = await Promise.all([
    models.Invitation.distinct('emailLower', matchCustomer),
    models.Invitation.distinct('customerId', matchCustomer),
  ]);
  const emails = unique([...identifiers.emails, ...linkedEmails]);
  const customerIds = unique([...(identifiers.customerId ? [identifiers.customerId] : []), ...linkedCustomerIds]);

  const lastInvitedClauses: object[] = [];
  if (emails.length > 0) lastInvitedClauses.push({ emailLower: { $in: emails } });
  if (customerIds.length > 0) lastInvitedClauses.push({ customerId: { $in: customerIds } });

  const [invitations, bccMessages, lastInvited] = await Promise.all([
    models.Invitation.countDocuments(matchCustomer),
    models.BccMessage.countDocuments(matchCustomer),
    lastInvitedClauses.length > 0 ? models.LastInvited.countDocuments({ shop, $or: lastInvitedClauses }) : 0,
  ]);
  return { invitations, bccMessages, lastInvited };
}

function unique(values: unknown[]): string[] {
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && value !== ''))];
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
