import pino from 'pino';

import { ManualClock } from '../../server/clock';
import { normalizeEmail } from '../../server/lib/email';
import { sha256Hex } from '../../server/lib/hash';
import { requestDeletion } from '../../server/privacy/deletion-service';
import { toCustomerIdentifiers } from '../../server/privacy/customer-identifiers';
import { Worker } from '../../server/worker/worker';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createShop } from '../helpers/factories';
import { TEST_SHOP } from '../helpers/shopify';

const LEASE_MS = 60_000;

describe('worker crash recovery', () => {
  const db = useTestDatabase();
  const silent = pino({ level: 'silent' });

  beforeEach(async () => {
    await clearDatabase(db.models);
    await createShop(db.models);
    await db.models.Invitation.insertMany(
      Array.from({ length: 25 }, (_, index) => ({
        shop: TEST_SHOP,
        email: 'john@example.com',
        emailLower: normalizeEmail('john@example.com'),
        orderId: String(1000 + index),
        tokenHash: sha256Hex(`token-${index}`),
        createdAt: new Date('2026-01-01T00:00:00Z'),
      })),
    );
  });

  it('lets another worker finish a request whose worker stopped mid-way', async () => {
    const clock = new ManualClock('2026-02-01T00:00:00Z');
    const { id } = await requestDeletion(db.models, {
      shop: TEST_SHOP,
      source: 'admin',
      scope: { kind: 'customer', identifiers: toCustomerIdentifiers({ emails: ['john@example.com'] }) },
      requestedAt: clock.now(),
    });

    // The first worker freezes for good after its second batch, as a killed process would.
    let batches = 0;
    let frozen!: () => void;
    const reachedFreeze = new Promise<void>((resolve) => (frozen = resolve));
    const dying = new Worker({
      models: db.models,
      clock,
      logger: silent,
      pollMs: 50,
      batchSize: 5,
      leaseMs: LEASE_MS,
      afterBatch: async () => {
        batches += 1;
        if (batches === 2) {
          frozen();
          await new Promise(() => {});
        }
      },
    });
    void dying.drain();
    await reachedFreeze;

    const halfway = await db.models.DeletionRequest.findById(id).lean();
    expect(halfway?.status).toBe('running');
    expect(halfway?.counts?.invitations).toBe(10);
    expect(await db.models.Invitation.countDocuments()).toBe(15);

    // While the lease runs, no other worker touches the request.
    const rescuer = new Worker({
      models: db.models,
      clock,
      logger: silent,
      pollMs: 50,
      batchSize: 5,
      leaseMs: LEASE_MS,
    });
    expect(await rescuer.drain()).toBe(0);

    clock.advance(LEASE_MS + 1);
    expect(await rescuer.drain()).toBe(1);

    const finished = await db.models.DeletionRequest.findById(id).lean();
    expect(finished?.status).toBe('done');
    expect(finished?.attempts).toBe(2);
    expect(finished?.counts?.invitations).toBe(25);
    expect(finished?.counts?.lastInvited).toBe(0);
    expect(finished?.scope).toEqual({ kind: 'customer', identifierCount: 1 });
    expect(await db.models.Invitation.countDocuments()).toBe(0);
  });

  it('retries a failed request later and keeps no personal data in its error', async () => {
    const clock = new ManualClock('2026-02-01T00:00:00Z');
    const { id } = await requestDeletion(db.models, {
      shop: TEST_SHOP,
      source: 'admin',
      scope: { kind: 'customer', identifiers: toCustomerIdentifiers({ emails: ['john@example.com'] }) },
      requestedAt: clock.now(),
    });
    const failing = new Worker({
      models: db.models,
      clock,
      logger: silent,
      pollMs: 50,
      batchSize: 5,
      afterBatch: async () => {
        throw new Error('connection reset while deleting john@example.com');
      },
    });

    await failing.drain();

    const failed = await db.models.DeletionRequest.findById(id).lean();
    expect(failed?.status).toBe('pending');
    expect(failed?.lastError).toBe('Error: connection reset while deleting [email]');
    expect(failed?.leaseUntil).toEqual(new Date(clock.now().getTime() + 10_000));

    clock.advance(10_001);
    await new Worker({ models: db.models, clock, logger: silent, pollMs: 50, batchSize: 5 }).drain();

    const done = await db.models.DeletionRequest.findById(id).lean();
    expect(done?.status).toBe('done');
    expect(done?.lastError).toBeUndefined();
    expect(await db.models.Invitation.countDocuments()).toBe(0);
  });
});
