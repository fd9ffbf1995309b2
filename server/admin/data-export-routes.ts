import { Router } from 'express';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { AppError, NotFoundError } from '../errors';
import { requireObjectId } from './validation';

const MAX_LISTED_EXPORTS = 100;

/**
 * Data-request exports of the token shop: the list (newest first, unexpired only) and the JSON
 * download of a finished export.
 */
export function dataExportRoutes(deps: { models: Models; clock: Clock }): Router {
  const router = Router();

  router.get('/data-exports', async (_req, res) => {
    const shop = res.locals.shop as string;

    const exports = await deps.models.DataExport.find({ shop, expiresAt: { $gt: deps.clock.now() } })
      .sort({ requestedAt: -1, _id: -1 })
      .limit(MAX_LISTED_EXPORTS)
      .select('dataRequestId subject.customerId subject.emailLower status requestedAt finishedAt expiresAt')
      .lean();
    res.json({
      dataExports: exports.map((item) => ({
        id: String(item._id),
        dataRequestId: item.dataRequestId ?? null,
        // The merchant replies to the customer, so the list names whose data each export contains.
        customerEmail: item.subject?.emailLower ?? null,
        customerId: item.subject?.customerId ?? null,
        status: item.status,
        requestedAt: item.requestedAt,
        finishedAt: item.finishedAt ?? null,
        expiresAt: item.expiresAt,
      })),
    });
  });

  router.get('/data-exports/:id/download', async (req, res) => {
    const shop = res.locals.shop as string;
    const id = requireObjectId(req.params.id, 'data export');

    const item = await deps.models.DataExport.findOne({ _id: id, shop, expiresAt: { $gt: deps.clock.now() } })
      .select('status data dataRequestId')
      .lean();
    if (!item) throw new NotFoundError('No data export with this id exists for this shop, or it has expired.');
    if (item.status !== 'done') {
      throw new AppError(409, 'EXPORT_NOT_READY', 'This data export is still being built. Try again in a minute.');
    }

    const name = `data-request-${item.dataRequestId ?? id}.json`;
    res.set('Cache-Control', 'no-store');
    res.attachment(name);
    res.type('application/json').send(JSON.stringify(item.data, null, 2));
  });

  return router;
}
