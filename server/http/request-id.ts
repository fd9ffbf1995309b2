import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

/** Gives each request an id, returned as X-Request-Id and put on every log line about it. */
export const requestId: RequestHandler = (_req, res, next) => {
  const id = randomUUID();
  res.locals.requestId = id;
  res.set('X-Request-Id', id);
  next();
};
