import { Schema, type InferSchemaType } from 'mongoose';

export const DELETION_SOURCES = ['webhook', 'admin', 'api', 'retention', 'uninstall', 'admin_extension'] as const;
export type DeletionSource = (typeof DELETION_SOURCES)[number];

/**
 * Scope kinds of a deletion request:
 * - customer: one person's data in a shop, matched by any of customerId, emails, orderIds;
 * - before_date: all invitation data created before `before`;
 * - shop: everything held for the shop (shop/redact);
 * - access_tokens: the shop's stored access tokens only (app/uninstalled);
 * - retention: everything past its retention period at `before`, in every shop (the retention sweep).
 */
export const DELETION_SCOPE_KINDS = ['customer', 'before_date', 'shop', 'access_tokens', 'retention'] as const;
export type DeletionScopeKind = (typeof DELETION_SCOPE_KINDS)[number];

export const QUEUE_STATUSES = ['pending', 'running', 'done', 'failed'] as const;

const countsSchema = new Schema(
  {
    invitations: { type: Number, default: 0 },
    bccMessages: { type: Number, default: 0 },
    lastInvited: { type: Number, default: 0 },
    dataExports: { type: Number, default: 0 },
    reviewsAnonymized: { type: Number, default: 0 },
    reviews: { type: Number, default: 0 },
    sessions: { type: Number, default: 0 },
    shops: { type: Number, default: 0 },
    webhookDeliveries: { type: Number, default: 0 },
  },
  { _id: false, strict: 'throw' },
);

export const DELETION_COUNT_KINDS = Object.keys(countsSchema.paths) as Array<keyof DeletionCounts>;

const scopeSchema = new Schema(
  {
    kind: { type: String, enum: DELETION_SCOPE_KINDS, required: true },
    customerId: { type: String },
    emails: { type: [String], default: undefined },
    orderIds: { type: [String], default: undefined },
    before: { type: Date },
    /** Emails and customer ids of invitations matched so far (by order id, say); last-invited records of these go too. */
    linkedEmails: { type: [String], default: undefined },
    linkedCustomerIds: { type: [String], default: undefined },
    /** How many identifiers the request named; kept after the identifiers are removed. */
    identifierCount: { type: Number },
  },
  { _id: false, strict: 'throw' },
);

/**
 * A deletion request, which is also its row in the deletion history. When the request is done, the
 * personal fields of the scope (customerId, emails, orderIds) are removed. The kind, counts, times,
 * source and ids stay.
 */
export const deletionRequestSchema = new Schema(
  {
    shop: { type: String, required: true },
    source: { type: String, enum: DELETION_SOURCES, required: true },
    /** Webhook topic, for requests a webhook started. */
    topic: { type: String },
    /** Unique per logical request: a webhook delivery, an idempotency key, or a random id. */
    dedupeKey: { type: String, required: true },
    scope: { type: scopeSchema, required: true },
    status: { type: String, enum: QUEUE_STATUSES, default: 'pending' },
    counts: { type: countsSchema, default: () => ({}) },
    attempts: { type: Number, default: 0 },
    /** A worker owns the request until this time; a crashed worker's lease simply runs out. */
    leaseUntil: { type: Date, default: () => new Date(0) },
    claimToken: { type: String },
    /** A short error description without personal data, kept for the history. */
    lastError: { type: String },
    requestedAt: { type: Date, required: true },
    startedAt: { type: Date },
    finishedAt: { type: Date },
  },
  { strict: 'throw', strictQuery: 'throw', collection: 'deletionrequests' },
);

deletionRequestSchema.index({ dedupeKey: 1 }, { unique: true });
deletionRequestSchema.index({ status: 1, leaseUntil: 1, requestedAt: 1 });
deletionRequestSchema.index({ shop: 1, requestedAt: -1 });

export type DeletionCounts = {
  invitations: number;
  bccMessages: number;
  lastInvited: number;
  dataExports: number;
  reviewsAnonymized: number;
  reviews: number;
  sessions: number;
  shops: number;
  webhookDeliveries: number;
};

export type DeletionRequestDocument = InferSchemaType<typeof deletionRequestSchema>;
