import { Schema, type InferSchemaType } from 'mongoose';

export const SUPPRESSION_SOURCES = ['unsubscribe_page', 'one_click'] as const;

/**
 * Customers who unsubscribed from a shop's invitations. Only a keyed fingerprint of the email is
 * stored (see fingerprint.ts), never the address, so the entry may outlive every deletion of
 * invitation data: it cannot be turned back into an email address without the key.
 */
export const suppressionSchema = new Schema(
  {
    shop: { type: String, required: true },
    fingerprint: { type: String, required: true },
    source: { type: String, enum: SUPPRESSION_SOURCES, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', strictQuery: 'throw', collection: 'suppressions' },
);

suppressionSchema.index({ shop: 1, fingerprint: 1 }, { unique: true });

export type SuppressionDocument = InferSchemaType<typeof suppressionSchema>;
