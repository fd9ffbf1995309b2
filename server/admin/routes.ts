import { Router } from 'express';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { customerDeletionRoutes } from './customer-deletion-routes';
import { dataExportRoutes } from './data-export-routes';
import { deletionRoutes } from './deletion-routes';
import { invitationRoutes } from './invitation-routes';
import { settingsRoutes } from './settings-routes';

/**
 * Routes for the embedded admin page, mounted behind requireSessionToken: res.locals.shop is the
 * token's shop and the only shop these routes read or change.
 */
export function adminRoutes(deps: { models: Models; clock: Clock }): Router {
  const router = Router();

  router.get('/shop', async (_req, res) => {
    const shop = res.locals.shop as string;
    const record = await deps.models.Shop.findOne({ shop }).select('shop settings installedAt').lean();
    res.json({ shop, installed: Boolean(record), settings: record?.settings ?? null });
  });

  router.use(settingsRoutes(deps));
  router.use(deletionRoutes(deps));
  router.use(customerDeletionRoutes(deps));
  router.use(dataExportRoutes(deps));
  router.use(invitationRoutes(deps));

  return router;
}
