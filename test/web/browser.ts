import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { signSessionToken } from '../helpers/session-token';
import { TEST_SHOP } from '../helpers/shopify';

const ROOT = path.resolve(__dirname, '../..');
export const TEST_OUTPUT = path.join(ROOT, 'test-output');
const WEB_BUILD_DIR = path.join(TEST_OUTPUT, 'web-dist');
const APP_BRIDGE_URL = 'https://cdn.shopify.com/shopifycloud/app-bridge.js';

/**
 * Builds the admin page into test-output/web-dist with Vite, unless a build of the same sources is
 * already there. Returns the folder to serve.
 */
export function buildAdminPage(): string {
  const hash = hashSources([
    path.join(ROOT, 'web', 'src'),
    path.join(ROOT, 'web', 'index.html'),
    path.join(ROOT, 'web', 'dev'),
    path.join(ROOT, 'web', 'vite.config.mts'),
    path.join(ROOT, 'package-lock.json'),
  ]);
  const marker = path.join(WEB_BUILD_DIR, '.source-hash');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === hash) return WEB_BUILD_DIR;

  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.mts',
      '--outDir',
      WEB_BUILD_DIR,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  writeFileSync(marker, hash);
  return WEB_BUILD_DIR;
}

function hashSources(paths: string[]): string {
  const hash = createHash('sha256');
  const visit = (file: string) => {
    if (statSync(file).isDirectory()) {
      for (const entry of readdirSync(file).sort()) visit(path.join(file, entry));
      return;
    }
    hash.update(path.relative(ROOT, file));
    hash.update(readFileSync(file));
  };
  paths.forEach(visit);
  return hash.digest('hex');
}

/** Launches Debian's Chromium, never a downloaded browser. CHROMIUM_PATH overrides the path. */
export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is missing at ${executablePath}. Install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** The App Bridge stand-in the development server also uses; see web/dev/app-bridge-stand-in.js. */
const APP_BRIDGE_STAND_IN = readFileSync(path.join(ROOT, 'web', 'dev', 'app-bridge-stand-in.js'), 'utf8');

export interface AdminPageOptions {
  shop?: string;
  locale?: string;
  tab?: string;
}

/**
 * Opens the embedded page as the Shopify admin loads it (shop, host, embedded and locale query
 * parameters), with App Bridge replaced by the stand-in. Requests to any host other than the test
 * server are aborted.
 */
export async function openAdminPage(
  browser: Browser,
  baseUrl: string,
  options: AdminPageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const shop = options.shop ?? TEST_SHOP;
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    // The browser's own language matches the admin's, as it usually does for a merchant.
    locale: (options.locale ?? 'en').startsWith('da') ? 'da-DK' : 'en-US',
    timezoneId: 'UTC',
  });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  await context.route(APP_BRIDGE_URL, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: APP_BRIDGE_STAND_IN }),
  );
  await context.exposeFunction('__testSessionToken', () => signSessionToken({ shop }));

  const page = await context.newPage();
  // Shorter than jest's test timeout, so a missing element fails with Playwright's own message.
  page.setDefaultTimeout(10_000);
  const query = new URLSearchParams({
    shop,
    host: Buffer.from(`admin.shopify.com/store/${shop.split('.')[0]}`).toString('base64url'),
    embedded: '1',
    locale: options.locale ?? 'en',
    ...(options.tab ? { tab: options.tab } : {}),
  });
  await page.goto(`${baseUrl}/?${query}`);
  return { context, page };
}

export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  nodes: number;
}

/** Runs axe-core in the page and returns the serious and critical violations. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axe.source });
  // A string, because the test files compile without the DOM library.
  const results = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as axe.AxeResults;
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.length,
    }));
}

/** Saves a full-page screenshot under test-output/screenshots and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const folder = path.join(TEST_OUTPUT, 'screenshots');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
