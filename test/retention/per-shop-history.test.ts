import pino from 'pino';

import { DAY_MS, ManualClock } from '../../server/clock';
import { listDeletionHistory } from '../../server/privacy/history';
import { ALL_SHOPS, sweepNow } from '../../server/retention/sweep';
import { callApi, createApiKey, DELETIONS_PATH } from '../api/helpers';
import { startTestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createBccMessage, createInvitation, createShop } from '../helpers/factories';
import { OTHER_SHOP, TEST_SHOP } from '../helpers/shopify';

const START = new Date('2026-03-01T12:00:00Z');

describe('retention sweep in each shop history', () => {
  const db = useTestDatabase();

  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models, TEST_SHOP);
    await createShop(db.models, OTHER_SHOP);
  });

  it('shows each shop its own counts', async () => {
    await createBccMessage(db.models, { shop: TEST_SHOP, receivedAt: START });
    await createBccMessage(db.models, { shop: TEST_SHOP, receivedAt: START });
    await createBccMessage(db.models, { shop: OTHER_SHOP, receivedAt: START });
    await createInvitation(db.models, { shop: OTHER_SHOP, createdAt: START });
    const clock = new ManualClock(new Date(START.getTime() + 3 * 365 * DAY_MS));

    const result = await sweepNow({ models: db.models, clock, logger: pino({ level: 'silent' }), batchSize: 2 });

    expect(result.counts).toMatchObject({ bccMessages: 3, invitations: 1, lastInvited: 1 });
    const [ours] = await listDeletionHistory(db.models, { shop: TEST_SHOP });
    expect(ours).toMatchObject({ source: 'retention', status: 'done', scope: { kind: 'retention' } });
    expect(ours?.counts).toMatchObject({ bccMessages: 2, invitations: 0, lastInvited: 0 });
    const [theirs] = await listDeletionHistory(db.models, { shop: OTHER_SHOP });
    expect(theirs?.counts).toMatchObject({ bccMessages: 1, invitations: 1, lastInvited: 1 });
    expect(await db.models.DeletionRequest.countDocuments({ shop: ALL_SHOPS })).toBe(1);
  });

  it('adds no row for a shop the sweep did not touch', async () => {
    await createBccMessage(db.models, { shop: TEST_SHOP, receivedAt: START });
    const clock = new ManualClock(new Date(START.getTime() + 31 * DAY_MS));

    await sweepNow({ models: db.models, clock, logger: pino({ level: 'silent' }), batchSize: 10 });

    expect(await listDeletionHistory(db.models, { shop: TEST_SHOP })).toHaveLength(1);
    expect(await listDeletionHistory(db.models, { shop: OTHER_SHOP })).toHaveLength(0);
  });

  it('lists the shop row through the API as its document says', async () => {
    await createBccMessage(db.models, { shop: TEST_SHOP, receivedAt: START });
    const clock = new ManualClock(new Date(START.getTime() + 31 * DAY_MS));
    await sweepNow({ models: db.models, clock, logger: pino({ level: 'silent' }), batchSize: 10 });
    const app = await startTestApp(db.models, { clock });

    try {
      const { key } = await createApiKey(app.baseUrl, TEST_SHOP);
      const response = await callApi(app.baseUrl, DELETIONS_PATH, { key });

      expect(response.status).toBe(200);
      expect(response.body.deletions).toHaveLength(1);
      expect(response.body.deletions[0]).toMatchObject({ source: 'retention', scope: { kind: 'retention' } });
      expect(response.body.deletions[0].counts.bccMessages).toBe(1);
    } finally {
      await app.close();
    }
  });
});
