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
    const match = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '');
    if (!match) return next(new InvalidSessionTokenError());

    try {
      const payload = await shopify.session.decodeSessionToken(match[1]!);
      const shop = tokenShop(payload.dest, payload.iss);
      if (!shop || !hasShortExpiry(payload.exp)) return next(new InvalidSessionTokenError());
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

/**
 * Returns the shop a token is for: `dest` is https://<shop> and `iss` is https://<shop>/admin, and
 * both must name the same myshopify shop over https, or the token is rejected.
 */
function tokenShop(dest: string, iss: string): string | undefined {
  const destination = new URL(dest);
  const issuer = new URL(iss);
  if (destination.protocol !== 'https:' || issuer.protocol !== 'https:') return undefined;
  // https://other@shop.myshopify.com parses to the host after the @; such a dest is no shop URL.
  if (destination.username || destination.password || !['', '/'].includes(destination.pathname)) return undefined;
  const shop = normalizeShopDomain(destination.hostname);
  return shop && normalizeShopDomain(issuer.hostname) === shop ? shop : undefined;
}

/** Shopify issues session tokens valid for one minute; a token without exp, or valid for hours, was not made by Shopify. */
const MAX_TOKEN_LIFETIME_SECONDS = 5 * 60;

function hasShortExpiry(exp: number | undefined): boolean {
  return typeof exp === 'number' && exp - Date.now() / 1000 <= MAX_TOKEN_LIFETIME_SECONDS;
}
