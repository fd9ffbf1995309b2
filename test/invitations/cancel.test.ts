import pino from 'pino';

import { ManualClock } from '../../server/clock';
import { scheduleInvitation } from '../../server/invitations/schedule';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createInvitation, createShop } from '../helpers/factories';
import { signSessionToken } from '../helpers/session-token';
import { OTHER_SHOP, TEST_SHOP } from '../helpers/shopify';

describe('POST /admin/api/invitations/:id/cancel', () => {
  const db = useTestDatabase();
  let app: TestApp;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock('2026-02-10T12:00:00Z');
    app = await startTestApp(db.models, { clock });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models, TEST_SHOP);
    await createShop(db.models, OTHER_SHOP);
  });

  const schedule = async (shop = TEST_SHOP, orderId = '5001') => {
    const result = await scheduleInvitation(
      { models: db.models, clock, logger: pino({ level: 'silent' }) },
      { shop, email: 'ann@example.com', orderId, fulfilledAt: clock.now(), source: 'order' },
    );
    if (result.outcome !== 'scheduled') throw new Error(result.reason);
    return result.invitationId;
  };
  const cancel = async (id: string, shop = TEST_SHOP) => {
    const response = await fetch(`${app.baseUrl}/admin/api/invitations/${id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${signSessionToken({ shop })}` },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('cancels and frees frequency slot', async () => {
    const id = await schedule();

    expect(await cancel(id)).toEqual({
      status: 200,
      body: { invitation: { id, status: 'cancelled', cancelledAt: '2026-02-10T12:00:00.000Z' } },
    });
    expect(await db.models.Invitation.findById(id).lean()).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'merchant',
    });
    expect(await db.models.LastInvited.countDocuments({ shop: TEST_SHOP })).toBe(0);
    expect(await cancel(id)).toMatchObject({ status: 200 });

    // The customer's next order may be invited, as no email went out.
    await expect(schedule(TEST_SHOP, '5002')).resolves.toEqual(expect.any(String));
  });

  it('returns 404 for foreign or invalid id', async () => {
    const foreign = await schedule(OTHER_SHOP);

    for (const id of [foreign, 'not-an-id', '65a000000000000000000000']) {
      const response = await cancel(id);
      expect(response.status).toBe(404);
      expect(response.body.error).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await db.models.Invitation.findById(foreign).lean()).toMatchObject({ status: 'scheduled' });
  });

  it('returns 409 for sent invitation', async () => {
    const { invitation } = await createInvitation(db.models, { status: 'sent' });

    const response = await cancel(String(invitation._id));

    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({
      code: 'INVITATION_NOT_CANCELLABLE',
      message: 'Only a scheduled invitation can be cancelled; this one is sent. Reload the list to see its state.',
    });
  });

  it('returns 409 while a worker claims it', async () => {
    const id = await schedule();
    await db.models.InvitationLock.create({ key: `send:${id}:1`, createdAt: clock.now() });

    const response = await cancel(id);

    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({
      message: 'Only a scheduled invitation can be cancelled; this one is sending. Reload the list to see its state.',
    });
  });

  it('returns 401 without session token', async () => {
    const id = await schedule();
    const response = await fetch(`${app.baseUrl}/admin/api/invitations/${id}/cancel`, { method: 'POST' });

    expect(response.status).toBe(401);
    expect(await db.models.Invitation.findById(id).lean()).toMatchObject({ status: 'scheduled' });
  });
});
