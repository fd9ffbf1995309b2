import { Schema, type InferSchemaType } from 'mongoose';

/**
 * One of the `limit` request slots of one API key in one fixed rate-limit window. A request passes
 * by inserting a free slot; the unique index makes two requests never get the same slot. Counting
 * with findAndModify or $inc would be simpler, but FerretDB 1.24 runs those as a read followed by
 * a write and loses increments under concurrency, while a unique insert holds on both databases.
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
