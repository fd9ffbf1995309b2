import path from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { ManualClock } from '../../server/clock';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createInvitation, createShop } from '../helpers/factories';
import { TEST_API_KEY } from '../helpers/session-token';
import { TEST_SHOP } from '../helpers/shopify';
import { buildAdminPage, launchChromium, openAdminPage, saveScreenshot, TEST_OUTPUT } from './browser';

describe('embedded admin page', () => {
  const db = useTestDatabase();
  const clock = new ManualClock('2026-03-01T12:00:00Z');
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    app = await startTestApp(db.models, { clock, webDir: buildAdminPage() });
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

  async function open(options: { locale?: string; tab?: string } = {}): Promise<Page> {
    const opened = await openAdminPage(browser, app.baseUrl, options);
    context = opened.context;
    return opened.page;
  }

  describe('serving', () => {
    it('sends the page with the frame-ancestors policy and client ID', async () => {
      const response = await fetch(`${app.baseUrl}/?shop=${TEST_SHOP}&host=abc&embedded=1`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(
        `frame-ancestors https://${TEST_SHOP} https://admin.shopify.com;`,
      );

      const html = await response.text();
      expect(html).toContain(`<meta name="shopify-api-key" content="${TEST_API_KEY}" />`);
      expect(html).toContain('<script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script>');
      expect(html.indexOf('app-bridge.js')).toBeLessThan(html.indexOf('type="module"'));
    });

    it('allows only admin.shopify.com to frame the page for an invalid shop', async () => {
      const response = await fetch(`${app.baseUrl}/?shop=evil.example.com`);
      expect(response.headers.get('content-security-policy')).toBe('frame-ancestors https://admin.shopify.com;');
    });

    it('serves the built assets with a long cache lifetime', async () => {
      const html = await (await fetch(`${app.baseUrl}/`)).text();
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;

      const response = await fetch(`${app.baseUrl}${script}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    });

    it('answers 503 with the build command when the page is not built', async () => {
      const unbuilt = await startTestApp(db.models, { webDir: path.join(TEST_OUTPUT, 'no-such-build') });
      try {
        const response = await fetch(`${unbuilt.baseUrl}/`);
        expect(response.status).toBe(503);
        expect(await response.text()).toContain('npm run build');
      } finally {
        await unbuilt.close();
      }
    });
  });

  it('saves settings and shows them after a reload', async () => {
    const page = await open({ tab: 'settings' });
    const timing = page.getByRole('region', { name: 'Timing and frequency' });
    const delay = timing.getByLabel('Delay after fulfilment (days)');
    const frequency = timing.getByLabel('Invite a customer at most');

    expect(await delay.inputValue()).toBe('7');
    expect(await frequency.inputValue()).toBe('3y');
    const saveBar = page.locator('ui-save-bar[data-showing]');
    expect(await saveBar.count()).toBe(0);

    await delay.fill('14');
    await frequency.selectOption({ label: 'Once every 90 days' });
    await saveBar.waitFor();
    await saveScreenshot(page, 'en-settings-unsaved');
    await saveBar.getByRole('button', { name: 'Save' }).click();
    await saveBar.waitFor({ state: 'detached' });
    expect(await page.evaluate('window.__toasts')).toEqual(['Settings saved']);

    const stored = await db.models.Shop.findOne({ shop: TEST_SHOP }).lean();
    expect(stored?.settings).toEqual({ delayDays: 14, frequency: '90d' });

    await page.reload();
    const reloaded = page.getByRole('region', { name: 'Timing and frequency' });
    await expect(reloaded.getByLabel('Delay after fulfilment (days)').inputValue()).resolves.toBe('14');
    await expect(reloaded.getByLabel('Invite a customer at most').inputValue()).resolves.toBe('90d');
  });

  it('discards unsaved settings', async () => {
    const page = await open({ tab: 'settings' });
    const delay = page.getByLabel('Delay after fulfilment (days)');
    await expect(delay.inputValue()).resolves.toBe('7');

    await delay.fill('30');
    await page.locator('ui-save-bar[data-showing]').getByRole('button', { name: 'Discard' }).click();

    expect(await delay.inputValue()).toBe('7');
    const stored = await db.models.Shop.findOne({ shop: TEST_SHOP }).lean();
    expect(stored?.settings).toEqual({ delayDays: 7, frequency: '3y' });
  });

  it('blocks saving a delay above 90 days', async () => {
    const page = await open({ tab: 'settings' });
    const delay = page.getByLabel('Delay after fulfilment (days)');
    await expect(delay.inputValue()).resolves.toBe('7');

    await delay.fill('91');
    await page.getByText('Enter a whole number of days from 0 to 90.', { exact: true }).waitFor();
    expect(await page.locator('ui-save-bar[data-showing]').getByRole('button', { name: 'Save' }).isDisabled()).toBe(
      true,
    );
  });

  it('shows the Danish texts for the da locale', async () => {
    const page = await open({ locale: 'da', tab: 'settings' });
    const timing = page.getByRole('region', { name: 'Timing og frekvens' });
    await timing.waitFor();

    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    expect(await page.getByRole('tab').allInnerTexts()).toEqual([
      'Invitationsindstillinger',
      'Persondata og sletning',
      'Sletningshistorik',
      'Dataanmodninger',
      'Invitationer',
      'API-nøgler',
    ]);
    expect(await timing.getByLabel('Inviter en kunde højst').inputValue()).toBe('3y');
    expect(await timing.getByRole('option', { name: 'Én gang hvert 3. år' }).count()).toBe(1);

    await page.getByRole('tab', { name: 'Persondata og sletning' }).click();
    await page.getByRole('region', { name: 'Slet invitationsdata om én person' }).waitFor();
    await page.getByRole('region', { name: 'Slet alle invitationsdata oprettet før en dato' }).waitFor();
    await page.getByText('Ingen sletninger endnu', { exact: true }).waitFor();
  });

  it('shows the Danish deletion confirmation', async () => {
    await createInvitation(db.models, { email: 'john@example.com' });
    const page = await open({ locale: 'da', tab: 'data-protection' });
    const card = page.getByRole('region', { name: 'Slet invitationsdata om én person' });

    await card.getByLabel('Kundens e-mailadresse').fill('john@example.com');
    await card.getByRole('button', { name: 'Vis, hvad der slettes' }).click();
    await card.getByText('Følgende slettes:', { exact: true }).waitFor();
    expect(await card.getByRole('listitem').allInnerTexts()).toEqual([
      'Anmeldelsesinvitationer: 1',
      'BCC-beskeder: 0',
      'Oplysninger om seneste invitation: 1',
    ]);

    await card.getByRole('button', { name: 'Slet invitationsdata' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Slet invitationsdata om john@example.com?', { exact: true }).waitFor();
    await dialog
      .getByText('Anmeldelseslinkene i disse invitationer holder op med at virke med det samme.', { exact: true })
      .waitFor();
    await dialog
      .getByText(
        'Registreringen af, hvornår kunden sidst blev inviteret, slettes også. Kunden kan derfor blive inviteret igen tidligere, end din frekvensindstilling tillader.',
        { exact: true },
      )
      .waitFor();
    await dialog.getByText('Det kan ikke fortrydes.', { exact: true }).waitFor();
    await saveScreenshot(page, 'da-delete-person-confirmation');

    await dialog.getByRole('button', { name: 'Annuller' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await db.models.DeletionRequest.countDocuments({})).toBe(0);
  });

  it('shows Danish messages for rejected input', async () => {
    const page = await open({ locale: 'da', tab: 'data-protection' });
    const personCard = page.getByRole('region', { name: 'Slet invitationsdata om én person' });
    const dateCard = page.getByRole('region', { name: 'Slet alle invitationsdata oprettet før en dato' });

    // The browser does not check a type=email field outside a form, so the server rejects the address.
    await personCard.getByLabel('Kundens e-mailadresse').fill('john.example.com');
    await personCard.getByRole('button', { name: 'Vis, hvad der slettes' }).click();
    await personCard.getByText('Angiv en e-mailadresse som navn@eksempel.dk.', { exact: true }).waitFor();
    expect(await personCard.getByLabel('Kundens e-mailadresse').getAttribute('aria-invalid')).toBe('true');

    // The test server's clock is set to 2026-03-01, so this date is in the future.
    await dateCard.getByLabel('Slet data oprettet før').fill('2026-06-01');
    await dateCard.getByRole('button', { name: 'Vis, hvad der slettes' }).click();
    await dateCard.getByText('Vælg dags dato eller en tidligere dato.', { exact: true }).waitFor();

    expect(await page.getByText(/must be/).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Slet invitationsdata', exact: true }).count()).toBe(0);
    expect(await db.models.DeletionRequest.countDocuments({})).toBe(0);
    await saveScreenshot(page, 'da-rejected-input');
  });

  it('uses Polaris translations for the da locale', async () => {
    await db.models.DeletionRequest.create({
      shop: TEST_SHOP,
      source: 'webhook',
      topic: 'customers/redact',
      dedupeKey: 'test:history',
      scope: { kind: 'customer', identifierCount: 2 },
      status: 'done',
      counts: { invitations: 3, bccMessages: 2, lastInvited: 1 },
      requestedAt: new Date('2026-02-10T09:30:00Z'),
      finishedAt: new Date('2026-02-10T09:31:00Z'),
    });

    const page = await open({ locale: 'da-DK', tab: 'history' });
    const row = page.getByRole('region', { name: 'Sletningshistorik' }).locator('tbody tr');
    await row.first().waitFor();

    // "Gennemført" is the badge's tone label from Polaris' own Danish translation.
    expect(await row.first().locator('td, th').allInnerTexts()).toEqual([
      '10. feb. 2026, 09.30',
      'Shopify',
      'Én person',
      'Gennemført\nFærdig',
      '3',
      '2',
      '1',
    ]);
  });

  it('shows an error banner when a route fails', async () => {
    const opened = await openAdminPage(browser, app.baseUrl, { tab: 'invitations' });
    context = opened.context;
    await context.route(/\/admin\/api\/invitations\?/, (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.', requestId: 'req-1' },
        }),
      }),
    );
    await opened.page.reload();

    const banner = opened.page.getByRole('region', { name: 'Invitations' }).getByRole('alert');
    await banner.waitFor();
    await banner.getByText('Something went wrong', { exact: true }).waitFor();
    await banner.getByText('Something went wrong on our side.', { exact: true }).waitFor();
    expect(await banner.getByRole('button', { name: 'Try again' }).count()).toBe(1);
  });

  it('saves a shorter retention period', async () => {
    const page = await open({ tab: 'settings' });
    const retention = page.getByRole('region', { name: 'Retention' });
    const bcc = retention.getByLabel('BCC messages');
    await expect(bcc.inputValue()).resolves.toBe('30');

    await bcc.selectOption('14');
    await retention.getByRole('button', { name: 'Save retention periods' }).click();
    await page.waitForFunction('window.__toasts.length === 1');

    const stored = await db.models.Shop.findOne({ shop: TEST_SHOP }).lean();
    expect(stored?.retention).toEqual({ bccMessagesDays: 14 });
    await page.reload();
    await expect(page.getByLabel('BCC messages').inputValue()).resolves.toBe('14');
  });

  it('creates and revokes an API key', async () => {
    const page = await open({ tab: 'api-keys' });
    const card = page.getByRole('region', { name: 'API keys' });
    await card.getByText('No API keys', { exact: true }).waitFor();

    await card.getByLabel('Key name').fill('ERP');
    await card.getByRole('button', { name: 'Create API key' }).click();
    const shown = card.locator('code');
    await shown.waitFor();
    const key = await shown.innerText();

    const stored = await db.models.ApiKey.findOne({ shop: TEST_SHOP }).lean();
    expect(stored?.name).toBe('ERP');
    expect(key.startsWith(stored!.prefix)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(key);

    const row = card.locator('tbody tr').first();
    await row.getByRole('button', { name: 'Revoke: ERP' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
    await row.getByText('Revoked', { exact: true }).waitFor();
    expect((await db.models.ApiKey.findOne({ shop: TEST_SHOP }).lean())?.revokedAt).toEqual(
      new Date('2026-03-01T12:00:00Z'),
    );
  });

  it('downloads a data-request export as JSON', async () => {
    await db.models.DataExport.create({
      shop: TEST_SHOP,
      dedupeKey: 'test:download',
      dataRequestId: '9999',
      subject: { customerId: '191167', emailLower: 'john@example.com' },
      status: 'done',
      data: { format: 1, customer: { email: 'john@example.com' } },
      requestedAt: new Date('2026-02-20T10:00:00Z'),
      finishedAt: new Date('2026-02-20T10:01:00Z'),
      expiresAt: new Date('2026-03-22T10:00:00Z'),
    });
    const page = await open({ tab: 'data-requests' });
    const row = page.getByRole('region', { name: 'Data requests' }).locator('tbody tr');
    await row.first().waitFor();
    expect(await row.first().locator('td, th').allInnerTexts()).toEqual([
      'Feb 20, 2026, 10:00 AM',
      '9999',
      'john@example.com',
      'Success\nReady',
      'Mar 22, 2026',
      'Download JSON',
    ]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.first().getByRole('button', { name: 'Download JSON: 9999' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('data-request-9999.json');
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ format: 1, customer: { email: 'john@example.com' } });
  });
});
