import { randomUUID } from 'node:crypto';

import { connectDatabase } from '../../server/db/connect';
import { createModels, syncIndexes } from '../../server/db/models';
import { postWebhook, startTestApp } from '../helpers/app';
import { createShop } from '../helpers/factories';
import { customersRedactPayload, signedWebhook } from '../helpers/shopify';

describe('webhook when the database is unavailable', () => {
  it('answers 500 quickly so Shopify retries, without leaking the database error', async () => {
    const connection = await connectDatabase(process.env.TEST_MONGODB_URI!, `test_down_${randomUUID().slice(0, 8)}`);
    const models = createModels(connection);
    await syncIndexes(models);
    await createShop(models);
    const app = await startTestApp(models);
    await connection.dropDatabase();
    await connection.close();

    try {
      const response = await postWebhook(app.baseUrl, signedWebhook('customers/redact', customersRedactPayload()));

      expect(response.status).toBe(500);
      const body = JSON.parse(response.body);
      expect(body.error.code).toBe('INTERNAL_ERROR');
      expect(body.error.message).not.toMatch(/mongo|connection|client/i);
    } finally {
      await app.close();
    }
  });
});

describe('GET /healthz', () => {
  it('answers 200 while the database answers and 503 once it is gone', async () => {
    const connection = await connectDatabase(process.env.TEST_MONGODB_URI!, `test_health_${randomUUID().slice(0, 8)}`);
    const models = createModels(connection);
    const app = await startTestApp(models);

    try {
      expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
      await connection.dropDatabase();
      await connection.close();

      const response = await fetch(`${app.baseUrl}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', reason: 'database did not answer' });
    } finally {
      await app.close();
    }
  });
});
