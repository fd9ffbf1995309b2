import { Router, type Response } from 'express';
import { Types } from 'mongoose';

import type { Clock } from '../../clock';
import type { Models } from '../../db/models';
import { NotFoundError } from '../../errors';
import { parseInput } from '../../http/validate';
import type { Logger } from '../../logger';
import { toCustomerIdentifiers } from '../../privacy/customer-identifiers';
import type { DeletionRequestDocument } from '../../privacy/deletion-request-model';
import { requestDeletion, type DeletionScope } from '../../privacy/deletion-service';
import type { ApiKeyIdentity } from '../auth';
import {
  beginIdempotentRequest,
  completeIdempotentRequest,
  hashRequest,
  readIdempotencyKey,
  type StoredResponse,
} from '../idempotency';
import { decodeCursor, encodeCursor } from './cursor';
import { toApiDeletion } from './present';
import { createDeletionBody, DEFAULT_PAGE_SIZE, listDeletionsQuery, toDeletionInput } from './validation';

type StoredDeletion = DeletionRequestDocument & { _id: Types.ObjectId };

const COLLECTION_PATH = '/invitation-data/deletions';

/**
 * POST, GET list and GET one deletion request, relative to /api/v1. Every query is filtered by the
 * API key's shop, so another shop's request id gets the same 404 as an id that never existed.
 */
export function deletionRoutes(deps: { models: Models; clock: Clock; logger: Logger; basePath: string }): Router {
  const router = Router();
  const { models, clock } = deps;

  router.post(COLLECTION_PATH, async (req, res) => {
    const { shop } = res.locals.apiKey as ApiKeyIdentity;
    const idempotencyKey = readIdempotencyKey(req);
    const body = parseInput(createDeletionBody, req.body, 'body');
    const now = clock.now();
    const input = toDeletionInput(body, now);

    const decision = idempotencyKey
      ? await beginIdempotentRequest(models, {
          shop,
          key: idempotencyKey,
          requestHash: hashRequest('POST', COLLECTION_PATH, req.body),
          now,
        })
      : undefined;
    if (decision?.action === 'replay') {
      sendStored(res, decision.response, true);
      return;
    }

    const scope: DeletionScope =
      input.kind === 'customer_emails'
        ? { kind: 'customer', identifiers: toCustomerIdentifiers({ emails: input.emails }) }
        : { kind: 'before_date', before: input.before };
    const stored = await requestDeletion(models, {
      shop,
      source: 'api',
      scope,
      requestedAt: now,
      ...(decision ? { dedupeKey: decision.dedupeKey } : {}),
    });

    const deletion = await models.DeletionRequest.findOne({ _id: stored.id, shop }).lean<StoredDeletion>();
    if (!deletion) throw new Error('The deletion request just stored could not be read back');

    const response: StoredResponse = {
      status: 202,
      body: JSON.stringify({ deletion: toApiDeletion(deletion) }),
      location: `${deps.basePath}${COLLECTION_PATH}/${stored.id}`,
    };
    if (decision) await completeIdempotentRequest(models, decision, response);

    deps.logger.info(
      {
        requestId: res.locals.requestId,
        shop,
        deletionRequestId: stored.id,
        kind: scope.kind,
        created: stored.created,
      },
      'Deletion requested through the API',
    );
    sendStored(res, response, false);
  });

  router.get(COLLECTION_PATH, async (req, res) => {
    const { shop } = res.locals.apiKey as ApiKeyIdentity;
    const query = parseInput(listDeletionsQuery, req.query, 'query');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;

    const filter = after
      ? {
          shop,
          $or: [
            { requestedAt: { $lt: after.requestedAt } },
            { requestedAt: after.requestedAt, _id: { $lt: after.id } },
          ],
        }
      : { shop };
    // One extra item shows whether another page follows.
    const page = await models.DeletionRequest.find(filter)
      .sort({ requestedAt: -1, _id: -1 })
      .limit(limit + 1)
      .lean<StoredDeletion[]>();

    const items = page.slice(0, limit);
    const last = items.at(-1);
    const nextCursor =
      page.length > limit && last ? encodeCursor({ requestedAt: last.requestedAt, id: last._id }) : null;
    res.json({ deletions: items.map(toApiDeletion), nextCursor });
  });

  router.get(`${COLLECTION_PATH}/:id`, async (req, res) => {
    const { shop } = res.locals.apiKey as ApiKeyIdentity;
    const id = String(req.params.id);
    const deletion = /^[0-9a-f]{24}$/.test(id)
      ? await models.DeletionRequest.findOne({ _id: id, shop }).lean<StoredDeletion>()
      : null;
    if (!deletion) throw new NotFoundError('No deletion request with this id exists for this shop.');
    res.json({ deletion: toApiDeletion(deletion) });
  });

  return router;
}

function sendStored(res: Response, response: StoredResponse, replayed: boolean): void {
  if (response.location) res.set('Location', response.location);
  if (replayed) res.set('Idempotent-Replayed', 'true');
  res.status(response.status).type('application/json').send(response.body);
}
