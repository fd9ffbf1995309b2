import type { Browser, BrowserContext, Page, Route } from 'playwright-core';

import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createInvitation, createShop } from '../helpers/factories';
import { TEST_SHOP } from '../helpers/shopify';
import { buildAdminPage, launchChromium, openAdminPage } from './browser';

/**
 * The retention, API-key and cancel routes have agreed request and response shapes. These tests
 * fulfil them in the browser with those shapes, so the cards are checked against the
 * contract whether or not this server has the routes.
 */
describe('admin page cards on agreed routes', () => {
  const db = useTestDatabase();
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    app = await startTestApp(db.models, { webDir: buildAdminPage() });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser.close();
    await app.close();
  });
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models, TEST_SHOP);
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  interface Recorded {
    method: string;
    path: string;
    body: unknown;
    authorization: string | undefined;
  }

  /** Opens the page with `handler` fulfilling the matching admin API requests and returns the requests it saw. */
  async function openWithRoutes(
    tab: string,
    pattern: RegExp,
    handler: (request: Recorded) => { status: number; body?: unknown },
  ): Promise<{ page: Page; received: Recorded[] }> {
    const received: Recorded[] = [];
    const opened = await openAdminPage(browser, app.baseUrl, { tab });
    context = opened.context;
    await context.route(pattern, async (route: Route) => {
      const request = route.request();
      const recorded = {
        method: request.method(),
        path: new URL(request.url()).pathname,
        body: request.postData() ? JSON.parse(request.postData()!) : undefined,
        authorization: await request.headerValue('authorization').then((value) => value ?? undefined),
      };
      received.push(recorded);
      const answer = handler(recorded);
      await route.fulfill({
        status: answer.status,
        contentType: 'application/json',
        body: answer.body === undefined ? '' : JSON.stringify(answer.body),
      });
    });
    await opened.page.reload();
    return { page: opened.page, received };
  }

  const retention = {
    periods: { bccMessagesDays: 30, invitationsDays: 1095, dataExportsDays: 30 },
    defaults: { bccMessagesDays: 30, invitationsDays: 1095, dataExportsDays: 30 },
    inboundAddress: 'test-shop-3f9a@inbound.example.com',
  };

  it('saves a shorter retention period', async () => {
    const { page, received } = await openWithRoutes('settings', /\/admin\/api\/retention$/, (request) =>
      request.method === 'GET'
        ? { status: 200, body: retention }
        : { status: 200, body: { ...retention, periods: request.body } },
    );
    const card = page.getByRole('region', { name: 'Retention' });
    const bcc = card.getByLabel('BCC messages');
    await bcc.waitFor();

    expect(await bcc.locator('option').allInnerTexts()).toEqual(['7 days', '14 days', '30 days (default)']);
    expect(await card.getByLabel('Review invitations').locator('option').allInnerTexts()).toEqual([
      '7 days',
      '14 days',
      '30 days',
      '90 days',
      '180 days',
      '1 year',
      '2 years',
      '3 years (default)',
    ]);
    await card.getByText('test-shop-3f9a@inbound.example.com', { exact: true }).waitFor();

    await bcc.selectOption('14');
    await card.getByRole('button', { name: 'Save retention periods' }).click();
    await page.waitForFunction('window.__toasts.length === 1');

    const put = received.find((request) => request.method === 'PUT');
    expect(put?.body).toEqual({ bccMessagesDays: 14, invitationsDays: 1095, dataExportsDays: 30 });
    expect(put?.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await page.evaluate('window.__toasts')).toEqual(['Retention periods saved']);
  });

  it('shows a rejected retention period at its field', async () => {
    const { page } = await openWithRoutes('settings', /\/admin\/api\/retention$/, (request) =>
      request.method === 'GET'
        ? { status: 200, body: retention }
        : {
            status: 400,
            body: {
              error: {
                code: 'VALIDATION_FAILED',
                message: 'invitationsDays: must be at most 1095 days',
                field: 'invitationsDays',
              },
            },
          },
    );
    const card = page.getByRole('region', { name: 'Retention' });
    await card.getByLabel('BCC messages').waitFor();
    await card.getByRole('button', { name: 'Save retention periods' }).click();

    await card
      .getByText('Choose one of the periods in the list. A period cannot be longer than the default.', { exact: true })
      .waitFor();
    const field = card.getByLabel('Review invitations');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await card.getByLabel('BCC messages').getAttribute('aria-invalid')).toBe('false');
    // The page's own text replaces the server's English message, so no banner repeats it.
    expect(await card.getByText('invitationsDays: must be at most 1095 days').count()).toBe(0);
  });

  it('creates a key, shows it once and revokes a key', async () => {
    const existing = {
      id: 'key-1',
      name: 'ERP',
      prefix: 'ri_3fa9',
      createdAt: '2026-02-01T10:00:00Z',
      lastUsedAt: null,
      revokedAt: null,
    };
    const { page, received } = await openWithRoutes('api-keys', /\/admin\/api\/api-keys(\/[^/]+)?$/, (request) => {
      if (request.method === 'GET') return { status: 200, body: { apiKeys: [existing] } };
      if (request.method === 'POST') {
        return {
          status: 201,
          body: { apiKey: { ...existing, id: 'key-2', name: 'Shop system' }, key: 'ri_9c1e_full-secret-value' },
        };
      }
      return { status: 204 };
    });
    const card = page.getByRole('region', { name: 'API keys' });
    const row = card.locator('tbody tr').first();
    await row.waitFor();
    expect(await row.locator('td, th').allInnerTexts()).toEqual([
      'ERP',
      'ri_3fa9…',
      'Feb 1, 2026, 10:00 AM',
      'Never',
      'Success\nActive',
      'Revoke',
    ]);

    await card.getByLabel('Key name').fill('Shop system');
    await card.getByRole('button', { name: 'Create API key' }).click();
    await card.getByText('ri_9c1e_full-secret-value', { exact: true }).waitFor();
    await card.getByText('Copy this key now. It is shown only once.', { exact: true }).waitFor();

    await row.getByRole('button', { name: 'Revoke: ERP' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Revoke the API key ERP?', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    expect(received.filter((request) => request.method !== 'GET')).toEqual([
      expect.objectContaining({ method: 'POST', path: '/admin/api/api-keys', body: { name: 'Shop system' } }),
      expect.objectContaining({ method: 'DELETE', path: '/admin/api/api-keys/key-1' }),
    ]);
  });

  it('cancels a scheduled invitation after confirmation', async () => {
    const { invitation } = await createInvitation(db.models, { email: 'mary@example.com', status: 'scheduled' });
    await createInvitation(db.models, { email: 'john@example.com', status: 'sent' });

    const { page, received } = await openWithRoutes('invitations', /\/admin\/api\/invitations\/[^/]+\/cancel$/, () => ({
      status: 200,
      body: { invitation: { id: String(invitation._id), status: 'cancelled' } },
    }));
    const card = page.getByRole('region', { name: 'Invitations' });
    await card.locator('tbody tr').nth(1).waitFor();
    expect(await card.getByRole('button', { name: /^Cancel invitation/ }).count()).toBe(1);

    await card.getByRole('button', { name: 'Cancel invitation: mary@example.com' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Cancel the invitation to mary@example.com?', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel invitation' }).click();
    await page.waitForFunction('window.__toasts.length === 1');

    expect(received.map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /admin/api/invitations/${invitation._id}/cancel`,
    ]);
  });

  it('searches invitations by email and status', async () => {
    await createInvitation(db.models, { email: 'mary@example.com', status: 'scheduled' });
    await createInvitation(db.models, { email: 'john@example.com', status: 'sent' });
    await createInvitation(db.models, { email: 'johanna@example.com', status: 'scheduled' });

    const opened = await openAdminPage(browser, app.baseUrl, { tab: 'invitations' });
    context = opened.context;
    const card = opened.page.getByRole('region', { name: 'Invitations' });
    const emails = card.locator('tbody tr td:first-child, tbody tr th:first-child');
    await card.locator('tbody tr').nth(2).waitFor();

    await card.getByLabel('Search by email').fill('jo');
    await opened.page.waitForFunction("document.querySelectorAll('tbody tr').length === 2");
    expect((await emails.allInnerTexts()).sort()).toEqual(['johanna@example.com', 'john@example.com']);

    await card.getByLabel('Status').selectOption('scheduled');
    await opened.page.waitForFunction("document.querySelectorAll('tbody tr').length === 1");
    expect(await emails.allInnerTexts()).toEqual(['johanna@example.com']);
  });

  it('shows the skip counts by reason', async () => {
    const lastSkippedAt = new Date('2026-02-28T10:00:00Z');
    await db.models.SkipCounter.create([
      { shop: TEST_SHOP, reason: 'frequency', count: 3, lastSkippedAt },
      { shop: TEST_SHOP, reason: 'duplicate_order', count: 2, lastSkippedAt },
    ]);

    const opened = await openAdminPage(browser, app.baseUrl, { tab: 'invitations', locale: 'da' });
    context = opened.context;
    const rows = opened.page.getByRole('region', { name: 'Oversprungne invitationer' }).locator('tbody tr');
    await rows.first().waitFor();

    const texts = await rows.evaluateAll((elements) =>
      elements.map((row) => Array.from(row.children, (cell) => (cell as { innerText: string }).innerText)),
    );
    expect(texts.sort()).toEqual([
      ['Kunden var allerede blevet inviteret inden for frekvensperioden', '3'],
      ['Ordren havde allerede en invitation', '2'],
    ]);
  });
});
