import pino from 'pino';

import { ManualClock } from '../../server/clock';
import { requestDeletion } from '../../server/privacy/deletion-service';
import { Worker } from '../../server/worker/worker';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createBccMessage, createInvitation, createReview, createShop } from '../helpers/factories';
import { OTHER_SHOP, TEST_SHOP } from '../helpers/shopify';
import { callAdmin, callApi, DELETIONS_PATH } from './helpers';

describe('deletion through the API, end to end', () => {
  const db = useTestDatabase();
  let app: TestApp;
  let clock: ManualClock;

  const worker = () =>
    new Worker({ models: db.models, clock, logger: pino({ level: 'silent' }), pollMs: 50, batchSize: 2 });

  beforeAll(async () => {
    clock = new ManualClock('2026-03-01T09:00:00Z');
    app = await startTestApp(db.models, { clock });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    clock.set('2026-03-01T09:00:00Z');
    await clearDatabase(db.models);
    await createShop(db.models, TEST_SHOP);
    await createShop(db.models, OTHER_SHOP);
  });

  async function linkStatus(token: string) {
    return (await fetch(`${app.baseUrl}/r/${token}`)).status;
  }

  async function keyFor(shop: string) {
    const created = await callAdmin(app.baseUrl, '/api-keys', { method: 'POST', shop, body: { name: 'Automation' } });
    expect(created.status).toBe(201);
    return created.body.key as string;
  }

  /** Polls the request until it is done, running the worker between polls; gives up after 5 polls. */
  async function pollUntilDone(key: string, location: string) {
    const statuses: string[] = [];
    for (let poll = 0; poll < 5; poll += 1) {
      const response = await callApi(app.baseUrl, location, { key });
      expect(response.status).toBe(200);
      statuses.push(response.body.deletion.status);
      if (response.body.deletion.status === 'done') return { deletion: response.body.deletion, statuses };
      await worker().drain();
    }
    throw new Error(`The deletion request did not finish; statuses seen: ${statuses.join(', ')}`);
  }

  it('deletes the named customers, whose links then answer 410', async () => {
    const key = await keyFor(TEST_SHOP);
    const jane = await createInvitation(db.models, { email: 'jane@example.com', customerId: '1', orderId: '11' });
    const janeAgain = await createInvitation(db.models, { email: 'Jane@Example.com', customerId: '1', orderId: '12' });
    const john = await createInvitation(db.models, { email: 'john@example.com', customerId: '2', orderId: '21' });
    const kept = await createInvitation(db.models, { email: 'kept@example.com', customerId: '3', orderId: '31' });
    await createBccMessage(db.models, { email: 'jane@example.com', orderId: '11' });
    const review = await createReview(db.models, jane.invitation._id);
    for (const { token } of [jane, janeAgain, john, kept]) expect(await linkStatus(token)).toBe(200);

    const created = await callApi(app.baseUrl, DELETIONS_PATH, {
      method: 'POST',
      key,
      body: { customerEmails: ['JANE@example.com', 'john@example.com', 'nobody@example.com'] },
      headers: { 'idempotency-key': 'crm-erasure-42' },
    });
    expect(created.status).toBe(202);
    expect(created.body.deletion.status).toBe('pending');

    clock.advance(5_000);
    const { deletion, statuses } = await pollUntilDone(key, created.headers.get('location')!);

    expect(statuses).toEqual(['pending', 'done']);
    expect(deletion).toMatchObject({
      source: 'api',
      scope: { kind: 'customer', identifierCount: 3 },
      counts: { invitations: 3, bccMessages: 1, lastInvited: 2, reviewsAnonymized: 1, reviews: 0 },
      requestedAt: '2026-03-01T09:00:00.000Z',
      startedAt: '2026-03-01T09:00:05.000Z',
      finishedAt: '2026-03-01T09:00:05.000Z',
    });
    expect(await linkStatus(jane.token)).toBe(410);
    expect(await linkStatus(janeAgain.token)).toBe(410);
    expect(await linkStatus(john.token)).toBe(410);
    expect(await linkStatus(kept.token)).toBe(200);
    expect((await db.models.Review.findById(review._id).lean())?.displayName).toBe('Anonymous');

    const stored = await db.models.DeletionRequest.findById(deletion.id).lean();
    expect(stored?.scope.emails).toBeUndefined();
  });

  it('deletes invitation data older than a date', async () => {
    const key = await keyFor(TEST_SHOP);
    const old = await createInvitation(db.models, { email: 'old@example.com', createdAt: new Date('2026-01-10') });
    const recent = await createInvitation(db.models, {
      email: 'recent@example.com',
      createdAt: new Date('2026-02-10'),
    });

    const created = await callApi(app.baseUrl, DELETIONS_PATH, {
      method: 'POST',
      key,
      body: { deleteOlderThan: '2026-02-01' },
    });
    const { deletion } = await pollUntilDone(key, created.headers.get('location')!);

    expect(deletion.counts.invitations).toBe(1);
    expect(await linkStatus(old.token)).toBe(410);
    expect(await linkStatus(recent.token)).toBe(200);
  });

  describe('cross-shop isolation', () => {
    it("never deletes another shop's customers with the same email", async () => {
      const keyA = await keyFor(TEST_SHOP);
      const ours = await createInvitation(db.models, { shop: TEST_SHOP, email: 'jane@example.com' });
      const theirs = await createInvitation(db.models, { shop: OTHER_SHOP, email: 'jane@example.com' });

      const created = await callApi(app.baseUrl, DELETIONS_PATH, {
        method: 'POST',
        key: keyA,
        body: { customerEmails: ['jane@example.com'] },
      });
      await pollUntilDone(keyA, created.headers.get('location')!);

      expect(await linkStatus(ours.token)).toBe(410);
      expect(await linkStatus(theirs.token)).toBe(200);
      expect(await db.models.LastInvited.countDocuments({ shop: OTHER_SHOP })).toBe(1);
    });

    it("never deletes another shop's old data", async () => {
      const keyA = await keyFor(TEST_SHOP);
      const theirs = await createInvitation(db.models, { shop: OTHER_SHOP, createdAt: new Date('2026-01-01') });

      const created = await callApi(app.baseUrl, DELETIONS_PATH, {
        method: 'POST',
        key: keyA,
        body: { deleteOlderThan: '2026-03-01' },
      });
      await pollUntilDone(keyA, created.headers.get('location')!);

      expect(await linkStatus(theirs.token)).toBe(200);
    });

    it("neither lists nor reveals another shop's requests", async () => {
      const keyA = await keyFor(TEST_SHOP);
      const keyB = await keyFor(OTHER_SHOP);
      const theirs = await callApi(app.baseUrl, DELETIONS_PATH, {
        method: 'POST',
        key: keyB,
        body: { customerEmails: ['jane@example.com'] },
      });
      const ours = await callApi(app.baseUrl, DELETIONS_PATH, {
        method: 'POST',
        key: keyA,
        body: { deleteOlderThan: '2026-01-01' },
      });

      const listA = await callApi(app.baseUrl, DELETIONS_PATH, { key: keyA });
      expect(listA.body.deletions.map((deletion: { id: string }) => deletion.id)).toEqual([ours.body.deletion.id]);

      const probe = await callApi(app.baseUrl, `${DELETIONS_PATH}/${theirs.body.deletion.id}`, { key: keyA });
      const unknown = await callApi(app.baseUrl, `${DELETIONS_PATH}/65f000000000000000000001`, { key: keyA });
      expect(probe.status).toBe(404);
      expect({ ...probe.body.error, requestId: undefined }).toEqual({ ...unknown.body.error, requestId: undefined });

      const listB = await callApi(app.baseUrl, DELETIONS_PATH, { key: keyB });
      expect(listB.body.deletions.map((deletion: { id: string }) => deletion.id)).toEqual([theirs.body.deletion.id]);
    });

    it("cannot revoke or list another shop's keys", async () => {
      await keyFor(OTHER_SHOP);
      const theirKeys = await callAdmin(app.baseUrl, '/api-keys', { shop: OTHER_SHOP });

      expect((await callAdmin(app.baseUrl, '/api-keys', { shop: TEST_SHOP })).body.apiKeys).toEqual([]);
      const revoke = await callAdmin(app.baseUrl, `/api-keys/${theirKeys.body.apiKeys[0].id}`, {
        method: 'DELETE',
        shop: TEST_SHOP,
      });
      expect(revoke.status).toBe(404);
    });
  });

  it('shop/redact removes the shop API keys', async () => {
    const key = await keyFor(TEST_SHOP);
    await callApi(app.baseUrl, DELETIONS_PATH, {
      key,
      method: 'POST',
      body: { deleteOlderThan: '2026-01-01' },
      headers: { 'idempotency-key': 'k' },
    });
    await worker().drain();
    const otherKey = await keyFor(OTHER_SHOP);
    await callApi(app.baseUrl, DELETIONS_PATH, { key: otherKey });

    await requestDeletion(db.models, {
      shop: TEST_SHOP,
      source: 'webhook',
      scope: { kind: 'shop' },
      requestedAt: clock.now(),
    });
    await worker().drain();

    expect(await db.models.ApiKey.countDocuments({ shop: TEST_SHOP })).toBe(0);
    expect(await db.models.IdempotencyRecord.countDocuments({ shop: TEST_SHOP })).toBe(0);
    expect(await db.models.RateLimitSlot.countDocuments()).toBe(1);
    expect(await db.models.ApiKey.countDocuments({ shop: OTHER_SHOP })).toBe(1);
    expect((await callApi(app.baseUrl, DELETIONS_PATH, { key })).status).toBe(401);
    expect((await callApi(app.baseUrl, DELETIONS_PATH, { key: otherKey })).status).toBe(200);
  });
});
