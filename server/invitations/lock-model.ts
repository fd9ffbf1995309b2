import { Schema, type InferSchemaType } from 'mongoose';

/**
 * Short-lived locks of the invitation flow, one row per key. Inserting the row takes the lock: a
 * unique index decides between processes even where a conditional update is not atomic (FerretDB
 * reads, then writes). Keys hold ids and keyed fingerprints only; stale rows are swept.
 */
export const invitationLockSchema = new Schema(
  {
    key: { type: String, required: true },
    /** Random id of the holder, so only the holder releases it. */
    owner: { type: String },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', strictQuery: 'throw', collection: 'invitationlocks' },
);

invitationLockSchema.index({ key: 1 }, { unique: true });
invitationLockSchema.index({ createdAt: 1 });

export type InvitationLockDocument = InferSchemaType<typeof invitationLockSchema>;
