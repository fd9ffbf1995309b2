import { Router } from 'express';
import { z } from 'zod';

import type { Models } from '../db/models';
import { INVITATION_STATUSES } from '../invitations/model';
import { normalizeEmail } from '../lib/email';
import { parseInput } from './validation';

const MAX_PAGE_SIZE = 50;

const listQuery = z.object({
  email: z.string().max(254, 'must be at most 254 characters').optional(),
  status: z.enum(INVITATION_STATUSES, { error: `must be one of ${INVITATION_STATUSES.join(', ')}` }).optional(),
  page: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').default(1),
  pageSize: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
    .default(20),
});

/**
 * GET /invitations: the token shop's invitations, newest first, filtered by the start of the
 * email address and by status, with the shop's counts of skipped invitations per reason.
 */
export function invitationRoutes(deps: { models: Models }): Router {
  const router = Router();

  router.get('/invitations', async (req, res) => {
    const shop = res.locals.shop as string;
    const query = parseInput(listQuery, req.query);

    const filter: Record<string, unknown> = { shop };
    const email = query.email ? normalizeEmail(query.email) : '';
    // An anchored prefix match can use the { shop, emailLower } index.
    if (email) filter.emailLower = { $regex: `^${escapeRegex(email)}` };
    if (query.status) filter.status = query.status;

    const rows = await deps.models.Invitation.find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize + 1)
      .select('email name orderName orderId status scheduledFor sentAt usedAt createdAt')
      .lean();

    const skipCounters = await deps.models.SkipCounter.find({ shop }).select('reason count').lean();

    res.json({
      invitations: rows.slice(0, query.pageSize).map((row) => ({
        id: String(row._id),
        email: row.email,
        name: row.name ?? null,
        orderName: row.orderName ?? null,
        status: row.status,
        scheduledFor: row.scheduledFor ?? null,
        sentAt: row.sentAt ?? null,
        createdAt: row.createdAt,
      })),
      page: query.page,
      pageSize: query.pageSize,
      hasNextPage: rows.length > query.pageSize,
      skipCounts: Object.fromEntries(skipCounters.map((counter) => [counter.reason, counter.count])),
    });
  });

  return router;
}

function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
