import type { Model, Types } from 'mongoose';

import { deleteShopApiData } from '../api-keys/service';
import type { Clock } from '../clock';
import { SESSION_COLLECTION, type Models } from '../db/models';
import type { Logger } from '../logger';
import { upsertWithRetry } from '../lib/upsert';
import { renewLease } from '../worker/queue';
import {
  customerClauses,
  hasIdentifiers,
  toCustomerIdentifiers,
  type CustomerIdentifiers,
} from './customer-identifiers';
import { deleteExpired } from '../retention/expire';
import type { DeletionCounts, DeletionRequestDocument } from './deletion-request-model';

/** Display name a review gets when its reviewer's data is erased. */
export const ANONYMOUS_DISPLAY_NAME = 'Anonymous';

export interface DeletionContext {
  models: Models;
  clock: Clock;
  logger: Logger;
  batchSize: number;
  leaseMs: number;
  /** Called after each stored batch; tests use it to stop a worker mid-request. */
  afterBatch?: () => Promise<void>;
}

type RequestDoc = DeletionRequestDocument & { _id: unknown };

/** Thrown when another worker took the request over; the caller stops without touching it. */
export class LeaseLostError extends Error {
  constructor() {
    super('Another worker took over this deletion request');
    this.name = 'LeaseLostError';
  }
}

/**
 * Deletes what one request covers, batch by batch. Every step is idempotent, so a request whose
 * worker died is finished by the next worker that claims it. Counts are added after each batch.
 */
export async function processDeletionRequest(
  context: DeletionContext,
  request: RequestDoc,
  token: string,
): Promise<void> {
  const run = new BatchRunner(context, request._id, token);
  const { shop, scope } = request;

  switch (scope.kind) {
    case 'customer':
      await deleteCustomerData(context, run, shop, request);
      break;
    case 'before_date':
      await deleteBeforeDate(context, run, shop, scope.before!);
      break;
    case 'shop':
      await deleteShop(context, run, shop);
      break;
    case 'access_tokens':
      await deleteAccessTokens(context, run, shop);
      break;
    case 'retention':
      run.tallyByShop();
      await deleteExpired(context, run, scope.before!);
      await recordRetentionPerShop(context, request, run.countsByShop());
      break;
  }

  await markDone(context, request._id, token);
}

async function deleteCustomerData(context: DeletionContext, run: BatchRunner, shop: string, request: RequestDoc) {
  const { models } = context;
  const scope = request.scope;
  const named = toCustomerIdentifiers({
    customerId: scope.customerId,
    emails: scope.emails ?? [],
    orderIds: scope.orderIds ?? [],
  });

  if (!hasIdentifiers(named)) {
    context.logger.warn(
      { deletionRequestId: String(request._id) },
      'Deletion request names no usable customer identifier; nothing deleted',
    );
    return;
  }

  // Invitations first: each batch records the emails and customer ids it found (in the request,
  // so a restarted worker still has them) before deleting, because an order id alone does not
  // name the last-invited record that must go too.
  const invitationFilter = {
    shop,
    $or: customerClauses(named, { customerId: 'customerId', email: 'emailLower', orderId: 'orderId' }),
  };
  await run.inBatches(models.Invitation, invitationFilter, 'invitations', async (batch) => {
    const emails = unique(batch.map((doc) => doc.emailLower as string | undefined));
    const customerIds = unique(batch.map((doc) => doc.customerId as string | undefined));
    await models.DeletionRequest.updateOne(
      { _id: request._id },
      { $addToSet: { 'scope.linkedEmails': { $each: emails }, 'scope.linkedCustomerIds': { $each: customerIds } } },
    );
    const anonymized = await models.Review.updateMany(
      { shop, invitationId: { $in: batch.map((doc) => doc._id) } },
      { $set: { displayName: ANONYMOUS_DISPLAY_NAME, anonymized: true }, $unset: { invitationId: 1 } },
    );
    return { reviewsAnonymized: anonymized.modifiedCount };
  });

  await run.inBatches(
    models.BccMessage,
    { shop, $or: customerClauses(named, { customerId: 'customerId', email: 'emailLower', orderId: 'orderId' }) },
    'bccMessages',
  );

  const linked = await models.DeletionRequest.findById(request._id).lean<RequestDoc>();
  const everyone: CustomerIdentifiers = {
    ...named,
    emails: unique([...named.emails, ...(linked?.scope.linkedEmails ?? [])]),
  };
  const linkedCustomerIds = unique([
    ...(named.customerId ? [named.customerId] : []),
    ...(linked?.scope.linkedCustomerIds ?? []),
  ]);

  const lastInvitedClauses: object[] = [];
  if (everyone.emails.length > 0) lastInvitedClauses.push({ emailLower: { $in: everyone.emails } });
  if (linkedCustomerIds.length > 0) lastInvitedClauses.push({ customerId: { $in: linkedCustomerIds } });
  if (lastInvitedClauses.length > 0) {
    await run.inBatches(models.LastInvited, { shop, $or: lastInvitedClauses }, 'lastInvited');
  }

  const exportClauses: object[] = [];
  if (everyone.emails.length > 0) exportClauses.push({ 'subject.emailLower': { $in: everyone.emails } });
  if (linkedCustomerIds.length > 0) exportClauses.push({ 'subject.customerId': { $in: linkedCustomerIds } });
  if (exportClauses.length > 0) {
    await run.inBatches(models.DataExport, { shop, $or: exportClauses }, 'dataExports');
  }
}

