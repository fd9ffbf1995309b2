import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';

import { ManualClock } from '../../server/clock';
import { emailFingerprint } from '../../server/invitations/fingerprint';
import { createMailer, MailConfigError, type Mailer } from '../../server/invitations/mailer';
import { scheduleInvitation } from '../../server/invitations/schedule';
import { failInterruptedSends, sendNextInvitation } from '../../server/invitations/send-job';
import { sha256Hex } from '../../server/lib/hash';
import { Worker } from '../../server/worker/worker';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createShop } from '../helpers/factories';
import { TEST_SHOP } from '../helpers/shopify';
import { SMTP_PASSWORD, SMTP_USER, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';

const APP_URL = 'https://review-invitations.example.com';

describe('sending invitations', () => {
  const db = useTestDatabase();
  const logger = pino({ level: 'silent' });
  let clock: ManualClock;
  let smtp: TestSmtpServer;
  let mailer: Mailer;

  const smtpConfig = () => ({
    NODE_ENV: 'test' as const,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: smtp.port,
    SMTP_SECURE: 'false' as const,
    SMTP_USER,
    SMTP_PASSWORD,
    MAIL_FROM: 'Reviews <reviews@example.com>',
    OUTBOX_DIR: 'outbox',
  });
  const deps = () => ({ models: db.models, clock, logger, mailer, appUrl: APP_URL });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    mailer = createMailer(smtpConfig(), logger, process.cwd());
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
  });
  beforeEach(async () => {
    await clearDatabase(db.models);
    smtp.received.length = 0;
    smtp.failNext(0, 451);
    clock = new ManualClock('2026-03-01T12:00:00Z');
    await createShop(db.models);
  });

  async function scheduleDue(email = 'ann@example.com') {
    const result = await scheduleInvitation(
      { models: db.models, clock, logger },
      { shop: TEST_SHOP, email, orderId: email, fulfilledAt: new Date('2026-02-01T00:00:00Z'), source: 'order' },
    );
    if (result.outcome !== 'scheduled') throw new Error(`not scheduled: ${result.reason}`);
    return result;
  }

  it('replaces link token when sending', async () => {
    const { invitationId, token } = await scheduleDue();

    expect(await sendNextInvitation(deps())).toBe(true);

    const invitation = await db.models.Invitation.findById(invitationId).lean();
    const emailedToken = /\/r\/([\w-]+)/.exec(smtp.received[0]!.parsed.text!)?.[1];
    expect(invitation?.tokenHash).toBe(sha256Hex(emailedToken!));
    expect(invitation?.tokenHash).not.toBe(sha256Hex(token));
    expect(invitation).toMatchObject({ status: 'sent', attempts: 1, sentAt: clock.now() });
    expect(invitation?.claimToken).toBeUndefined();
    expect(await sendNextInvitation(deps())).toBe(false);
  });

  it('retries with backoff, then fails', async () => {
    const { invitationId } = await scheduleDue();
    smtp.failNext(5, 451);
    const delays: number[] = [];

    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect(await sendNextInvitation(deps())).toBe(true);
      const invitation = await db.models.Invitation.findById(invitationId).lean();
      if (attempt < 5) {
        expect(invitation).toMatchObject({ status: 'scheduled', attempts: attempt });
        expect(invitation?.lastError).toMatch(/451/);
        delays.push(invitation!.nextAttemptAt!.getTime() - clock.now().getTime());
        expect(await sendNextInvitation(deps())).toBe(false);
        clock.set(invitation!.nextAttemptAt!);
      } else {
        expect(invitation).toMatchObject({ status: 'failed', attempts: 5, failedAt: clock.now() });
      }
    }

    expect(delays).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(smtp.received).toHaveLength(0);
    clock.advance(24 * 60 * 60 * 1000);
    expect(await sendNextInvitation(deps())).toBe(false);
  });

  it('fails at once on 5xx reply', async () => {
    const { invitationId } = await scheduleDue();
    smtp.failNext(1, 550);

    await sendNextInvitation(deps());

    const invitation = await db.models.Invitation.findById(invitationId).lean();
    expect(invitation).toMatchObject({ status: 'failed', attempts: 1 });
    expect(invitation?.lastError).not.toContain('ann@example.com');
  });

  it('never resends an interrupted send', async () => {
    const { invitationId } = await scheduleDue();
    // A worker claimed it and died before recording the result.
    await db.models.Invitation.updateOne(
      { _id: invitationId },
      { $set: { status: 'sending', claimToken: 'dead-worker', leaseUntil: new Date('2026-03-01T12:05:00Z') } },
    );

    expect(await failInterruptedSends({ models: db.models, clock, logger })).toBe(0);
    clock.set('2026-03-01T12:05:00Z');
    expect(await failInterruptedSends({ models: db.models, clock, logger })).toBe(1);

    const invitation = await db.models.Invitation.findById(invitationId).lean();
    expect(invitation?.status).toBe('failed');
    expect(invitation?.lastError).toMatch(/interrupted/);
    expect(await sendNextInvitation(deps())).toBe(false);
    expect(smtp.received).toHaveLength(0);
  });

  it('takes over abandoned send locks only', async () => {
    const { invitationId } = await scheduleDue();
    await db.models.InvitationLock.create({ key: `send:${invitationId}:1`, createdAt: clock.now() });

    expect(await sendNextInvitation(deps())).toBe(false);
    clock.advance(5 * 60_000);
    expect(await sendNextInvitation(deps())).toBe(false);
    expect(await sendNextInvitation(deps())).toBe(true);

    expect(await db.models.Invitation.findById(invitationId).lean()).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.received).toHaveLength(1);
  });

  it('cancels when the shop uninstalled', async () => {
    const { invitationId } = await scheduleDue();
    await db.models.Shop.updateOne({ shop: TEST_SHOP }, { $set: { uninstalledAt: new Date('2026-02-15T00:00:00Z') } });

    expect(await sendNextInvitation(deps())).toBe(true);

    expect(smtp.received).toHaveLength(0);
    expect(await db.models.Invitation.findById(invitationId).lean()).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'uninstalled',
    });
  });

  it('sweeps lock rows after a day', async () => {
    await db.models.InvitationLock.create([
      { key: 'send:old:1', createdAt: new Date('2026-02-28T11:59:59Z') },
      { key: 'send:new:1', createdAt: new Date('2026-02-28T12:00:01Z') },
    ]);

    await failInterruptedSends({ models: db.models, clock, logger });

    expect((await db.models.InvitationLock.find().lean()).map((lock) => lock.key)).toEqual(['send:new:1']);
  });

  it('sends once with two workers', async () => {
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']) await scheduleDue(email);
    const worker = () =>
      new Worker({
        models: db.models,
        clock,
        logger,
        pollMs: 50,
        batchSize: 10,
        invitations: { mailer, appUrl: APP_URL },
      });

    await Promise.all([worker().drain(), worker().drain()]);

    expect(smtp.received.map((mail) => mail.to[0]).sort()).toEqual([
      'a@example.com',
      'b@example.com',
      'c@example.com',
      'd@example.com',
    ]);
    expect(await db.models.Invitation.countDocuments({ status: 'sent' })).toBe(4);
  });

  it('skips customer unsubscribed after scheduling', async () => {
    const { invitationId } = await scheduleDue();
    await db.models.Suppression.create({
      shop: TEST_SHOP,
      fingerprint: emailFingerprint(TEST_SHOP, 'ann@example.com'),
      source: 'unsubscribe_page',
      createdAt: clock.now(),
    });

    await sendNextInvitation(deps());

    expect(smtp.received).toHaveLength(0);
    expect(await db.models.Invitation.findById(invitationId).lean()).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'unsubscribed',
    });
  });
});

