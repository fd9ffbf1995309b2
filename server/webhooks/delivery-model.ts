import { Schema, type InferSchemaType } from 'mongoose';

/** A webhook delivery the app accepted; its dedupeKey lets a repeated delivery be recognised. */
export const webhookDeliverySchema = new Schema(
  {
    dedupeKey: { type: String, required: true },
    shop: { type: String },
    topic: { type: String, required: true },
    webhookId: { type: String },
    apiVersion: { type: String },
    receivedAt: { type: Date, required: true },
  },
  { strict: 'throw', strictQuery: 'throw', collection: 'webhookdeliveries' },
);

webhookDeliverySchema.index({ dedupeKey: 1 }, { unique: true });
webhookDeliverySchema.index({ shop: 1, receivedAt: 1 });
webhookDeliverySchema.index({ receivedAt: 1 });

export type WebhookDeliveryDocument = InferSchemaType<typeof webhookDeliverySchema>;
