import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser } from 'playwright-core';

import { ManualClock } from '../../server/clock';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createInvitation, createShop } from '../helpers/factories';

/** Debian's Chromium; .ci/run installs it when package.json uses playwright-core. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('review page in Chromium', () => {
  const db = useTestDatabase();
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestApp(db.models, { clock: new ManualClock('2026-02-10T12:00:00Z') });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models);
  });

  async function invitationLink(locale = 'da') {
    const { token, invitation } = await createInvitation(db.models, { name: 'Mette Hansen', locale });
    await db.models.Invitation.updateOne(
      { _id: invitation._id },
      { $set: { orderName: '#1001', products: [{ productId: '632910392', title: 'Krus' }] } },
    );
    return { url: `${app.baseUrl}/r/${token}`, invitationId: invitation._id };
  }

  it('submits by keyboard without JavaScript', async () => {
    const { url, invitationId } = await invitationLink();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url);

    // Tab reaches the first star; the arrow keys move through the radio group, as in any form.
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('id')).toBe('rating');
    for (let step = 0; step < 3; step += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Fin kop');
    await page.keyboard.press('Tab');
    // The review text is left empty on purpose: the page must come back with the error and the input.
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('id')).toBe('displayName');
    await page.keyboard.press('Enter');

    await page.waitForSelector('#body-error');
    expect(await page.textContent('#body-error')).toBe('Skriv et par ord om din oplevelse.');
    expect(await page.inputValue('#title')).toBe('Fin kop');
    expect(await page.isChecked('#rating-4')).toBe(true);
    expect(await page.inputValue('#displayName')).toBe('Mette');

    await page.focus('#body');
    await page.keyboard.type('Holder varmen godt.');
    await page.focus('#displayName');
    await page.keyboard.press('Enter');

    await page.waitForSelector('h1:text("Tak for din anmeldelse")');
    const review = await db.models.Review.findOne({ invitationId }).lean();
    expect(review).toMatchObject({ rating: 4, title: 'Fin kop', body: 'Holder varmen godt.', displayName: 'Mette' });
    await context.close();
  });

  it.each(['da', 'en'])('has no axe violations (%s)', async (locale) => {
    const { url } = await invitationLink(locale);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    const empty = await new AxeBuilder({ page }).analyze();

    await page.click('button[type="submit"]');
    await page.waitForSelector('#error-summary');
    const withErrors = await new AxeBuilder({ page }).analyze();

    // The rules that matter most here ran and passed: labels, contrast, language and ARIA use.
    expect(empty.passes.map((rule) => rule.id)).toEqual(
      expect.arrayContaining(['label', 'color-contrast', 'html-has-lang', 'aria-allowed-attr']),
    );
    expect(empty.violations.map((violation) => violation.id)).toEqual([]);
    expect(withErrors.violations.map((violation) => violation.id)).toEqual([]);
    await context.close();
  });
});
