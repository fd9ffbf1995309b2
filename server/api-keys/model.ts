import { Schema, type InferSchemaType } from 'mongoose';

/**
 * An API key of one shop. Only the SHA-256 hash of the key is stored. The prefix (the first 12
 * characters of the key) lets the merchant tell keys apart on the app page.
 */
export const apiKeySchema = new Schema(
  {
    shop: { type: String, required: true },
    name: { type: String, required: true },
    prefix: { type: String, required: true },
    keyHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date },
    revokedAt: { type: Date },
  },
  { strict: 'throw', strictQuery: 'throw', collection: 'apikeys' },
);

apiKeySchema.index({ keyHash: 1 }, { unique: true });
apiKeySchema.index({ shop: 1, createdAt: -1 });

export type ApiKeyDocument = InferSchemaType<typeof apiKeySchema>;
