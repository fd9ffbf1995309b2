import { Schema, type InferSchemaType } from 'mongoose';

import { QUEUE_STATUSES } from './deletion-request-model';

/**
 * Export made for a customers/data_request: everything held about one customer in one shop, built by
 * the worker and kept for the merchant to download until `expiresAt`.
 */
export const dataExportSchema = new Schema(
  {
    shop: { type: String, required: true },
    dedupeKey: { type: String, required: true },
    /** Shopify's data_request.id, shown to the merchant in the Shopify admin. */
    dataRequestId: { type: String },
    subject: {
      customerId: { type: String },
      emailLower: { type: String },
      orderIds: { type: [String], default: undefined },
    },
    status: { type: String, enum: QUEUE_STATUSES, default: 'pending' },
    attempts: { type: Number, default: 0 },
    leaseUntil: { type: Date, default: () => new Date(0) },
    claimToken: { type: String },
    lastError: { type: String },
    /** The export itself, as plain JSON. */
    data: { type: Schema.Types.Mixed },
    requestedAt: { type: Date, required: true },
    finishedAt: { type: Date },
    expiresAt: { type: Date, required: true },
  },
  { strict: 'throw', strictQuery: 'throw', collection: 'dataexports', minimize: false },
);

dataExportSchema.index({ dedupeKey: 1 }, { unique: true });
dataExportSchema.index({ status: 1, leaseUntil: 1, requestedAt: 1 });
dataExportSchema.index({ shop: 1, requestedAt: -1 });
dataExportSchema.index({ shop: 1, 'subject.emailLower': 1 });
dataExportSchema.index({ shop: 1, 'subject.customerId': 1 });
dataExportSchema.index({ expiresAt: 1 });

export type DataExportDocument = InferSchemaType<typeof dataExportSchema>;
