import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A written review. It stores no email address or customer id; `invitationId` links it to the
 * invitation it came from until that invitation's data is deleted.
 */
export const reviewSchema = new Schema(
  {
    shop: { type: String, required: true },
    invitationId: { type: Schema.Types.ObjectId },
    productId: { type: String },
    rating: { type: Number, required: true, min: 1, max: 5 },
    title: { type: String },
    body: { type: String },
    displayName: { type: String, required: true },
    /** True once the display name was replaced after the reviewer's data was erased. */
    anonymized: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', strictQuery: 'throw' },
);

reviewSchema.index({ shop: 1, invitationId: 1 });
reviewSchema.index({ shop: 1, createdAt: -1 });

export type ReviewDocument = InferSchemaType<typeof reviewSchema>;
