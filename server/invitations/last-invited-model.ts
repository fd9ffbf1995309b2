import { Schema, type InferSchemaType } from 'mongoose';

/**
 * When a customer of a shop was last invited; the frequency setting reads it. It is deleted with
 * the invitations it summarises, so a deleted customer can be invited again sooner.
 */
export const lastInvitedSchema = new Schema(
  {
    shop: { type: String, required: true },
    emailLower: { type: String, required: true },
    customerId: { type: String },
    lastInvitedAt: { type: Date, required: true },
    /** Order of the latest invitation; lets two concurrent deliveries of one order create one invitation. */
    lastOrderId: { type: String },
  },
  { strict: 'throw', strictQuery: 'throw', collection: 'lastinvited' },
);

lastInvitedSchema.index({ shop: 1, emailLower: 1 }, { unique: true });
lastInvitedSchema.index({ shop: 1, customerId: 1 });
lastInvitedSchema.index({ shop: 1, lastInvitedAt: 1 });
lastInvitedSchema.index({ lastInvitedAt: 1 });

export type LastInvitedDocument = InferSchemaType<typeof lastInvitedSchema>;