async function deleteBeforeDate(context: DeletionContext, run: BatchRunner, shop: string, before: Date) {
  const { models } = context;

  await run.inBatches(models.Invitation, { shop, createdAt: { $lt: before } }, 'invitations', async (batch) => {
    // Reviews stay online with their display name; they only lose the link to the deleted invitation.
    await models.Review.updateMany(
      { shop, invitationId: { $in: batch.map((doc) => doc._id) } },
      { $unset: { invitationId: 1 } },
    );
    return {};
  });
  await run.inBatches(models.BccMessage, { shop, receivedAt: { $lt: before } }, 'bccMessages');
  await run.inBatches(models.LastInvited, { shop, lastInvitedAt: { $lt: before } }, 'lastInvited');
  await run.inBatches(models.DataExport, { shop, requestedAt: { $lt: before } }, 'dataExports');
}

async function deleteShop(context: DeletionContext, run: BatchRunner, shop: string) {
  const { models } = context;

  await run.inBatches(models.Invitation, { shop }, 'invitations');
  await run.inBatches(models.BccMessage, { shop }, 'bccMessages');
  await run.inBatches(models.LastInvited, { shop }, 'lastInvited');
  await run.inBatches(models.Review, { shop }, 'reviews');
  await run.inBatches(models.DataExport, { shop }, 'dataExports');
  await run.inBatches(models.WebhookDelivery, { shop }, 'webhookDeliveries');
  await deleteShopApiData(models, shop);
  await deleteAccessTokens(context, run, shop);
  await run.inBatches(models.Shop, { shop }, 'shops');
}

async function deleteAccessTokens(context: DeletionContext, run: BatchRunner, shop: string) {
  const result = await context.models.connection.collection(SESSION_COLLECTION).deleteMany({ shop });
  await run.record({ sessions: result.deletedCount });
  await context.models.Shop.updateOne({ shop }, { $set: { uninstalledAt: context.clock.now() } });
}

async function markDone(context: DeletionContext, id: unknown, token: string) {
  const now = context.clock.now();
  const result = await context.models.DeletionRequest.updateOne(
    { _id: id, claimToken: token },
    {
      $set: { status: 'done', finishedAt: now },
      // The history keeps no personal data once the request is done.
      $unset: {
        'scope.customerId': 1,
        'scope.emails': 1,
        'scope.orderIds': 1,
        'scope.linkedEmails': 1,
        'scope.linkedCustomerIds': 1,
        claimToken: 1,
        lastError: 1,
      },
    },
  );
  if (result.matchedCount !== 1) throw new LeaseLostError();
}

