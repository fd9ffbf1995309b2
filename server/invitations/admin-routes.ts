import { Router } from 'express';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import type { Logger } from '../logger';
import { cancelInvitation } from './cancel';

/**
 * Invitation routes of the embedded admin page, mounted under /admin/api behind
 * requireSessionToken: they act on res.locals.shop only.
 */
export function invitationAdminRoutes(deps: { models: Models; clock: Clock; logger: Logger }): Router {
  const router = Router();

  /** POST /admin/api/invitations/:id/cancel → 200 { invitation: { id, status, cancelledAt } }. */
  router.post('/invitations/:id/cancel', async (req, res) => {
    const invitation = await cancelInvitation(deps, {
      shop: res.locals.shop as string,
      invitationId: String(req.params.id),
    });
    res.json({ invitation: { ...invitation, cancelledAt: invitation.cancelledAt.toISOString() } });
  });

  return router;
}
