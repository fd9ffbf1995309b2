import { Writable } from 'node:stream';
import pino from 'pino';

import { ManualClock } from '../../server/clock';
import { Worker } from '../../server/worker/worker';
import { startTestApp, type TestApp } from '../helpers/app';
import { clearDatabase, useTestDatabase } from '../helpers/database';
import { createInvitation, createShop } from '../helpers/factories';
import { callApi, createApiKey, DELETIONS_PATH } from './helpers';

describe('API logging', () => {
  const db = useTestDatabase();
  const lines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  let app: TestApp;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock('2026-03-01T09:00:00Z');
    app = await startTestApp(db.models, { clock, logger });
  });
  afterAll(() => app.close());
  beforeEach(() => clearDatabase(db.models));

  it('logs ids and counts but no email, key or idempotency key', async () => {
    await createShop(db.models);
    const invitation = await createInvitation(db.models, { email: 'jane.private@example.com' });
    const { key } = await createApiKey(app.baseUrl);

    const created = await callApi(app.baseUrl, DELETIONS_PATH, {
      method: 'POST',
      key,
      body: { customerEmails: ['jane.private@example.com', 'broken-address'] },
    });
    expect(created.status).toBe(400);
    const accepted = await callApi(app.baseUrl, DELETIONS_PATH, {
      method: 'POST',
      key,
      body: { customerEmails: ['jane.private@example.com'] },
      headers: { 'idempotency-key': 'secret-idempotency-value' },
    });
    expect(accepted.status).toBe(202);
    await callApi(app.baseUrl, DELETIONS_PATH, { key: `${key.slice(0, -1)}x` });
    await new Worker({ models: db.models, clock, logger, pollMs: 50, batchSize: 10 }).drain();

    const output = lines.join('');
    expect(output).toContain(accepted.body.deletion.id);
    expect(output).not.toContain('jane.private');
    expect(output).not.toContain(key.slice(4));
    expect(output).not.toContain('secret-idempotency-value');
    expect(await db.models.Invitation.countDocuments({ _id: invitation.invitation._id })).toBe(0);
  });
});
