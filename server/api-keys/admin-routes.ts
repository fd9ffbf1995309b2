import { Router } from 'express';
import { z } from 'zod';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { NotFoundError } from '../errors';
import { parseInput } from '../http/validate';
import { createApiKey, listApiKeys, revokeApiKey } from './service';

export const API_KEY_NAME_MAX_LENGTH = 100;

const createApiKeyBody = z.strictObject({
  name: z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? 'name is missing. Send a name for the key, such as "ERP integration".'
          : 'name must be a string.',
    })
    .trim()
    .min(1, { error: 'name is empty. Send a name for the key, such as "ERP integration".' })
    .max(API_KEY_NAME_MAX_LENGTH, {
      error: `name is longer than ${API_KEY_NAME_MAX_LENGTH} characters. Send a shorter name.`,
    }),
});

/**
 * API key management for the app page, mounted at /admin/api behind requireSessionToken: every
 * route acts on res.locals.shop only.
 *
 * GET /api-keys → 200 { apiKeys }; POST /api-keys { name } → 201 { apiKey, key } (the full key,
 * returned only here); DELETE /api-keys/:id → 204, or 404 when the shop has no such key.
 */
export function apiKeyAdminRoutes(deps: { models: Models; clock: Clock }): Router {
  const router = Router();

  router.get('/api-keys', async (_req, res) => {
    const shop = res.locals.shop as string;
    res.json({ apiKeys: await listApiKeys(deps.models, shop) });
  });

  router.post('/api-keys', async (req, res) => {
    const shop = res.locals.shop as string;
    const { name } = parseInput(createApiKeyBody, req.body ?? {}, 'body');
    const created = await createApiKey(deps.models, deps.clock, { shop, name });
    res.set('Cache-Control', 'no-store');
    res.status(201).json(created);
  });

  router.delete('/api-keys/:id', async (req, res) => {
    const shop = res.locals.shop as string;
    const revoked = await revokeApiKey(deps.models, deps.clock, shop, String(req.params.id));
    if (!revoked) throw new NotFoundError('This shop has no API key with this id.');
    res.status(204).end();
  });

  return router;
}
