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
  },
  { timestamps: true, strict: 'throw', strictQuery: 'throw' },
);

export type ShopDocument = InferSchemaType<typeof shopSchema>;