/**
 * Writes one history row per shop for a retention sweep, which itself spans every shop: a merchant
 * sees in the shop's own history what retention deleted there, and no other shop's counts.
 */
export async function recordRetentionPerShop(
  context: DeletionContext,
  request: RequestDoc,
  byShop: Map<string, Partial<DeletionCounts>>,
) {
  const now = context.clock.now();
  for (const [shop, counts] of byShop) {
    const increments = Object.fromEntries(Object.entries(counts).map(([kind, value]) => [`counts.${kind}`, value]));
    const update = {
      $setOnInsert: {
        shop,
        source: 'retention',
        scope: { kind: 'retention', before: request.scope.before },
        status: 'done',
        requestedAt: request.requestedAt,
        startedAt: request.startedAt ?? now,
        finishedAt: now,
      },
      $inc: increments,
    };
    await upsertWithRetry(() =>
      context.models.DeletionRequest.updateOne({ dedupeKey: `${String(request._id)}:${shop}` }, update, {
        upsert: true,
      }),
    );
  }
}

/** Deletes matching documents in bounded batches, adding counts and renewing the lease after each. */
export class BatchRunner {
  private byShop: Map<string, Partial<DeletionCounts>> | undefined;

  constructor(
    private readonly context: DeletionContext,
    private readonly requestId: unknown,
    private readonly token: string,
  ) {}

  async inBatches(
    model: Model<any>,
    filter: object,
    kind: keyof DeletionCounts,
    beforeDelete?: (
      batch: Array<Record<string, unknown> & { _id: Types.ObjectId }>,
    ) => Promise<Partial<DeletionCounts>>,
  ): Promise<void> {
    for (;;) {
      const batch = await model
        .find(filter)
        .select('_id shop emailLower customerId')
        .limit(this.context.batchSize)
        .lean<Array<Record<string, unknown> & { _id: Types.ObjectId }>>();
      if (batch.length === 0) return;

      const extra = beforeDelete ? await beforeDelete(batch) : {};
      const deleted = await model.deleteMany({ _id: { $in: batch.map((doc) => doc._id) } });
      this.tally(batch, kind);
      await this.record({ ...extra, [kind]: deleted.deletedCount });
    }
  }

  /** Also counts deletions per shop, for requests that span several shops. */
  tallyByShop(): void {
    this.byShop = new Map();
  }

  countsByShop(): Map<string, Partial<DeletionCounts>> {
    return this.byShop ?? new Map();
  }

  // NOTE: per-shop counts live in memory. A sweep finished by a second worker after a crash reports
  // per shop only what the second worker deleted. The sweep's own total stays exact.
  private tally(batch: Array<Record<string, unknown>>, kind: keyof DeletionCounts): void {
    if (!this.byShop) return;
    for (const doc of batch) {
      const shop = String(doc.shop);
      const counts = this.byShop.get(shop) ?? {};
      counts[kind] = (counts[kind] ?? 0) + 1;
      this.byShop.set(shop, counts);
    }
  }

  async record(counts: Partial<DeletionCounts>): Promise<void> {
    const increments = Object.fromEntries(
      Object.entries(counts)
        .filter(([, value]) => typeof value === 'number' && value > 0)
        .map(([kind, value]) => [`counts.${kind}`, value]),
    );
    if (Object.keys(increments).length > 0) {
      // Counts are added even if the lease was lost meanwhile: these documents were deleted by
      // this worker and by no other, so the count belongs to the request either way.
      await this.context.models.DeletionRequest.updateOne({ _id: this.requestId }, { $inc: increments });
    }

    const { models, clock, leaseMs } = this.context;
    if (!(await renewLease(models.DeletionRequest, this.requestId, this.token, clock.now(), leaseMs))) {
      throw new LeaseLostError();
    }
    await this.context.afterBatch?.();
  }
}

function unique(values: Array<string | undefined | null>): string[] {
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && value !== ''))];
}
