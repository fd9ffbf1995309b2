import { Router } from 'express';
import { z } from 'zod';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { NotFoundError } from '../errors';
import { toCustomerIdentifiers, type CustomerIdentifiers } from '../privacy/customer-identifiers';
import { previewCustomerIdentifiersDeletion } from '../privacy/deletion-preview';
import { requestDeletion } from '../privacy/deletion-service';
import { toHistoryRow } from './deletion-routes';
import { parseInput, requireObjectId } from './validation';

/** A customer GID as the admin passes it, or the numeric id alone as the REST API has it. */
const CUSTOMER_ID = /^(gid:\/\/shopify\/Customer\/)?[1-9]\d{0,19}$/;
const CUSTOMER_ID_MESSAGE = 'must be a Shopify customer id such as gid://shopify/Customer/123 or 123';

/**
 * The customer the merchant is looking at: its id from the admin (GraphQL GID or numeric REST id)
 * and, when the extension could read it, the customer's email address. Both are matched.
 */
const customerBody = z.strictObject(
  {
    customerId: z.union(
      [
        z.string().trim().regex(CUSTOMER_ID, CUSTOMER_ID_MESSAGE),
        z
          .number()
          .int(CUSTOMER_ID_MESSAGE)
          .positive(CUSTOMER_ID_MESSAGE)
          .max(Number.MAX_SAFE_INTEGER, CUSTOMER_ID_MESSAGE),
      ],
      { error: CUSTOMER_ID_MESSAGE },
    ),
    email: z.email('must be an email address such as name@example.com').max(254).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `send only customerId and email, not ${issue.keys.join(', ')}`
        : 'send a JSON object with customerId and, if known, email',
  },
);

/**
 * Routes for the "Delete review invitation data" admin action on the customer page. Requests
 * made here have the source 'admin_extension' and act on the session token's shop only.
 */
export function customerDeletionRoutes(deps: { models: Models; clock: Clock }): Router {
  const router = Router();

  router.post('/customer-deletions/preview', async (req, res) => {
    const shop = res.locals.shop as string;
    const identifiers = toIdentifiers(req.body);

    const preview = await previewCustomerIdentifiersDeletion(deps.models, shop, identifiers);
    res.json({ preview });
  });

  router.post('/customer-deletions', async (req, res) => {
    const shop = res.locals.shop as string;
    const identifiers = toIdentifiers(req.body);

    const stored = await requestDeletion(deps.models, {
      shop,
      source: 'admin_extension',
      scope: { kind: 'customer', identifiers },
      requestedAt: deps.clock.now(),
    });

    const request = await deps.models.DeletionRequest.findOne({ _id: stored.id, shop }).lean();
    res.status(202).json({ deletion: toHistoryRow(request!) });
  });

  // The extension polls this for progress; it has the same CORS headers as the two routes above.
  router.get('/customer-deletions/:id', async (req, res) => {
    const shop = res.locals.shop as string;
    const id = requireObjectId(req.params.id, 'deletion request');

    const request = await deps.models.DeletionRequest.findOne({ _id: id, shop, source: 'admin_extension' }).lean();
    if (!request) throw new NotFoundError('No deletion request with this id exists for this shop.');
    res.json({ deletion: toHistoryRow(request) });
  });

  return router;
}

function toIdentifiers(body: unknown): CustomerIdentifiers {
  const parsed = parseInput(customerBody, body);
  return toCustomerIdentifiers({
    customerId: parsed.customerId,
    emails: parsed.email === undefined ? [] : [parsed.email],
  });
}
