import { Schema, type InferSchemaType } from 'mongoose';

export const FREQUENCIES = ['every_order', '30d', '90d', '1y', '3y'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const shopSchema = new Schema(
  {
    /** The shop's myshopify domain, lower-case; the key every other collection uses. */
    shop: { type: String, required: true, unique: true },
    installedAt: { type: Date },
    uninstalledAt: { type: Date },
    settings: {
      delayDays: { type: Number, min: 0, max: 90, default: 7 },
      frequency: { type: String, enum: FREQUENCIES, default: '3y' },
    },
    /** Shorter retention periods the merchant chose, in days; absent means the default applies. */
    retention: {
      bccMessagesDays: { type: Number, min: 1 },
      invitationsDays: { type: Number, min: 1 },
      dataExportsDays: { type: Number, min: 1 },
    },
    /**
     * The secret BCC inbound address. The token is HMAC(secret, shop and nonce), so the address can
     * be shown again from the nonce while the database holds only the token's SHA-256 hash.
     */
    inbound: {
      nonce: { type: String },
      tokenHash: { type: String },
      /** Messages refused with 422 (unparseable or no usable recipient). */
      rejectedCount: { type: Number },
      lastRejectedAt: { type: Date },
      lastRejectionCode: { type: String },
    },
  },
  { timestamps: true, strict: 'throw', strictQuery: 'throw' },
);

shopSchema.index({ 'inbound.tokenHash': 1 });

export type ShopDocument = InferSchemaType<typeof shopSchema>;
