import { Router } from 'express';
import { z } from 'zod';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { NotFoundError, ValidationError } from '../errors';
import { emailAddressSchema } from '../lib/email';
import { toCustomerIdentifiers } from '../privacy/customer-identifiers';
import { previewBeforeDateDeletion, previewCustomerDeletion } from '../privacy/deletion-preview';
import type { DeletionRequestDocument } from '../privacy/deletion-request-model';
import { requestDeletion, type DeletionScope } from '../privacy/deletion-service';
import { parseInput, requireObjectId } from './validation';

const MAX_PAGE_SIZE = 50;
const DEFAULT_PAGE_SIZE = 20;

/**
 * The request body names one person by email or one date (YYYY-MM-DD, start of that day in UTC),
 * never both. Everything created before that moment is in scope.
 */
const scopeBody = z.strictObject(
  {
    email: emailAddressSchema('must be an email address such as name@example.com').optional(),
    before: z
      .string({ error: 'must be a date in the form YYYY-MM-DD' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in the form YYYY-MM-DD')
      .refine(isCalendarDate, 'must be a real calendar date')
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `send only email or before, not ${issue.keys.join(', ')}`
        : 'send a JSON object with either email or before',
  },
);

const historyQuery = z.object({
  page: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more').default(1),
  pageSize: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE),
});

type ParsedScope = { kind: 'customer'; email: string } | { kind: 'before_date'; before: Date };

/**
 * Deletion preview, request, status and history for the token shop. Requests made here have the
 * source 'admin' and are processed by the worker like every other deletion request.
 */
export function deletionRoutes(deps: { models: Models; clock: Clock }): Router {
  const router = Router();

  router.post('/deletions/preview', async (req, res) => {
    const shop = res.locals.shop as string;
    const scope = toScope(req.body, deps.clock.now());

    const preview =
      scope.kind === 'customer'
        ? await previewCustomerDeletion(deps.models, shop, scope.email)
        : await previewBeforeDateDeletion(deps.models, shop, scope.before);
    res.json({ preview });
  });

  router.post('/deletions', async (req, res) => {
    const shop = res.locals.shop as string;
    const scope = toScope(req.body, deps.clock.now());

    const deletionScope: DeletionScope =
      scope.kind === 'customer'
        ? { kind: 'customer', identifiers: toCustomerIdentifiers({ emails: [scope.email] }) }
        : { kind: 'before_date', before: scope.before };
    const stored = await requestDeletion(deps.models, {
      shop,
      source: 'admin',
      scope: deletionScope,
      requestedAt: deps.clock.now(),
    });

    const request = await deps.models.DeletionRequest.findOne({ _id: stored.id, shop }).lean();
    res.status(202).json({ deletion: toHistoryRow(request!) });
  });

  router.get('/deletions', async (req, res) => {
    const shop = res.locals.shop as string;
    const { page, pageSize } = parseInput(historyQuery, req.query);

    // Fetching one extra row shows whether a next page exists without counting the whole history.
    const rows = await deps.models.DeletionRequest.find({ shop })
      .sort({ requestedAt: -1, _id: -1 })
      .skip((page - 1) * pageSize)
      .limit(pageSize + 1)
      .select('source topic scope.kind scope.before scope.identifierCount status counts requestedAt finishedAt')
      .lean();
    res.json({
      deletions: rows.slice(0, pageSize).map(toHistoryRow),
      page,
      pageSize,
      hasNextPage: rows.length > pageSize,
    });
  });

  router.get('/deletions/:id', async (req, res) => {
    const shop = res.locals.shop as string;
    const id = requireObjectId(req.params.id, 'deletion request');

    const request = await deps.models.DeletionRequest.findOne({ _id: id, shop }).lean();
    if (!request) throw new NotFoundError('No deletion request with this id exists for this shop.');
    res.json({ deletion: toHistoryRow(request) });
  });

  return router;
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function toScope(body: unknown, now: Date): ParsedScope {
  const parsed = parseInput(scopeBody, body);

  if (parsed.email !== undefined && parsed.before !== undefined) {
    throw new ValidationError('Send either email or before, not both.', 'email');
  }
  if (parsed.email !== undefined) return { kind: 'customer', email: parsed.email };
  if (parsed.before === undefined) {
    throw new ValidationError('Send email (one person) or before (a date in the form YYYY-MM-DD).', 'email');
  }

  const before = new Date(`${parsed.before}T00:00:00Z`);
  if (before.getTime() > now.getTime()) {
    throw new ValidationError('before: must be today or a date in the past.', 'before');
  }
  return { kind: 'before_date', before };
}

/**
 * Converts a deletion request to its history row: kind, source, times, status and counts. The
 * identifiers stored in a pending request are personal data and never leave the server.
 */
export function toHistoryRow(request: Partial<DeletionRequestDocument> & { _id: unknown }) {
  return {
    id: String(request._id),
    source: request.source,
    topic: request.topic ?? null,
    scope: {
      kind: request.scope?.kind,
      before: request.scope?.before ?? null,
      identifierCount: request.scope?.identifierCount ?? null,
    },
    status: request.status,
    counts: {
      invitations: request.counts?.invitations ?? 0,
      bccMessages: request.counts?.bccMessages ?? 0,
      lastInvited: request.counts?.lastInvited ?? 0,
      dataExports: request.counts?.dataExports ?? 0,
      reviewsAnonymized: request.counts?.reviewsAnonymized ?? 0,
    },
    requestedAt: request.requestedAt,
    finishedAt: request.finishedAt ?? null,
  };
}
