import type { RequestHandler } from 'express';

/**
 * Origin of admin UI extensions: Shopify serves their code from extensions.shopifycdn.com, so a
 * fetch from an extension to the app's backend is cross-origin, also under `shopify app dev`.
 */
export const ADMIN_EXTENSION_ORIGIN = 'https://extensions.shopifycdn.com';

/**
 * CORS for the routes the admin UI extension calls. Only the extension origin is allowed, and
 * only the Authorization and Content-Type request headers, because the extension sends its
 * session token as a bearer token and JSON bodies. A preflight (OPTIONS) is answered here, before
 * the session token check, because browsers send preflights without the Authorization header.
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
