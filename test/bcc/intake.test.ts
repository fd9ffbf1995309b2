import { DAY_MS, ManualClock } from '../../server/clock';
import { emailFingerprint } from '../../server/invitations/fingerprint';
import { ensureInboundAddress } from '../../server/bcc/inbound-address';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createShop } from '../helpers/factories';
import { OTHER_SHOP, TEST_API_SECRET, TEST_SHOP } from '../helpers/shopify';

const RECEIVED_AT = '2026-03-01T12:00:00.000Z';
const INBOUND = { domain: 'inbound.localhost', tokenSecret: TEST_API_SECRET };

function orderEmail(
  overrides: { to?: string | null; subject?: string; messageId?: string | null; body?: string } = {},
): string {
  const headers = [
    'From: "Test Shop" <orders@test-shop.example>',
    ...(overrides.to === null ? [] : [`To: ${overrides.to ?? '"Jane Doe" <Jane.Doe@Example.com>'}`]),
    `Subject: ${overrides.subject ?? 'Order #1001 confirmed'}`,
    'Date: Sun, 01 Mar 2026 11:58:00 +0000',
    ...(overrides.messageId === null ? [] : [`Message-ID: ${overrides.messageId ?? '<order-1001@test-shop.example>'}`]),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${overrides.body ?? 'Thank you for your order.\r\n'}`;
}

describe('BCC intake', () => {
  const db = useTestDatabase();
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp(db.models, { clock: new ManualClock(RECEIVED_AT) });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models, TEST_SHOP);
    await createShop(db.models, OTHER_SHOP);
    token = (await ensureInboundAddress(db.models, INBOUND, TEST_SHOP)).split('@')[0]!;
  });

  async function send(raw: string | Buffer, options: { token?: string; contentType?: string } = {}) {
    const response = await fetch(`${app.baseUrl}/inbound/bcc/${options.token ?? token}`, {
      method: 'POST',
      headers: { 'content-type': options.contentType ?? 'message/rfc822' },
      body: raw,
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  async function rejectedCount(shop = TEST_SHOP) {
    return (await db.models.Shop.findOne({ shop }).lean())?.inbound?.rejectedCount ?? 0;
  }

  it('stores a message for the shop', async () => {
    const response = await send(orderEmail());

    expect(response.status).toBe(201);
    expect(response.body.status).toBe('stored');
    const stored = await db.models.BccMessage.find({}).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      shop: TEST_SHOP,
      emailLower: 'jane.doe@example.com',
      customerName: 'Jane Doe',
      orderReference: '#1001',
      subject: 'Order #1001 confirmed',
      messageId: '<order-1001@test-shop.example>',
      receivedAt: new Date(RECEIVED_AT),
    });
    expect(stored[0]!.sizeBytes).toBe(Buffer.byteLength(orderEmail()));
    expect(stored[0]!.invitationOutcome).toBe('scheduled');
  });

  it('schedules an invitation like an order', async () => {
    const response = await send(orderEmail());

    expect(response.body.invitation).toBe('scheduled');
    const invitations = await db.models.Invitation.find({}).lean();
    expect(invitations).toHaveLength(1);
    expect(invitations[0]).toMatchObject({
      shop: TEST_SHOP,
      email: 'Jane.Doe@Example.com',
      emailLower: 'jane.doe@example.com',
      name: 'Jane Doe',
      orderName: '#1001',
      source: 'bcc',
      status: 'scheduled',
      scheduledFor: new Date(Date.parse(RECEIVED_AT) + 7 * DAY_MS),
    });
  });

  it('applies the frequency rule to a second order', async () => {
    await send(orderEmail());
    const second = await send(orderEmail({ messageId: '<order-1002@test-shop.example>', subject: 'Order #1002' }));

    expect(second.status).toBe(201);
    expect(second.body.invitation).toBe('frequency');
    expect(await db.models.BccMessage.countDocuments({})).toBe(2);
    expect(await db.models.Invitation.countDocuments({})).toBe(1);
  });

  it('invites no unsubscribed customer', async () => {
    await db.models.Suppression.create({
      shop: TEST_SHOP,
      fingerprint: emailFingerprint(TEST_SHOP, 'jane.doe@example.com'),
      source: 'unsubscribe_page',
      createdAt: new Date('2026-01-01T00:00:00Z'),
    });

    const response = await send(orderEmail());

    expect(response.status).toBe(201);
    expect(response.body.invitation).toBe('suppressed');
    expect(await db.models.Invitation.countDocuments({})).toBe(0);
  });

  it('finds the order reference in the body', async () => {
    await send(orderEmail({ subject: 'Tak for din bestilling', body: 'Ordre nr. 2044\r\nVarer: 2\r\n' }));

    const stored = await db.models.BccMessage.findOne({}).lean();
    expect(stored?.orderReference).toBe('2044');
  });

  it('skips the inbound address among recipients', async () => {
    await send(orderEmail({ to: `${token}@inbound.localhost, customer@example.com` }));

    const stored = await db.models.BccMessage.findOne({}).lean();
    expect(stored?.emailLower).toBe('customer@example.com');
  });

  it('rejects a wrong token with 404', async () => {
    const wrong = await send(orderEmail(), { token: '0'.repeat(40) });
    const malformed = await send(orderEmail(), { token: 'not-a-token' });

    expect(wrong.status).toBe(404);
    expect(await db.models.Invitation.countDocuments({})).toBe(0);
    expect(wrong.body.error.code).toBe('NOT_FOUND');
    expect(malformed.status).toBe(404);
    expect(await db.models.BccMessage.countDocuments({})).toBe(0);
  });

  it('rejects an unparseable message with 422', async () => {
    const response = await send(Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]));

    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('UNPARSEABLE_MESSAGE');
    expect(response.body.error.message).toBe(
      'The body has no email headers; send the raw RFC 822 message, headers first.',
    );
    expect(await db.models.BccMessage.countDocuments({})).toBe(0);
    expect(await rejectedCount()).toBe(1);
    expect(await rejectedCount(OTHER_SHOP)).toBe(0);
  });

  it('rejects an empty body with 422', async () => {
    const response = await send('');

    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('UNPARSEABLE_MESSAGE');
    expect(await rejectedCount()).toBe(1);
  });

  it.each([
    ['no To header', null],
    ['an invalid address', 'Jane Doe <not an address>'],
    ['only the inbound address', 'orders-copy@inbound.localhost'],
  ])('rejects a message with %s', async (_case, to) => {
    const response = await send(orderEmail({ to }));

    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('NO_RECIPIENT');
    expect(response.body.error.message).toBe(
      'The To header has no usable customer email address, so no invitation can be made.',
    );
    expect(await db.models.BccMessage.countDocuments({})).toBe(0);
    expect(await rejectedCount()).toBe(1);
  });

  it('stores a repeated Message-ID once', async () => {
    const first = await send(orderEmail());
    const again = await send(orderEmail({ subject: 'Order #1001 confirmed (resent)' }));

    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('duplicate');
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.invitation).toBe('scheduled');
    expect(await db.models.BccMessage.countDocuments({})).toBe(1);
    expect(await db.models.Invitation.countDocuments({})).toBe(1);
  });

  it('finishes a stale invitation on a repeated delivery', async () => {
    await send(orderEmail());
    await db.models.Invitation.deleteMany({});
    await db.models.LastInvited.deleteMany({});
    // As if the first delivery stopped after storing the message, 10 minutes ago.
    await db.models.BccMessage.updateMany(
      {},
      {
        $unset: { invitationOutcome: 1 },
        $set: { invitationClaimedAt: new Date(Date.parse(RECEIVED_AT) - 10 * 60_000) },
      },
    );

    const again = await send(orderEmail());

    expect(again.body.invitation).toBe('scheduled');
    expect(await db.models.Invitation.countDocuments({})).toBe(1);
  });

  it('leaves a recent invitation claim alone', async () => {
    await send(orderEmail());
    await db.models.Invitation.deleteMany({});
    await db.models.BccMessage.updateMany({}, { $unset: { invitationOutcome: 1 } });

    const again = await send(orderEmail());

    expect(again.body.invitation).toBe('pending');
    expect(await db.models.Invitation.countDocuments({})).toBe(0);
  });

  it('stores concurrent deliveries of one message once', async () => {
    const responses = await Promise.all([send(orderEmail()), send(orderEmail()), send(orderEmail())]);

    expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 201]);
    expect(await db.models.BccMessage.countDocuments({})).toBe(1);
    expect(await db.models.Invitation.countDocuments({})).toBe(1);
    expect(await db.models.SkipCounter.countDocuments({})).toBe(0);
  });

  it('keeps the same Message-ID apart per shop', async () => {
    const otherToken = (await ensureInboundAddress(db.models, INBOUND, OTHER_SHOP)).split('@')[0]!;

    await send(orderEmail());
    const other = await send(orderEmail(), { token: otherToken });

    expect(other.status).toBe(201);
    expect(await db.models.BccMessage.countDocuments({ shop: OTHER_SHOP })).toBe(1);
  });

  it('deduplicates messages without Message-ID by content', async () => {
    await send(orderEmail({ messageId: null }));
    const same = await send(orderEmail({ messageId: null }));
    const different = await send(orderEmail({ messageId: null, subject: 'Order #1002 confirmed' }));

    expect(same.body.status).toBe('duplicate');
    expect(different.body.status).toBe('stored');
    expect(await db.models.BccMessage.countDocuments({})).toBe(2);
  });

  it('rejects other content types with 415', async () => {
    const response = await send(orderEmail(), { contentType: 'application/json' });

    expect(response.status).toBe(415);
    expect(response.body.error.field).toBe('content-type');
    expect(await db.models.BccMessage.countDocuments({})).toBe(0);
  });
});
