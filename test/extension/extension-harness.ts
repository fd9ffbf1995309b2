import { readFileSync } from 'node:fs';
import path from 'node:path';

import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { signSessionToken } from '../helpers/session-token';
import { TEST_SHOP } from '../helpers/shopify';

const EXTENSION_DIR = path.resolve(__dirname, '../../extensions/delete-invitation-data');
export const EXTENSION_ORIGIN = 'https://extensions.shopifycdn.com';

/**
 * Bundles the extension as the Shopify CLI does (esbuild, Preact JSX) into one ES module whose
 * default export renders it.
 */
export async function bundleExtension(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(EXTENSION_DIR, 'src', 'ActionExtension.tsx')],
    tsconfig: path.join(EXTENSION_DIR, 'tsconfig.json'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export function readLocale(locale: 'en' | 'da'): Record<string, unknown> {
  const file = locale === 'en' ? 'en.default.json' : 'da.json';
  return JSON.parse(readFileSync(path.join(EXTENSION_DIR, 'locales', file), 'utf8')) as Record<string, unknown>;
}

export interface StandInOptions {
  appUrl: string;
  locale: 'en' | 'da';
  customerId: string;
  /** What the Admin GraphQL API returns for the customer's email; null for a query error. */
  email: string | null;
  shop?: string;
}

/**
 * Builds the page script that plays Shopify's part. It defines a `shopify` global with
 * data.selected, query, close and i18n.translate over the extension's own locale file
 * (pluralization by Intl.PluralRules, {{name}} interpolation). It also wraps fetch to resolve
 * relative URLs against the app URL and add the session token, as Shopify's admin does.
 */
function standInScript(options: StandInOptions, translations: Record<string, unknown>): string {
  const config = JSON.stringify({
    appUrl: options.appUrl,
    locale: options.locale,
    customerId: options.customerId,
    email: options.email,
    translations,
  });
  return `
    const config = ${config};
    window.__calls = { fetch: [], query: [], close: 0 };
    const plural = new Intl.PluralRules(config.locale);
    const originalFetch = window.fetch.bind(window);
    window.fetch = async (input, init = {}) => {
      const url = String(input).startsWith('/') ? config.appUrl + input : String(input);
      window.__calls.fetch.push({ url: String(input), method: init.method ?? 'GET', body: init.body ?? null });
      const headers = new Headers(init.headers);
      headers.set('Authorization', 'Bearer ' + (await window.__sessionToken()));
      return originalFetch(url, { ...init, headers });
    };
    window.shopify = {
      extension: { target: 'admin.customer-details.action.render' },
      data: { selected: [{ id: config.customerId }] },
      close: () => { window.__calls.close += 1; },
      query: async (query, options) => {
        window.__calls.query.push({ query, variables: options?.variables ?? null });
        if (config.email === null) return { errors: [{ message: 'Access denied for defaultEmailAddress field.' }] };
        return { data: { customer: { defaultEmailAddress: { emailAddress: config.email } } } };
      },
      i18n: {
        translate: (key, options = {}) => {
          let entry = config.translations[key];
          if (entry === undefined) return key;
          if (typeof entry === 'object') entry = entry[plural.select(options.count ?? 0)] ?? entry.other;
          return entry.replace(/{{\\s*(\\w+)\\s*}}/g, (_match, name) => String(options[name] ?? ''));
        },
      },
    };
  `;
}

/**
 * Opens the bundled extension in a page on the extension origin, with the stand-in `shopify`
 * global and the Polaris web components left as unknown elements. Requests go to the real app.
 */
export async function openExtension(
  browser: Browser,
  bundle: string,
  options: StandInOptions,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: options.locale === 'da' ? 'da-DK' : 'en-US',
    // The page is on a public origin and the test app on loopback, which Chromium's Local
    // Network Access check blocks unless the user allowed it. A deployed app is on a public host.
    permissions: ['local-network-access'],
  });
  await context.exposeFunction('__sessionToken', () => signSessionToken({ shop: options.shop ?? TEST_SHOP }));
  await context.route(`${EXTENSION_ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/extension.js') {
      return route.fulfill({ status: 200, contentType: 'text/javascript', body: bundle });
    }
    const html = `<!doctype html><html lang="${options.locale}"><head><meta charset="utf-8"></head><body>
      <script>${standInScript(options, readLocale(options.locale))}</script>
      <script type="module">import run from '/extension.js'; run();</script>
    </body></html>`;
    return route.fulfill({ status: 200, contentType: 'text/html', body: html });
  });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|extensions\.shopifycdn\.com\/)/, (route) => route.abort());

  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${EXTENSION_ORIGIN}/index.html`);
  return { context, page };
}

export interface RecordedCalls {
  fetch: { url: string; method: string; body: string | null }[];
  query: { query: string; variables: Record<string, unknown> | null }[];
  close: number;
}

export function recordedCalls(page: Page): Promise<RecordedCalls> {
  return page.evaluate('window.__calls') as Promise<RecordedCalls>;
}
