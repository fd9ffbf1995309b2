import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { ManualClock } from '../../server/clock';
import { Worker } from '../../server/worker/worker';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createBccMessage, createInvitation, createShop } from '../helpers/factories';
import { OTHER_SHOP, TEST_SHOP } from '../helpers/shopify';
import { buildAdminPage, launchChromium, openAdminPage, saveScreenshot } from './browser';

describe('consumer data protection page', () => {
  const db = useTestDatabase();
  const clock = new ManualClock('2026-03-01T12:00:00Z');
  let app: TestApp;
  let browser: Browser;
  let worker: Worker;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    app = await startTestApp(db.models, { clock, webDir: buildAdminPage() });
    browser = await launchChromium();
    worker = new Worker({ models: db.models, clock, logger: pino({ level: 'silent' }), pollMs: 100, batchSize: 2 });
    worker.start();
  }, 120_000);
  afterAll(async () => {
    await worker.stop();
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

  async function open(): Promise<Page> {
    const opened = await openAdminPage(browser, app.baseUrl, { tab: 'data-protection' });
    context = opened.context;
    return opened.page;
  }

  const personCard = (page: Page) => page.getByRole('region', { name: 'Delete data about one person' });
  const dateCard = (page: Page) => page.getByRole('region', { name: 'Delete all data created before a date' });
  const historyRows = (page: Page) => page.getByRole('region', { name: 'Deletion history' }).locator('tbody tr');

  it('deletes one person after preview and confirmation', async () => {
    const { token } = await createInvitation(db.models, { email: 'john@example.com', orderId: '1001' });
    await createInvitation(db.models, { email: 'John@Example.com', orderId: '1002' });
    await createBccMessage(db.models, { email: 'john@example.com' });
    const { token: maryToken } = await createInvitation(db.models, { email: 'mary@example.com', customerId: '555' });
    await createInvitation(db.models, { shop: OTHER_SHOP, email: 'john@example.com' });

    const page = await open();
    const card = personCard(page);
    await card.getByLabel('Customer email address').fill('john@example.com');
    await card.getByRole('button', { name: 'Show what will be deleted' }).click();

    await expectText(card, 'This deletes:');
    expect(await card.getByRole('listitem').allInnerTexts()).toEqual([
      'Review invitations: 2',
      'BCC messages: 1',
      'Last-invited records: 1',
    ]);

    await card.getByRole('button', { name: 'Delete invitation data' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expectText(dialog, 'Delete invitation data about john@example.com?');
    await expectText(dialog, 'The review links in these invitations stop working at once.');
    await expectText(
      dialog,
      'The record of when the customer was last invited is deleted too, so the customer may be invited again sooner than your frequency setting allows.',
    );
    await expectText(dialog, 'This cannot be undone.');
    await saveScreenshot(page, 'en-delete-person-confirmation');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();

    await card.getByText('Done. Deleted:').waitFor({ timeout: 15_000 });
    expect(await card.getByRole('status').getByRole('listitem').allInnerTexts()).toEqual([
      'Review invitations: 2',
      'BCC messages: 1',
      'Last-invited records: 1',
    ]);

    const row = historyRows(page).first();
    await row.getByText('Done').waitFor();
    expect(await row.locator('td, th').allInnerTexts()).toEqual([
      expect.stringContaining('Mar 1, 2026'),
      'App page',
      'One person',
      // Polaris' badge prefixes its tone for screen readers.
      'Success\nDone',
      '2',
      '1',
      '1',
    ]);
    expect(await historyRows(page).count()).toBe(1);
    await saveScreenshot(page, 'en-delete-person-done');

    expect((await fetch(`${app.baseUrl}/r/${token}`)).status).toBe(410);
    expect((await fetch(`${app.baseUrl}/r/${maryToken}`)).status).toBe(200);
    expect(await db.models.Invitation.countDocuments({ shop: OTHER_SHOP })).toBe(1);
    const stored = await db.models.DeletionRequest.findOne({ shop: TEST_SHOP }).lean();
    expect(stored?.source).toBe('admin');
    expect(stored?.scope.emails).toBeUndefined();
  });

  it('deletes everything before a date after preview and confirmation', async () => {
    const { token: oldToken } = await createInvitation(db.models, {
      email: 'old@example.com',
      createdAt: new Date('2026-01-20T08:00:00Z'),
    });
    await createBccMessage(db.models, { email: 'old@example.com', receivedAt: new Date('2026-01-20T07:00:00Z') });
    const { token: newToken } = await createInvitation(db.models, {
      email: 'new@example.com',
      createdAt: new Date('2026-02-01T00:00:00Z'),
    });

    const page = await open();
    const card = dateCard(page);
    await card.getByLabel('Delete data created before').fill('2026-02-01');
    await card.getByRole('button', { name: 'Show what will be deleted' }).click();
    await expectText(card, 'This deletes:');
    expect(await card.getByRole('listitem').allInnerTexts()).toEqual([
      'Review invitations: 1',
      'BCC messages: 1',
      'Last-invited records: 1',
    ]);

    await card.getByRole('button', { name: 'Delete invitation data' }).click();
    const dialog = page.getByRole('dialog');
    await expectText(dialog, 'Delete all invitation data created before Feb 1, 2026?');
    await expectText(dialog, 'The review links in these invitations stop working at once.');
    await expectText(
      dialog,
      'Last-invited records are deleted too, so these customers may be invited again sooner than your frequency setting allows.',
    );
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();

    await card.getByText('Done. Deleted:').waitFor({ timeout: 15_000 });
    const row = historyRows(page).first();
    await row.getByText('Done').waitFor();
    expect(await row.locator('td, th').allInnerTexts()).toEqual([
      expect.stringContaining('Mar 1, 2026'),
      'App page',
      'Before Feb 1, 2026',
      'Success\nDone',
      '1',
      '1',
      '1',
    ]);

    expect((await fetch(`${app.baseUrl}/r/${oldToken}`)).status).toBe(410);
    expect((await fetch(`${app.baseUrl}/r/${newToken}`)).status).toBe(200);
  });

  it('shows the page message for a future date', async () => {
    const page = await open();
    const card = dateCard(page);
    await card.getByLabel('Delete data created before').fill('2026-06-01');
    await card.getByRole('button', { name: 'Show what will be deleted' }).click();

    await expectText(card, 'Choose today or a date in the past.');
    expect(await card.getByText(/must be/).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Delete invitation data' }).count()).toBe(0);
  });

  it('offers no deletion when nothing matches', async () => {
    const page = await open();
    const card = personCard(page);
    await card.getByLabel('Customer email address').fill('nobody@example.com');
    await card.getByRole('button', { name: 'Show what will be deleted' }).click();

    await expectText(card, 'There is no invitation data to delete.');
    expect(await card.getByRole('button', { name: 'Delete invitation data' }).count()).toBe(0);
  });
});

async function expectText(
  scope: { getByText(text: string, options: { exact: boolean }): { waitFor(): Promise<void> } },
  text: string,
) {
  await scope.getByText(text, { exact: true }).waitFor();
}
