import type { Shopify } from '@shopify/shopify-api';
import type { RequestHandler } from 'express';

import { AppError } from '../errors';
import { normalizeShopDomain } from '../shops/domain';

export class InvalidSessionTokenError extends AppError {
  constructor() {
    super(
      401,
      'INVALID_SESSION_TOKEN',
      'The session token is missing, expired or not signed for this app. Reload the app in the Shopify admin.',
    );
  }
}

/**
 * Checks the App Bridge session token (Authorization: Bearer <JWT>, signed with the client
 * secret, audience = client ID) and puts the token's shop on res.locals.shop. Admin routes act on
 * that shop only, whatever the request body or query names.
 */
export function requireSessionToken(shopify: Shopify): RequestHandler {
  return async (req, res, next) => {
    const match = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    if (!match) return next(new InvalidSessionTokenError());

    try {
      const payload = await shopify.session.decodeSessionToken(match[1]!);
      const shop = normalizeShopDomain(new URL(payload.dest).hostname);
      if (!shop) return next(new InvalidSessionTokenError());
      res.locals.shop = shop;
      res.locals.sessionToken = match[1];
      res.locals.shopifyUserId = payload.sub;
      next();
    } catch {
      res.set('X-Shopify-Retry-Invalid-Session-Request', '1');
      next(new InvalidSessionTokenError());
    }
  };
}
