import type { BatchRunner, DeletionContext } from '../privacy/deletion-processor';
import {
  RETENTION_FIELDS,
  WEBHOOK_DELIVERY_RETENTION_DAYS,
  cutoff,
  effectivePeriods,
  DEFAULT_RETENTION_DAYS,
} from './periods';

/** Shops read per round when looking for shorter merchant periods. */
const SHOP_PAGE_SIZE = 200;

/**
 * Deletes everything past its retention at `asOf`, in the runner's bounded batches. Shops with a
 * shorter period are swept first with their own cutoffs; then one pass per kind applies the
 * defaults to every shop. A record counts as expired once its age reaches the period exactly.
 */
export async function deleteExpired(context: DeletionContext, run: BatchRunner, asOf: Date): Promise<void> {
  await deleteForShorterPeriods(context, run, asOf);

  const { models } = context;
  await deleteInvitations(context, run, {}, cutoff(asOf, DEFAULT_RETENTION_DAYS.invitationsDays));
  await run.inBatches(
    models.BccMessage,
    { receivedAt: { $lte: cutoff(asOf, DEFAULT_RETENTION_DAYS.bccMessagesDays) } },
    'bccMessages',
  );
  await run.inBatches(models.DataExport, { expiresAt: { $lte: asOf } }, 'dataExports');
  await run.inBatches(
    models.WebhookDelivery,
    { receivedAt: { $lte: cutoff(asOf, WEBHOOK_DELIVERY_RETENTION_DAYS) } },
    'webhookDeliveries',
  );
}

async function deleteForShorterPeriods(context: DeletionContext, run: BatchRunner, asOf: Date): Promise<void> {
  const { models } = context;
  const chosenAny = RETENTION_FIELDS.map((field) => ({ [`retention.${field}`]: { $exists: true } }));
  let afterShop = '';

  // Pages by shop domain rather than skip(), so the loop ends even while shops are added.
  for (;;) {
    const shops = await models.Shop.find({ shop: { $gt: afterShop }, $or: chosenAny })
      .select('shop retention')
      .sort({ shop: 1 })
      .limit(SHOP_PAGE_SIZE)
      .lean();
    if (shops.length === 0) return;

    for (const { shop, retention } of shops) {
      const periods = effectivePeriods(retention);
      if (periods.invitationsDays < DEFAULT_RETENTION_DAYS.invitationsDays) {
        await deleteInvitations(context, run, { shop }, cutoff(asOf, periods.invitationsDays));
      }
      if (periods.bccMessagesDays < DEFAULT_RETENTION_DAYS.bccMessagesDays) {
        await run.inBatches(
          models.BccMessage,
          { shop, receivedAt: { $lte: cutoff(asOf, periods.bccMessagesDays) } },
          'bccMessages',
        );
      }
      if (periods.dataExportsDays < DEFAULT_RETENTION_DAYS.dataExportsDays) {
        await run.inBatches(
          models.DataExport,
          { shop, requestedAt: { $lte: cutoff(asOf, periods.dataExportsDays) } },
          'dataExports',
        );
      }
    }
    afterShop = shops[shops.length - 1]!.shop;
  }
}

/**
 * Deletes invitations created at or before `before`, and the last-invited records whose latest
 * invitation is that old. Reviews stay online and only lose their link to the invitation.
 */
async function deleteInvitations(
  context: DeletionContext,
  run: BatchRunner,
  shopFilter: { shop?: string },
  before: Date,
) {
  const { models } = context;

  await run.inBatches(
    models.Invitation,
    { ...shopFilter, createdAt: { $lte: before } },
    'invitations',
    async (batch) => {
      // One update per shop, so it can use the reviews' (shop, invitationId) index.
      for (const shop of new Set(batch.map((doc) => String(doc.shop)))) {
        const ids = batch.filter((doc) => doc.shop === shop).map((doc) => doc._id);
        await models.Review.updateMany({ shop, invitationId: { $in: ids } }, { $unset: { invitationId: 1 } });
      }
      return {};
    },
  );
  await run.inBatches(models.LastInvited, { ...shopFilter, lastInvitedAt: { $lte: before } }, 'lastInvited');
}
