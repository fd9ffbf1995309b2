import { Schema, type InferSchemaType } from 'mongoose';

export const SKIP_REASONS = ['frequency', 'suppressed', 'duplicate_order'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/**
 * How many invitations a shop did not create, per reason, so the merchant can see why a customer
 * got none. Counts only: no customer data.
 */
export const skipCounterSchema = new Schema(
  {
    shop: { type: String, required: true },
    reason: { type: String, enum: SKIP_REASONS, required: true },
    count: { type: Number, required: true, default: 0 },
    lastSkippedAt: { type: Date, required: true },
  },
  { strict: 'throw', strictQuery: 'throw', collection: 'invitationskips' },
);

skipCounterSchema.index({ shop: 1, reason: 1 }, { unique: true });

export type SkipCounterDocument = InferSchemaType<typeof skipCounterSchema>;
