import type { RequestHandler } from 'express';

/**
 * Origin of admin UI extensions. Shopify serves their code from extensions.shopifycdn.com (stated
 * in Shopify's example-admin-action-and-block-preact app), so a fetch to the app is cross-origin.
 * NOTE: Shopify's own shopify-app-remix responds to these requests with `Access-Control-Allow-Origin:
 * *`. If Shopify moves extensions to another origin, this constant must follow.
 */
export const ADMIN_EXTENSION_ORIGIN = 'https://extensions.shopifycdn.com';

/**
 * CORS for the routes the admin UI extension calls. Only the extension origin is allowed, and
 * only the Authorization and Content-Type request headers, because the extension sends its
 * session token as a bearer token and JSON bodies. This middleware responds to a preflight (OPTIONS)
 * before the session token check, because browsers send preflights without the Authorization
 * header.
 */
export function adminExtensionCors(methods: string[]): RequestHandler {
  const allowedMethods = [...new Set([...methods, 'OPTIONS'])].join(', ');

  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('origin');
    if (origin !== ADMIN_EXTENSION_ORIGIN) {
      if (req.method === 'OPTIONS') return void res.sendStatus(204);
      return next();
    }

    res.set('Access-Control-Allow-Origin', origin);
    // requireSessionToken sets this header on an expired token; the extension may read it.
    res.set('Access-Control-Expose-Headers', 'X-Shopify-Retry-Invalid-Session-Request');
    if (req.method !== 'OPTIONS') return next();

    res.set('Access-Control-Allow-Methods', allowedMethods);
    res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    res.set('Access-Control-Max-Age', '7200');
    res.sendStatus(204);
  };
}
