import type { Connection, Model } from 'mongoose';

import { idempotencyRecordSchema, type IdempotencyRecordDocument } from '../api/idempotency-model';
import { rateLimitSlotSchema, type RateLimitSlotDocument } from '../api/rate-limit-model';
import { apiKeySchema, type ApiKeyDocument } from '../api-keys/model';
import { bccMessageSchema, type BccMessageDocument } from '../bcc/model';
import { lastInvitedSchema, type LastInvitedDocument } from '../invitations/last-invited-model';
import { invitationSchema, type InvitationDocument } from '../invitations/model';
import { invitationLockSchema, type InvitationLockDocument } from '../invitations/lock-model';
import { skipCounterSchema, type SkipCounterDocument } from '../invitations/skip-counter-model';
import { suppressionSchema, type SuppressionDocument } from '../invitations/suppression-model';
import { dataExportSchema, type DataExportDocument } from '../privacy/data-export-model';
import { deletionRequestSchema, type DeletionRequestDocument } from '../privacy/deletion-request-model';
import { reviewSchema, type ReviewDocument } from '../reviews/model';
import { shopSchema, type ShopDocument } from '../shops/model';
import { webhookDeliverySchema, type WebhookDeliveryDocument } from '../webhooks/delivery-model';

/** Collection written by @shopify/shopify-app-session-storage-mongodb; access tokens live there. */
export const SESSION_COLLECTION = 'shopify_sessions';

export interface Models {
  Shop: Model<ShopDocument>;
  Invitation: Model<InvitationDocument>;
  LastInvited: Model<LastInvitedDocument>;
  Suppression: Model<SuppressionDocument>;
  SkipCounter: Model<SkipCounterDocument>;
  InvitationLock: Model<InvitationLockDocument>;
  BccMessage: Model<BccMessageDocument>;
  Review: Model<ReviewDocument>;
  DeletionRequest: Model<DeletionRequestDocument>;
  DataExport: Model<DataExportDocument>;
  WebhookDelivery: Model<WebhookDeliveryDocument>;
  ApiKey: Model<ApiKeyDocument>;
  IdempotencyRecord: Model<IdempotencyRecordDocument>;
  RateLimitSlot: Model<RateLimitSlotDocument>;
  connection: Connection;
}

/** Registers every model on the given connection, so tests can use a connection of their own. */
export function createModels(connection: Connection): Models {
  return {
    Shop: connection.model<ShopDocument>('Shop', shopSchema),
    Invitation: connection.model<InvitationDocument>('Invitation', invitationSchema),
    LastInvited: connection.model<LastInvitedDocument>('LastInvited', lastInvitedSchema),
    Suppression: connection.model<SuppressionDocument>('Suppression', suppressionSchema),
    SkipCounter: connection.model<SkipCounterDocument>('SkipCounter', skipCounterSchema),
    InvitationLock: connection.model<InvitationLockDocument>('InvitationLock', invitationLockSchema),
    BccMessage: connection.model<BccMessageDocument>('BccMessage', bccMessageSchema),
    Review: connection.model<ReviewDocument>('Review', reviewSchema),
    DeletionRequest: connection.model<DeletionRequestDocument>('DeletionRequest', deletionRequestSchema),
    DataExport: connection.model<DataExportDocument>('DataExport', dataExportSchema),
    WebhookDelivery: connection.model<WebhookDeliveryDocument>('WebhookDelivery', webhookDeliverySchema),
    ApiKey: connection.model<ApiKeyDocument>('ApiKey', apiKeySchema),
    IdempotencyRecord: connection.model<IdempotencyRecordDocument>('IdempotencyRecord', idempotencyRecordSchema),
    RateLimitSlot: connection.model<RateLimitSlotDocument>('RateLimitSlot', rateLimitSlotSchema),
    connection,
  };
}

/** Creates the collections and indexes. Idempotent; runs at start instead of mongoose's autoIndex. */
export async function syncIndexes(models: Models): Promise<void> {
  const { connection, ...byName } = models;
  for (const model of Object.values(byName)) {
    await model.createCollection().catch(ignoreExists);
    await model.createIndexes();
  }
  const sessions = connection.collection(SESSION_COLLECTION);
  // Unique, so two web processes exchanging a token for the same new shop store one session.
  await sessions.createIndex({ id: 1 }, { unique: true, name: 'id_unique' });
  await sessions.createIndex({ shop: 1 });
}

function ignoreExists(error: { code?: number }): void {
  // 48 is NamespaceExists; both MongoDB and FerretDB report it when the collection is there.
  if (error.code !== 48) throw error;
}
