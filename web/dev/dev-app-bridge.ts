import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { Plugin } from 'vite';

const APP_BRIDGE_SCRIPT = '<script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script>';
const SHOP_PATTERN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/**
 * Lets `npm run dev:web` open the page outside the Shopify admin. The dev server replaces App
 * Bridge with the stand-in and signs session tokens for the shop in the URL with the client
 * secret from .env. The plugin applies to the dev server only, so `vite build` output keeps the
 * real App Bridge and contains no secret.
 */
export function devAppBridge(env: { apiKey?: string; apiSecret?: string }): Plugin {
  return {
    name: 'dev-app-bridge',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace(APP_BRIDGE_SCRIPT, '<script src="/__dev/app-bridge.js"></script>')
        .replace('__SHOPIFY_API_KEY__', env.apiKey ?? '');
    },
    configureServer(server) {
      server.middlewares.use('/__dev/app-bridge.js', (_req, res) => {
        res.setHeader('content-type', 'text/javascript');
        res.end(readFileSync(new URL('./app-bridge-stand-in.js', import.meta.url), 'utf8'));
      });
      server.middlewares.use('/__dev/session-token', (req, res) => {
        const shop = new URL(req.url ?? '', 'http://localhost').searchParams.get('shop') ?? '';
        if (!env.apiKey || !env.apiSecret) {
          res.statusCode = 500;
          res.end('SHOPIFY_API_KEY and SHOPIFY_API_SECRET are missing from .env; run `npm run dev` once to create it.');
          return;
        }
        if (!SHOP_PATTERN.test(shop)) {
          res.statusCode = 400;
          res.end('Open the page with ?shop=<name>.myshopify.com, for example ?shop=dev-shop.myshopify.com');
          return;
        }
        res.setHeader('content-type', 'text/plain');
        res.end(signSessionToken(shop, env.apiKey, env.apiSecret));
      });
    },
  };
}

/** Signs a session token shaped like the ones App Bridge gets from Shopify (HS256, one minute). */
function signSessionToken(shop: string, apiKey: string, apiSecret: string): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: apiKey,
    sub: '1',
    exp: now + 60,
    nbf: now - 5,
    iat: now,
    jti: randomUUID(),
    sid: 'development',
  };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
  return `${unsigned}.${createHmac('sha256', apiSecret).update(unsigned).digest('base64url')}`;
}
