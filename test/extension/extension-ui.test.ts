import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { ManualClock } from '../../server/clock';
import { Worker } from '../../server/worker/worker';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createBccMessage, createInvitation, createShop } from '../helpers/factories';
import { OTHER_SHOP, TEST_SHOP } from '../helpers/shopify';
import { launchChromium } from '../web/browser';
import { bundleExtension, openExtension, recordedCalls, type StandInOptions } from './extension-harness';

const CUSTOMER_GID = 'gid://shopify/Customer/191167';

describe('delete invitation data admin action', () => {
  const db = useTestDatabase();
  const clock = new ManualClock('2026-03-01T12:00:00Z');
  let app: TestApp;
  let browser: Browser;
  let bundle: string;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    app = await startTestApp(db.models, { clock });
    browser = await launchChromium();
    bundle = await bundleExtension();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models, TEST_SHOP);
    await createShop(db.models, OTHER_SHOP);
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  const drain = () =>
    new Worker({ models: db.models, clock, logger: pino({ level: 'silent' }), pollMs: 50, batchSize: 2 }).drain();

  /** Three invitations of customer 191167, one BCC message by id and one by email only. */
  async function seedCustomer() {
    await createInvitation(db.models, { email: 'john.old@example.com', customerId: '191167', orderId: '1001' });
    await createInvitation(db.models, { email: 'john.old@example.com', customerId: '191167', orderId: '1002' });
    await createInvitation(db.models, { email: 'john@example.com', customerId: '191167', orderId: '1003' });
    await createBccMessage(db.models, { email: 'other@example.com', customerId: '191167' });
    await createBccMessage(db.models, { email: 'john@example.com' });
    await createInvitation(db.models, { shop: OTHER_SHOP, email: 'john@example.com', customerId: '191167' });
  }

  async function open(options: Partial<StandInOptions> = {}): Promise<Page> {
    const opened = await openExtension(browser, bundle, {
      appUrl: app.baseUrl,
      locale: 'en',
      customerId: CUSTOMER_GID,
      email: 'john@example.com',
      ...options,
    });
    context = opened.context;
    return opened.page;
  }

  const primaryButton = (page: Page) => page.locator('s-button[slot="primary-action"]');
  const secondaryButton = (page: Page) => page.locator('s-button[slot="secondary-actions"]');

  it('shows the counts and warnings in English', async () => {
    await seedCustomer();
    const page = await open();

    await page.getByText('3 review invitations').waitFor();
    expect(await page.locator('s-list-item').allTextContents()).toEqual([
      '3 review invitations',
      '2 BCC messages',
      '2 last-invited records',
    ]);
    expect(await page.locator('s-admin-action').getAttribute('heading')).toBe('Delete review invitation data');
    await page.getByText('The review links in these invitations stop working at once.').waitFor();
    await page
      .getByText(
        'The record of when the customer was last invited is deleted too, so the customer may be invited again sooner than your frequency setting allows.',
      )
      .waitFor();
    expect(await primaryButton(page).textContent()).toBe('Delete invitation data');
    expect(await primaryButton(page).getAttribute('tone')).toBe('critical');
    expect(await primaryButton(page).getAttribute('disabled')).toBeNull();
    expect(await secondaryButton(page).textContent()).toBe('Cancel');

    const calls = await recordedCalls(page);
    expect(calls.query).toHaveLength(1);
    expect(calls.query[0]!.variables).toEqual({ id: CUSTOMER_GID });
    expect(calls.fetch).toEqual([
      {
        url: '/admin/api/customer-deletions/preview',
        method: 'POST',
        body: JSON.stringify({ customerId: CUSTOMER_GID, email: 'john@example.com' }),
      },
    ]);
    expect(await db.models.DeletionRequest.countDocuments({})).toBe(0);
  });

  it('shows the counts and warnings in Danish with singular forms', async () => {
    await createInvitation(db.models, { email: 'john@example.com', customerId: '191167' });
    await createBccMessage(db.models, { email: 'john@example.com' });
    const page = await open({ locale: 'da' });

    await page.getByText('1 anmeldelsesinvitation').waitFor();
    expect(await page.locator('s-list-item').allTextContents()).toEqual([
      '1 anmeldelsesinvitation',
      '1 BCC-besked',
      '1 oplysning om seneste invitation',
    ]);
    expect(await page.locator('s-admin-action').getAttribute('heading')).toBe('Slet invitationsdata');
    await page.getByText('Anmeldelseslinkene i disse invitationer holder op med at virke med det samme.').waitFor();
    await page
      .getByText(
        'Registreringen af, hvornår kunden sidst blev inviteret, slettes også. Kunden kan derfor blive inviteret igen tidligere, end din frekvensindstilling tillader.',
      )
      .waitFor();
    expect(await primaryButton(page).textContent()).toBe('Slet invitationsdata');
    expect(await secondaryButton(page).textContent()).toBe('Annuller');
  });

  it('starts the deletion and shows progress and the result', async () => {
    await seedCustomer();
    const page = await open();
    await page.getByText('3 review invitations').waitFor();

    await primaryButton(page).dblclick();
    await page.getByText('Waiting for the deletion to start…').waitFor();
    expect(await db.models.DeletionRequest.countDocuments({})).toBe(1);

    const calls = await recordedCalls(page);
    expect(calls.fetch[1]).toEqual({
      url: '/admin/api/customer-deletions',
      method: 'POST',
      body: JSON.stringify({ customerId: CUSTOMER_GID, email: 'john@example.com' }),
    });
    const request = await db.models.DeletionRequest.findOne({}).lean();
    expect(request).toMatchObject({ shop: TEST_SHOP, source: 'admin_extension', status: 'pending' });
    expect(await primaryButton(page).count()).toBe(0);

    await drain();

    await page.getByText('Done. Deleted:').waitFor();
    expect(await page.locator('s-list-item').allTextContents()).toEqual([
      '3 review invitations',
      '2 BCC messages',
      '2 last-invited records',
    ]);
    expect(await secondaryButton(page).textContent()).toBe('Close');
    const polls = (await recordedCalls(page)).fetch.filter((call) => call.method === 'GET');
    expect(polls.length).toBeGreaterThan(0);
    expect(polls[0]!.url).toBe(`/admin/api/customer-deletions/${String(request!._id)}`);
    expect(await db.models.Invitation.countDocuments({ shop: TEST_SHOP })).toBe(0);
    expect(await db.models.Invitation.countDocuments({ shop: OTHER_SHOP })).toBe(1);

    await secondaryButton(page).click();
    expect((await recordedCalls(page)).close).toBe(1);
  });

  it('matches by customer id alone when the email cannot be read', async () => {
    await seedCustomer();
    const page = await open({ email: null });

    await page.getByText('3 review invitations').waitFor();
    expect(await page.locator('s-list-item').nth(1).textContent()).toBe('1 BCC message');
    expect((await recordedCalls(page)).fetch[0]!.body).toBe(JSON.stringify({ customerId: CUSTOMER_GID }));
  });

  it('disables the action when there is nothing to delete', async () => {
    const page = await open({ customerId: 'gid://shopify/Customer/999', email: 'nobody@example.com' });

    await page.getByText('The app keeps no invitation data about this customer.').waitFor();
    expect(await primaryButton(page).getAttribute('disabled')).not.toBeNull();
    expect(await page.locator('s-list-item').count()).toBe(0);
  });

  it('shows an error when the backend rejects the customer', async () => {
    const page = await open({ customerId: 'gid://shopify/Product/1', locale: 'da' });

    await page.getByText('Appen kunne ikke hente kundens invitationsdata. Luk vinduet, og prøv igen.').waitFor();
    expect(await primaryButton(page).count()).toBe(0);
    expect(await secondaryButton(page).textContent()).toBe('Luk');
  });
});
