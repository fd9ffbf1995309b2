import type { Browser } from 'playwright-core';

import { ManualClock } from '../../server/clock';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createBccMessage, createInvitation, createShop } from '../helpers/factories';
import { TEST_SHOP } from '../helpers/shopify';
import {
  buildAdminPage,
  launchChromium,
  openAdminPage,
  saveScreenshot,
  seriousAccessibilityViolations,
} from './browser';

const TABS = ['settings', 'data-protection', 'history', 'data-requests', 'invitations', 'api-keys'];
const LOCALES = ['en', 'da'];

describe('admin page accessibility and screenshots', () => {
  const db = useTestDatabase();
  const clock = new ManualClock('2026-03-01T12:00:00Z');
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestApp(db.models, { clock, webDir: buildAdminPage() });
    browser = await launchChromium();

    await clearDatabase(db.models);
    await createShop(db.models, TEST_SHOP);
    await createInvitation(db.models, { email: 'john@example.com', status: 'sent' });
    await createInvitation(db.models, {
      email: 'mary@example.com',
      customerId: '555',
      orderId: '1003',
      status: 'scheduled',
      createdAt: new Date('2026-02-27T10:00:00Z'),
    });
    await createBccMessage(db.models, { email: 'john@example.com' });
    await db.models.DeletionRequest.create({
      shop: TEST_SHOP,
      source: 'retention',
      dedupeKey: 'test:retention',
      scope: { kind: 'retention', before: new Date('2026-02-01T03:00:00Z') },
      status: 'done',
      counts: { invitations: 12, bccMessages: 40, lastInvited: 9 },
      requestedAt: new Date('2026-02-01T03:00:00Z'),
      finishedAt: new Date('2026-02-01T03:00:05Z'),
    });
    await db.models.SkipCounter.create([
      { shop: TEST_SHOP, reason: 'frequency', count: 4, lastSkippedAt: new Date('2026-02-25T10:00:00Z') },
      { shop: TEST_SHOP, reason: 'suppressed', count: 1, lastSkippedAt: new Date('2026-02-26T10:00:00Z') },
    ]);
    await db.models.DataExport.create({
      shop: TEST_SHOP,
      dedupeKey: 'test:export',
      dataRequestId: '9999',
      subject: { customerId: '191167', emailLower: 'john@example.com' },
      status: 'done',
      data: { format: 1 },
      requestedAt: new Date('2026-02-20T10:00:00Z'),
      finishedAt: new Date('2026-02-20T10:01:00Z'),
      expiresAt: new Date('2026-03-22T10:00:00Z'),
    });
  }, 120_000);
  afterAll(async () => {
    await browser.close();
    await app.close();
  });

  const cases = LOCALES.flatMap((locale) => TABS.map((tab) => [locale, tab] as const));

  it.each(cases)('%s %s tab has no serious violations', async (locale, tab) => {
    const { context, page } = await openAdminPage(browser, app.baseUrl, { locale, tab });
    try {
      await page.getByRole('tabpanel').getByRole('region').first().waitFor();
      // Cards show skeletons while their requests run; check the page once every card has loaded.
      await page.waitForFunction("document.querySelectorAll('.Polaris-SkeletonBodyText').length === 0");

      expect(await page.getByRole('tab', { selected: true }).getAttribute('id')).toBe(tab);
      await saveScreenshot(page, `${locale}-${tab}`);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('reports a serious violation the check can see', async () => {
    const { context, page } = await openAdminPage(browser, app.baseUrl, { tab: 'settings' });
    try {
      await page.getByRole('tabpanel').getByRole('region').first().waitFor();
      await page.evaluate("document.querySelector('#root').append(document.createElement('button'))");

      const violations = await seriousAccessibilityViolations(page);
      expect(violations.map((violation) => violation.id)).toEqual(['button-name']);
    } finally {
      await context.close();
    }
  });
});
