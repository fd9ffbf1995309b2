import { z } from 'zod';

import { ValidationError } from '../../errors';
import { emailAddressSchema } from '../../lib/email';

export const MAX_CUSTOMER_EMAILS = 1000;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

const EMAILS_HINT = `Send customerEmails as a list of 1 to ${MAX_CUSTOMER_EMAILS} email addresses, such as ["jane@example.com"].`;
const DATE_HINT =
  'Send deleteOlderThan as an ISO 8601 date or date-time with a time zone, such as "2026-01-31" or "2026-01-31T00:00:00Z".';

/** POST /invitation-data/deletions body: exactly one of the two fields, checked by toDeletionInput. */
export const createDeletionBody = z.strictObject({
  customerEmails: z
    .array(emailAddressSchema('{field} is not a valid email address.'), {
      error: `{field} must be a list. ${EMAILS_HINT}`,
    })
    .min(1, { error: `{field} is empty. ${EMAILS_HINT}` })
    .max(MAX_CUSTOMER_EMAILS, {
      error: `{field} has more than ${MAX_CUSTOMER_EMAILS} addresses. Split the list over several requests.`,
    })
    .optional(),
  deleteOlderThan: z
    .union([z.iso.date(), z.iso.datetime({ offset: true })], {
      error: `{field} is not a valid ISO 8601 date. ${DATE_HINT}`,
    })
    .optional(),
});

export type DeletionInput = { kind: 'customer_emails'; emails: string[] } | { kind: 'before_date'; before: Date };

/**
 * Checks that the body names exactly one scope and turns it into a deletion input. A date without
 * a time means midnight UTC of that day. A date in the future is rejected, because "older than a
 * future date" would silently delete everything.
 */
export function toDeletionInput(body: z.infer<typeof createDeletionBody>, now: Date): DeletionInput {
  const { customerEmails, deleteOlderThan } = body;

  if (customerEmails && deleteOlderThan) {
    throw new ValidationError(
      'Send either customerEmails or deleteOlderThan, not both. Use two requests to do both.',
      'deleteOlderThan',
    );
  }
  if (customerEmails) return { kind: 'customer_emails', emails: customerEmails };
  if (deleteOlderThan) {
    const before = new Date(
      /^\d{4}-\d{2}-\d{2}$/.test(deleteOlderThan) ? `${deleteOlderThan}T00:00:00Z` : deleteOlderThan,
    );
    if (before.getTime() > now.getTime()) {
      throw new ValidationError(
        `deleteOlderThan is in the future. Send a date no later than now (${now.toISOString()}).`,
        'deleteOlderThan',
      );
    }
    return { kind: 'before_date', before };
  }
  throw new ValidationError(
    'The body names nothing to delete. Send customerEmails (a list of email addresses) or deleteOlderThan (an ISO 8601 date).',
    'body',
  );
}

/** GET /invitation-data/deletions query. */
export const listDeletionsQuery = z.strictObject({
  limit: z
    .string({ error: '{field} must be given once.' })
    .regex(/^\d+$/, { error: `{field} must be a whole number from 1 to ${MAX_PAGE_SIZE}.` })
    .transform(Number)
    .refine((value) => value >= 1 && value <= MAX_PAGE_SIZE, {
      error: `{field} must be a whole number from 1 to ${MAX_PAGE_SIZE}.`,
    })
    .optional(),
  cursor: z.string({ error: '{field} must be given once.' }).optional(),
});
