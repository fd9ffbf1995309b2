import type { RequestHandler } from 'express';

/**
 * Forbids framing, for the pages customers open from their email: the one-button unsubscribe page
 * inside another site's frame could be clicked without the customer knowing.
 */
export const noFraming: RequestHandler = (_req, res, next) => {
  res.set('Content-Security-Policy', "frame-ancestors 'none'");
  res.set('X-Frame-Options', 'DENY');
  next();
};
