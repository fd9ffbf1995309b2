import { normalizeEmail } from '../lib/email';

/** The ways a request can name one customer. Any subset may be present. */
export interface CustomerIdentifiers {
  customerId?: string;
  emails: string[];
  orderIds: string[];
}

/** Field names a collection uses for each identifier; a collection without a field omits it. */
export interface IdentifierFields {
  customerId?: string;
  email?: string;
  orderId?: string;
}

/**
 * Builds identifiers from untrusted input, keeping only present, non-empty values. An id of 0 or
 * an empty string is dropped rather than matched.
 */
export function toCustomerIdentifiers(input: {
  customerId?: unknown;
  emails?: unknown[];
  orderIds?: unknown[];
}): CustomerIdentifiers {
  const customerId = toId(input.customerId);
  const emails = (input.emails ?? [])
    .filter((email): email is string => typeof email === 'string' && email.trim() !== '')
    .map(normalizeEmail);
  const orderIds = (input.orderIds ?? []).map(toId).filter((id): id is string => id !== undefined);

  return {
    ...(customerId ? { customerId } : {}),
    emails: [...new Set(emails)],
    orderIds: [...new Set(orderIds)],
  };
}

export function hasIdentifiers(identifiers: CustomerIdentifiers): boolean {
  return Boolean(identifiers.customerId) || identifiers.emails.length > 0 || identifiers.orderIds.length > 0;
}

/**
 * Returns the `$or` clauses that match a customer in one collection. Each clause names a field
 * with a concrete value. With no usable identifier this throws, because an empty filter would
 * match every document of the shop.
 */
export function customerClauses(identifiers: CustomerIdentifiers, fields: IdentifierFields): object[] {
  const clauses: object[] = [];

  if (fields.customerId && identifiers.customerId) {
    clauses.push({ [fields.customerId]: identifiers.customerId });
  }
  if (fields.email && identifiers.emails.length > 0) {
    clauses.push({ [fields.email]: { $in: identifiers.emails } });
  }
  if (fields.orderId && identifiers.orderIds.length > 0) {
    clauses.push({ [fields.orderId]: { $in: identifiers.orderIds } });
  }

  if (clauses.length === 0) throw new EmptyCustomerFilterError();
  return clauses;
}

export class EmptyCustomerFilterError extends Error {
  constructor() {
    super(
      'No customer identifier is usable for this collection; refusing to build a filter that matches the whole shop.',
    );
    this.name = 'EmptyCustomerFilterError';
  }
}

function toId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value.trim()) && !/^0+$/.test(value.trim())) return value.trim();
  // Admin API GraphQL ids look like gid://shopify/Customer/123; the numeric tail is the REST id.
  if (typeof value === 'string') {
    const gid = /^gid:\/\/shopify\/\w+\/(\d+)$/.exec(value.trim());
    if (gid) return gid[1];
  }
  return undefined;
}
