import express, { Router } from 'express';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import type { Logger } from '../logger';
import { requireApiKey } from './auth';
import { deletionRoutes } from './deletions/routes';
import openApiDocument from './openapi.json';
import { apiRateLimit } from './rate-limit';

export const API_BASE_PATH = '/api/v1';

/** Largest request body: 1000 addresses of the maximum 254 characters fit with room to spare. */
export const API_BODY_LIMIT = '512kb';

export const DEFAULT_API_RATE_LIMIT_PER_MINUTE = 120;

export interface ApiDeps {
  models: Models;
  clock: Clock;
  logger: Logger;
  rateLimitPerMinute: number;
}

/**
 * Builds the public REST API, mounted at /api/v1. The OpenAPI document is public; every other route
 * needs an API key and counts against its rate limit. The key is checked before the body is read,
 * so an unauthenticated client cannot make the server parse large bodies.
 */
export function apiRoutes(deps: ApiDeps): Router {
  const router = Router();

  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });

  router.use(
    requireApiKey(deps),
    (_req, res, next) => {
      // Responses describe one shop's deletions; no shared cache may keep them.
      res.set('Cache-Control', 'no-store');
      next();
    },
    ...apiRateLimit({ models: deps.models, clock: deps.clock, limitPerMinute: deps.rateLimitPerMinute }),
    express.json({ limit: API_BODY_LIMIT }),
    deletionRoutes({ ...deps, basePath: API_BASE_PATH }),
  );

  return router;
}
