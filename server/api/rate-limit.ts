import type { Request, RequestHandler, Response } from 'express';
import { rateLimit, type RateLimitInfo } from 'express-rate-limit';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import type { ApiKeyIdentity } from './auth';
import { RateLimitedError } from './errors';
import { MongoRateLimitStore } from './rate-limit-store';

export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * Allows each API key `limitPerMinute` requests per fixed one-minute window, counted in MongoDB so
 * the limit applies across web processes. Runs after requireApiKey. Every response carries
 * RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset (seconds); a request over the limit gets
 * 429 with Retry-After in seconds.
 */
export function apiRateLimit(deps: { models: Models; clock: Clock; limitPerMinute: number }): RequestHandler[] {
  const secondsUntil = (resetTime: Date | undefined) =>
    Math.max(1, Math.ceil(((resetTime?.getTime() ?? 0) - deps.clock.now().getTime()) / 1000));

  const setHeaders = (req: Request, res: Response) => {
    const info = rateLimitInfo(req);
    res.set('RateLimit-Limit', String(info.limit));
    res.set('RateLimit-Remaining', String(info.remaining));
    res.set('RateLimit-Reset', String(secondsUntil(info.resetTime)));
  };

  const limiter = rateLimit({
    windowMs: RATE_LIMIT_WINDOW_MS,
    limit: deps.limitPerMinute,
    store: new MongoRateLimitStore(deps.models, deps.clock, {
      windowMs: RATE_LIMIT_WINDOW_MS,
      limit: deps.limitPerMinute,
    }),
    keyGenerator: (_req, res) => (res.locals.apiKey as ApiKeyIdentity).id,
    // The headers below are set from the injected clock; the library's own use Date.now().
    standardHeaders: false,
    legacyHeaders: false,
    passOnStoreError: false,
    handler: (req, res, next) => {
      const retryAfter = secondsUntil(rateLimitInfo(req).resetTime);
      setHeaders(req, res);
      res.set('Retry-After', String(retryAfter));
      next(new RateLimitedError(retryAfter));
    },
  });

  return [
    limiter,
    (req, res, next) => {
      setHeaders(req, res);
      next();
    },
  ];
}

/** Reads the count express-rate-limit puts on the request (its default requestPropertyName). */
function rateLimitInfo(req: Request): RateLimitInfo {
  return (req as Request & { rateLimit: RateLimitInfo }).rateLimit;
}
