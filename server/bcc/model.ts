import { randomUUID } from 'node:crypto';
import { Schema, type InferSchemaType } from 'mongoose';

/** An order email that the shop's system copied (BCC) to the app's inbound address. */
export const bccMessageSchema = new Schema(
  {
    shop: { type: String, required: true },
    emailLower: { type: String, required: true },
    customerName: { type: String },
    customerId: { type: String },
    orderId: { type: String },
    orderReference: { type: String },
    subject: { type: String },
    messageId: { type: String },
    sizeBytes: { type: Number },
    receivedAt: { type: Date, required: true },
    /**
     * SHA-256 of the shop and the Message-ID (or of the raw message when it has none), so a
     * message delivered twice is stored once. Random for messages stored some other way.
     */
    dedupeKey: { type: String, required: true, default: () => randomUUID() },
    /** Outcome of the invitation rules for this message: 'scheduled' or the skip reason. */
    invitationOutcome: { type: String },
    /** When a request started making the invitation; a repeated delivery takes over a stale one. */
    invitationClaimedAt: { type: Date },
  },
  { strict: 'throw', strictQuery: 'throw', collection: 'bccmessages' },
);

bccMessageSchema.index({ shop: 1, emailLower: 1 });
bccMessageSchema.index({ shop: 1, customerId: 1 });
bccMessageSchema.index({ shop: 1, orderId: 1 });
bccMessageSchema.index({ shop: 1, receivedAt: 1 });
bccMessageSchema.index({ receivedAt: 1 });
bccMessageSchema.index({ dedupeKey: 1 }, { unique: true });

export type BccMessageDocument = InferSchemaType<typeof bccMessageSchema>;