describe('the development outbox', () => {
  const db = useTestDatabase();

  it('writes .eml and logs without address', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'outbox-test-'));
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const clock = new ManualClock('2026-03-01T12:00:00Z');
    const mailer = createMailer(
      { NODE_ENV: 'development', SMTP_PORT: 587, OUTBOX_DIR: folder },
      logger,
      '/not-used-for-absolute-paths',
    );
    await createShop(db.models);
    await scheduleInvitation(
      { models: db.models, clock, logger },
      {
        shop: TEST_SHOP,
        email: 'ann@example.com',
        name: 'Ann Berg',
        locale: 'da',
        fulfilledAt: new Date('2026-02-01T00:00:00Z'),
        source: 'import',
      },
    );

    await sendNextInvitation({ models: db.models, clock, logger, mailer, appUrl: APP_URL });

    const files = readdirSync(folder);
    expect(files).toHaveLength(1);
    const eml = readFileSync(path.join(folder, files[0]!), 'utf8');
    expect(eml).toMatch(/^To: ann@example\.com$/m);
    expect(eml).toMatch(/^Subject: Hvad synes du om din ordre\?$/m);
    expect(eml).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);

    const outboxLine = lines.map((line) => JSON.parse(line)).find((line) => line.file);
    expect(outboxLine).toMatchObject({ file: path.join(folder, files[0]!), language: 'da' });
    expect(lines.join('\n')).not.toMatch(/ann@example\.com|Ann Berg|\/r\//);
  });

  it('rejects production without SMTP', () => {
    expect(() =>
      createMailer({ NODE_ENV: 'production', SMTP_PORT: 587, OUTBOX_DIR: 'outbox' }, pino({ level: 'silent' }), '/'),
    ).toThrow(
      new MailConfigError('SMTP_HOST is missing: production sends invitations through SMTP only. Set SMTP_HOST.'),
    );
  });
});
