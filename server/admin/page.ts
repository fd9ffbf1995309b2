import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import express, { Router } from 'express';

import { normalizeShopDomain } from '../shops/domain';

/** Placeholder in web/index.html that the server replaces with the app's client ID. */
export const API_KEY_PLACEHOLDER = '__SHOPIFY_API_KEY__';

/**
 * Serves the built embedded page (web/dist): the HTML at `/` with the client ID filled in, and
 * the hashed assets under `/assets`. Every HTML response allows framing by the shop named in the
 * `shop` query parameter and by admin.shopify.com only.
 */
export function adminPageRoutes(deps: { apiKey: string; webDir: string }): Router {
  const router = Router();
  const page = builtPage(deps.webDir, deps.apiKey);

  router.use('/assets', express.static(path.join(deps.webDir, 'assets'), { immutable: true, maxAge: '1y' }));

  router.get(['/', '/index.html'], (req, res) => {
    const shop = normalizeShopDomain(req.query.shop);
    res.set('Content-Security-Policy', frameAncestors(shop));
    res.set('Cache-Control', 'no-store');

    const html = page.read();
    if (!html) {
      res.status(503).type('text').send('The admin page is not built. Run `npm run build` and restart the server.');
      return;
    }
    res.type('html').send(html);
  });

  return router;
}

/** Builds the CSP that Shopify requires of embedded apps, so only the shop's admin may frame the page. */
export function frameAncestors(shop: string | undefined): string {
  return shop
    ? `frame-ancestors https://${shop} https://admin.shopify.com;`
    : 'frame-ancestors https://admin.shopify.com;';
}

/**
 * Reads web/dist/index.html with the client ID filled in. The text is kept until the file's
 * modification time changes, so a rebuild while the server runs is picked up.
 */
function builtPage(webDir: string, apiKey: string): { read(): string | undefined } {
  const file = path.join(webDir, 'index.html');
  let cached: { mtimeMs: number; html: string } | undefined;

  return {
    read() {
      if (!existsSync(file)) return undefined;
      const { mtimeMs } = statSync(file);
      if (cached?.mtimeMs !== mtimeMs) {
        const html = readFileSync(file, 'utf8').replaceAll(API_KEY_PLACEHOLDER, escapeAttribute(apiKey));
        cached = { mtimeMs, html };
      }
      return cached.html;
    },
  };
}

function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Finds web/dist next to the nearest package.json above this file, for tsx and compiled runs alike. */
export function defaultWebDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve('web/dist');
    dir = parent;
  }
  return path.join(dir, 'web', 'dist');
}
