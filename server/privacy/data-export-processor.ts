import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { customerClauses, hasIdentifiers, toCustomerIdentifiers } from './customer-identifiers';
import type { DataExportDocument } from './data-export-model';

export const DATA_EXPORT_RETENTION_DAYS = 30;

/** Export format version; bump it when the shape of `data` changes. */
export const DATA_EXPORT_FORMAT = 1;

/**
 * Collects everything held about the export's customer in its shop: invitations (without the
 * token hash, which is no personal data but a credential), BCC messages, last-invited records and
 * reviews still linked to those invitations.
 */
export async function buildDataExport(models: Models, clock: Clock, exportDoc: DataExportDocument & { _id: unknown }) {
  const { shop, subject } = exportDoc;
  const identifiers = toCustomerIdentifiers({
    customerId: subject?.customerId,
    emails: subject?.emailLower ? [subject.emailLower] : [],
    orderIds: subject?.orderIds ?? [],
  });

  const data = {
    format: DATA_EXPORT_FORMAT,
    shop,
    generatedAt: clock.now().toISOString(),
    dataRequestId: exportDoc.dataRequestId ?? null,
    customer: {
      id: identifiers.customerId ?? null,
      email: identifiers.emails[0] ?? null,
      orderIds: identifiers.orderIds,
    },
    invitations: [] as object[],
    bccMessages: [] as object[],
    lastInvited: [] as object[],
    reviews: [] as object[],
  };
  if (!hasIdentifiers(identifiers)) return data;

  const fields = { customerId: 'customerId', email: 'emailLower', orderId: 'orderId' };
  const invitations = await models.Invitation.find({ shop, $or: customerClauses(identifiers, fields) })
    .select('-tokenHash -__v -importBatchId')
    .sort({ createdAt: 1 })
    .lean();
  const bccMessages = await models.BccMessage.find({ shop, $or: customerClauses(identifiers, fields) })
    .select('-__v')
    .lean();

  const emails = [...new Set([...identifiers.emails, ...invitations.map((invitation) => invitation.emailLower)])];
  const lastInvitedClauses: object[] = [];
  if (emails.length > 0) lastInvitedClauses.push({ emailLower: { $in: emails } });
  if (identifiers.customerId) lastInvitedClauses.push({ customerId: identifiers.customerId });
  const lastInvited = await models.LastInvited.find({ shop, $or: lastInvitedClauses }).select('-__v').lean();

  const reviews = invitations.length
    ? await models.Review.find({ shop, invitationId: { $in: invitations.map((invitation) => invitation._id) } })
        .select('-__v')
        .lean()
    : [];

  data.invitations = invitations.map(plain);
  data.bccMessages = bccMessages.map(plain);
  data.lastInvited = lastInvited.map(plain);
  data.reviews = reviews.map(plain);
  return data;
}

/** Turns a lean document into JSON-safe values: ObjectIds and dates become strings. */
function plain(doc: object): object {
  return JSON.parse(JSON.stringify(doc));
}
