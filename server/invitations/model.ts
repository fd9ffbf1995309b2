import { Schema, type InferSchemaType } from 'mongoose';

export const INVITATION_STATUSES = ['scheduled', 'sending', 'sent', 'failed', 'cancelled', 'reviewed'] as const;
export const INVITATION_SOURCES = ['order', 'bcc', 'import'] as const;

/**
 * One review invitation to one customer. The link token is stored only as its SHA-256 hash, so a
 * database dump cannot be turned into working review links.
 */
export const invitationSchema = new Schema(
  {
    shop: { type: String, required: true },
    customerId: { type: String },
    email: { type: String, required: true },
    /** Lower-cased email, the form every lookup and deletion matches on. */
    emailLower: { type: String, required: true },
    name: { type: String },
    phone: { type: String },
    orderId: { type: String },
    orderName: { type: String },
    locale: { type: String },
    tokenHash: { type: String, required: true },
    status: { type: String, enum: INVITATION_STATUSES, default: 'scheduled' },
    scheduledFor: { type: Date },
    sentAt: { type: Date },
    usedAt: { type: Date },
    /** The fulfilled products, offered for product reviews on the review page. */
    products: {
      type: [
        new Schema(
          { productId: { type: String, required: true }, title: { type: String, required: true } },
          { _id: false, strict: 'throw' },
        ),
      ],
      default: undefined,
    },
    source: { type: String, enum: INVITATION_SOURCES },
    /** Sending: attempts so far, when the next may start, and the lease of the worker sending it. */
    attempts: { type: Number },
    nextAttemptAt: { type: Date },
    leaseUntil: { type: Date },
    claimToken: { type: String },
    lastError: { type: String },
    failedAt: { type: Date },
    cancelledAt: { type: Date },
    cancelledBy: { type: String, enum: ['merchant', 'unsubscribed'] },
    /** Set by `npm run import`, so a failed import can remove exactly what it wrote. */
    importBatchId: { type: String },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', strictQuery: 'throw', timestamps: { createdAt: false, updatedAt: true } },
);

invitationSchema.index({ tokenHash: 1 }, { unique: true });
invitationSchema.index({ shop: 1, emailLower: 1 });
invitationSchema.index({ shop: 1, customerId: 1 });
invitationSchema.index({ shop: 1, orderId: 1 });
invitationSchema.index({ shop: 1, createdAt: 1 });
invitationSchema.index({ createdAt: 1 });
invitationSchema.index({ importBatchId: 1 });
invitationSchema.index({ status: 1, scheduledFor: 1 });
invitationSchema.index({ status: 1, leaseUntil: 1 });

export type InvitationDocument = InferSchemaType<typeof invitationSchema>;
