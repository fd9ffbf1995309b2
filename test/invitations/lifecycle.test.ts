import pino from 'pino';

import { ManualClock } from '../../server/clock';
import { createMailer, type Mailer } from '../../server/invitations/mailer';
import { Worker } from '../../server/worker/worker';
import { postWebhook, startTestApp, type TestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/database';
import { createShop } from '../helpers/factories';
import { customersRedactPayload, fulfilledOrderPayload, signedWebhook, TEST_SHOP } from '../helpers/shopify';
import { SMTP_PASSWORD, SMTP_USER, startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../helpers/smtp';

/**
 * The path a customer walks, against the real database, the real app over HTTP and a real SMTP
 * server: order fulfilled → invitation → email → review; frequency, unsubscribe and erasure.
 */
describe('invitation lifecycle', () => {
  const db = useTestDatabase();
  const logger = pino({ level: 'silent' });
  let clock: ManualClock;
  let app: TestApp;
  let smtp: TestSmtpServer;
  let mailer: Mailer;
  let worker: Worker;

  beforeAll(async () => {
    clock = new ManualClock('2026-02-01T12:00:00Z');
    app = await startTestApp(db.models, { clock });
    smtp = await startSmtpServer();
    mailer = createMailer(
      {
        NODE_ENV: 'test',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: smtp.port,
        SMTP_SECURE: 'false',
        SMTP_USER,
        SMTP_PASSWORD,
        MAIL_FROM: 'Test Shop Reviews <reviews@test-shop.example>',
        OUTBOX_DIR: 'unused',
      },
      logger,
      process.cwd(),
    );
    worker = new Worker({
      models: db.models,
      clock,
      logger,
      pollMs: 50,
      batchSize: 100,
      invitations: { mailer, appUrl: app.baseUrl },
    });
    await createShop(db.models, TEST_SHOP);
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
    await app.close();
  });

  const order = (overrides: Parameters<typeof fulfilledOrderPayload>[0]) =>
    postWebhook(app.baseUrl, signedWebhook('orders/fulfilled', fulfilledOrderPayload(overrides)));
  const skips = async () =>
    Object.fromEntries(
      (await db.models.SkipCounter.find({ shop: TEST_SHOP }).lean()).map((counter) => [counter.reason, counter.count]),
    );
  const link = (text: string, path: 'r' | 'u') =>
    new RegExp(`${app.baseUrl.replace(/[.]/g, '\\.')}/${path}/[^\\s>"]+`).exec(text)?.[0] ?? '';

  /** A header as sent, unfolded; mailparser turns List-* headers into objects otherwise. */
  const header = (mail: ReceivedMail, name: string) =>
    mail.parsed.headerLines
      .find((line) => line.key === name)
      ?.line.replace(/\r?\n[ \t]+/g, ' ')
      .replace(/^[^:]+:\s*/, '');

  it('runs order to review end to end', async () => {
    // 1. Two orders are fulfilled: a Danish and an English customer.
    const danish = {
      orderId: 5001,
      orderName: '#1001',
      email: 'Mette@Example.dk',
      customerId: 7001,
      firstName: 'Mette',
      lastName: 'Hansen',
      locale: 'da-DK',
      fulfilledAt: '2026-02-01T10:00:00Z',
    };
    const english = {
      orderId: 5002,
      orderName: '#1002',
      email: 'jon@example.com',
      customerId: 7002,
      firstName: 'Jon',
      locale: 'en-GB',
      fulfilledAt: '2026-02-01T11:00:00Z',
    };
    expect(await order(danish)).toEqual({ status: 200, body: JSON.stringify({ status: 'accepted' }) });
    expect((await order(english)).status).toBe(200);

    const scheduled = await db.models.Invitation.find({ shop: TEST_SHOP }).sort({ orderId: 1 }).lean();
    expect(scheduled.map((invitation) => [invitation.orderId, invitation.status, invitation.scheduledFor])).toEqual([
      ['5001', 'scheduled', new Date('2026-02-08T10:00:00Z')],
      ['5002', 'scheduled', new Date('2026-02-08T11:00:00Z')],
    ]);

    // 2. Nothing is due before fulfilment + 7 days.
    clock.set('2026-02-08T09:59:59Z');
    await worker.drain();
    expect(smtp.received).toHaveLength(0);

    clock.set('2026-02-08T12:00:00Z');
    await worker.drain();
    expect(smtp.received).toHaveLength(2);
    const [toMette, toJon] = smtp.received.sort((a, b) => a.to[0]!.localeCompare(b.to[0]!)).reverse();

    // 3. Each email is in the customer's language, with a text part and unsubscribe headers.
    // Domains are case-insensitive; the mail path lower-cases them, the local part stays as typed.
    expect(toMette!.to).toEqual(['Mette@example.dk']);
    expect(toMette!.from).toBe('reviews@test-shop.example');
    expect(toMette!.parsed.subject).toBe('Hvad synes du om din ordre #1001?');
    expect(toMette!.parsed.text).toContain('Hej Mette');
    expect(toMette!.parsed.text).toContain(
      'Du får denne mail, fordi du har handlet i butikken. Hvis du ikke vil have flere anmeldelsesinvitationer, kan du afmelde dig her:\nhttp',
    );
    expect(toMette!.parsed.html).toMatch(/afmelde dig her: <a href="[^"]+" style="color: #1a1a1a;">Afmeld mig<\/a>/);
    expect(toMette!.parsed.text).toContain('IPod Nano - 8GB');
    expect(toMette!.parsed.html).toContain('Skriv en anmeldelse');
    expect(toMette!.raw).toMatch(/^Content-Language: da$/m);
    expect(toJon!.parsed.subject).toBe('How was your order #1002?');
    expect(toJon!.parsed.text).toContain('Hi Jon,');
    expect(toJon!.raw).toMatch(/^Content-Language: en$/m);

    for (const mail of [toMette!, toJon!]) {
      const unsubscribeUrl = link(mail.parsed.text!, 'u');
      expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(header(mail, 'list-unsubscribe')).toBe(`<${unsubscribeUrl}>`);
      expect(unsubscribeUrl).not.toContain('@');
    }
    const sent = await db.models.Invitation.find({ shop: TEST_SHOP }).lean();
    expect(sent.map((invitation) => invitation.status)).toEqual(['sent', 'sent']);
    expect(sent.map((invitation) => invitation.sentAt)).toEqual([clock.now(), clock.now()]);

    // A second run sends nothing again.
    await worker.drain();
    expect(smtp.received).toHaveLength(2);

    // 4. Mette opens her link, gets the Danish form with her first name, and writes a review.
    const reviewUrl = link(toMette!.parsed.text!, 'r');
    const form = await fetch(reviewUrl);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('<html lang="da">');
    expect(formHtml).toContain('<title>Skriv en anmeldelse</title>');
    expect(formHtml).toMatch(/<input type="text" id="displayName" name="displayName" value="Mette"/);
    expect(formHtml).toContain('Bedømmelse af IPod Touch 8GB');

    const submitted = await fetch(reviewUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        rating: '5',
        title: 'Super',
        body: 'Hurtig levering.',
        displayName: 'Mette H.',
        'product-921728736-rating': '4',
      }).toString(),
      redirect: 'manual',
    });
    expect(submitted.status).toBe(303);

    const thanks = await fetch(reviewUrl);
    expect(thanks.status).toBe(200);
    expect(await thanks.text()).toContain('Tak for din anmeldelse');

    const reviews = await db.models.Review.find({ shop: TEST_SHOP }).sort({ productId: 1 }).lean();
    expect(
      reviews.map(({ productId, rating, title, body, displayName }) => ({
        productId,
        rating,
        title,
        body,
        displayName,
      })),
    ).toEqual([
      { productId: undefined, rating: 5, title: 'Super', body: 'Hurtig levering.', displayName: 'Mette H.' },
      { productId: '921728736', rating: 4, title: undefined, body: undefined, displayName: 'Mette H.' },
    ]);
    expect(JSON.stringify(reviews)).not.toMatch(/mette@example\.dk|7001/i);

    // 5. A second order inside the 3-year period creates nothing and is counted.
    clock.set('2026-06-01T12:00:00Z');
    expect((await order({ ...danish, orderId: 5003, orderName: '#1003' })).status).toBe(200);
    expect(await db.models.Invitation.countDocuments({ orderId: '5003' })).toBe(0);
    expect(await skips()).toEqual({ frequency: 1 });

    // 6. Jon unsubscribes with one click; his next order is not invited, even after the period.
    const oneClick = await fetch(link(toJon!.parsed.text!, 'u'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await db.models.Suppression.countDocuments({ shop: TEST_SHOP, source: 'one_click' })).toBe(1);
    clock.set('2029-03-01T12:00:00Z');
    expect((await order({ ...english, orderId: 5004 })).status).toBe(200);
    expect(await db.models.Invitation.countDocuments({ orderId: '5004' })).toBe(0);
    expect(await skips()).toEqual({ frequency: 1, suppressed: 1 });

    // 7. customers/redact for Mette: her link returns 410, and her next order is invited again
    //    because the last-invited record was deleted with her data.
    clock.set('2026-07-01T12:00:00Z');
    const redact = await postWebhook(
      app.baseUrl,
      signedWebhook('customers/redact', customersRedactPayload({ customerId: 7001, email: 'mette@example.dk' })),
    );
    expect(redact.status).toBe(200);
    await worker.drain();
    expect(await db.models.LastInvited.countDocuments({ emailLower: 'mette@example.dk' })).toBe(0);
    const afterErasure = await fetch(reviewUrl);
    expect(afterErasure.status).toBe(410);
    expect(await afterErasure.text()).not.toContain('Mette');

    expect((await order({ ...danish, orderId: 5005, orderName: '#1005' })).status).toBe(200);
    expect(await db.models.Invitation.countDocuments({ orderId: '5005', status: 'scheduled' })).toBe(1);

    // Jon's unsubscribe outlives the erasure of his data.
    await postWebhook(
      app.baseUrl,
      signedWebhook('customers/redact', customersRedactPayload({ customerId: 7002, email: 'jon@example.com' })),
    );
    await worker.drain();
    expect(await db.models.Invitation.countDocuments({ emailLower: 'jon@example.com' })).toBe(0);
    expect((await order({ ...english, orderId: 5006 })).status).toBe(200);
    expect(await db.models.Invitation.countDocuments({ orderId: '5006' })).toBe(0);
    expect(await skips()).toEqual({ frequency: 1, suppressed: 2 });
  });
});
