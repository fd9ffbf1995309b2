import { Schema, type InferSchemaType } from 'mongoose';

/**
 * One of the `limit` request slots of one API key in one fixed rate-limit window. A request passes
 * by inserting a free slot, and the unique index gives each slot to one request only. A counter
 * updated with findOneAndUpdate and $inc would be simpler, but on FerretDB 1.24 concurrent
 * increments were lost in the rate-limit tests, while a unique insert works on both databases.
 */
export const rateLimitSlotSchema = new Schema(
  {
    /** The API key's id. */
    key: { type: String, required: true },
    windowStart: { type: Date, required: true },
    /** 1 to limit. */
    slot: { type: Number, required: true },
  },
  { strict: 'throw', strictQuery: 'throw', collection: 'apiratelimitslots' },
);

rateLimitSlotSchema.index({ key: 1, windowStart: 1, slot: 1 }, { unique: true });

export type RateLimitSlotDocument = InferSchemaType<typeof rateLimitSlotSchema>;
