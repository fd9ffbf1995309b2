import { Schema, type InferSchemaType } from 'mongoose';

/** The response stored for replay: status, JSON body as text, and the Location header if any. */
const storedResponseSchema = new Schema(
  {
    status: { type: Number, required: true },
    body: { type: String, required: true },
    location: { type: String },
  },
  { _id: false, strict: 'throw' },
);

/**
 * One Idempotency-Key of one shop. The unique index on (shop, key) makes concurrent requests with
 * the same key share one record, and so one deletion request.
 */
export const idempotencyRecordSchema = new Schema(
  {
    shop: { type: String, required: true },
    key: { type: String, required: true },
    /** SHA-256 of the method, path and canonical JSON body; another body under the same key is rejected. */
    requestHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    /** After this time the key may be used again for a new request. */
    expiresAt: { type: Date, required: true },
    response: { type: storedResponseSchema },
  },
  { strict: 'throw', strictQuery: 'throw', collection: 'apiidempotencykeys' },
);

idempotencyRecordSchema.index({ shop: 1, key: 1 }, { unique: true });
idempotencyRecordSchema.index({ shop: 1, expiresAt: 1 });

export type IdempotencyRecordDocument = InferSchemaType<typeof idempotencyRecordSchema>;
