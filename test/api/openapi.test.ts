import { randomUUID } from 'node:crypto';
import type { Router } from 'express';
import pino from 'pino';

import openApiDocument from '../../server/api/openapi.json';
import { apiRoutes } from '../../server/api/routes';
import { ManualClock } from '../../server/clock';
import { connectDatabase } from '../../server/db/connect';
import { createModels } from '../../server/db/models';
import { startTestApp, type TestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/database';
import { callAdmin, callApi, createApiKey, DELETIONS_PATH } from './helpers';
import {
  documentedResponses,
  matchesRequestSchema,
  observedResponses,
  validateOpenApiDocument,
} from './openapi-validator';

describe('OpenAPI document', () => {
  const db = useTestDatabase();
  let app: TestApp;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = new ManualClock('2026-03-01T09:00:00Z');
    app = await startTestApp(db.models, { clock, config: { API_RATE_LIMIT_PER_MINUTE: 30 } });
  });
  afterAll(() => app.close());

  it('is a valid OpenAPI 3.1 document', () => {
    expect(openApiDocument.openapi).toBe('3.1.0');
    expect(validateOpenApiDocument()).toEqual([]);
  });

  it('is served without a key at /api/v1/openapi.json', async () => {
    const response = await callApi(app.baseUrl, '/api/v1/openapi.json');

    expect(response.status).toBe(200);
    expect(response.body).toEqual(openApiDocument);
  });

  it('documents exactly the routes the API serves', () => {
    const router = apiRoutes({
      models: db.models,
      clock,
      logger: pino({ level: 'silent' }),
      rateLimitPerMinute: 1,
    });

    const served = listRoutes(router).sort();
    const documented = Object.entries(openApiDocument.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      .sort();

    expect(served).toEqual(documented);
  });

  it.each([
    [{ customerEmails: ['jane@example.com'] }, 202],
    [{ customerEmails: Array.from({ length: 1000 }, (_, index) => `c${index}@example.com`) }, 202],
    [{ deleteOlderThan: '2026-01-31' }, 202],
    [{ deleteOlderThan: '2026-01-31T10:00:00+02:00' }, 202],
    [{}, 400],
    [{ customerEmails: ['jane@example.com'], deleteOlderThan: '2026-01-31' }, 400],
    [{ customerEmails: [] }, 400],
    [{ customerEmails: Array.from({ length: 1001 }, (_, index) => `c${index}@example.com`) }, 400],
    [{ customerEmails: ['not-an-email'] }, 400],
    [{ customerEmails: [`${'a'.repeat(250)}@example.com`] }, 400],
    [{ deleteOlderThan: '2026-02-30' }, 400],
    [{ deleteOlderThan: '2026-01-31T10:00:00' }, 400],
    [{ deleteOlderThan: '2026-01-31', dryRun: true }, 400],
  ])('request schema and API agree on %j', async (body, status) => {
    const { key } = await createApiKey(app.baseUrl, undefined, 'Schema check');

    const response = await callApi(app.baseUrl, DELETIONS_PATH, { method: 'POST', key, body });

    expect(response.status).toBe(status);
    expect(matchesRequestSchema('POST', '/invitation-data/deletions', body)).toBe(status === 202);
  });

  it('describes every response the API gives, and the API gives every documented one', async () => {
    const { key, id } = await createApiKey(app.baseUrl);
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      callApi(app.baseUrl, DELETIONS_PATH, { method: 'POST', key, body, headers });

    const created = await post({ customerEmails: ['jane@example.com'] }, { 'idempotency-key': 'one' });
    expect(created.status).toBe(202);
    expect((await post({ customerEmails: [] })).status).toBe(400);
    expect((await callApi(app.baseUrl, DELETIONS_PATH, { method: 'POST', body: {} })).status).toBe(401);
    expect(
      (
        await callApi(app.baseUrl, DELETIONS_PATH, {
          method: 'POST',
          key,
          rawBody: JSON.stringify({ customerEmails: ['a'.repeat(600_000)] }),
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(413);
    expect(
      (
        await callApi(app.baseUrl, DELETIONS_PATH, {
          method: 'POST',
          key,
          rawBody: '{"deleteOlderThan":"2026-01-01"}',
          headers: { 'content-type': 'application/json; charset=iso-8859-1' },
        })
      ).status,
    ).toBe(415);
    expect((await post({ customerEmails: ['john@example.com'] }, { 'idempotency-key': 'one' })).status).toBe(422);

    expect((await callApi(app.baseUrl, DELETIONS_PATH, { key })).status).toBe(200);
    expect((await callApi(app.baseUrl, `${DELETIONS_PATH}?limit=0`, { key })).status).toBe(400);
    expect((await callApi(app.baseUrl, DELETIONS_PATH)).status).toBe(401);

    expect((await callApi(app.baseUrl, created.headers.get('location')!, { key })).status).toBe(200);
    expect((await callApi(app.baseUrl, `${DELETIONS_PATH}/65f000000000000000000001`, { key })).status).toBe(404);
    expect((await callApi(app.baseUrl, `${DELETIONS_PATH}/${created.body.deletion.id}`)).status).toBe(401);

    // Use up the key's requests, then each operation returns 429.
    let statusCode = 0;
    for (let attempt = 0; attempt < 40 && statusCode !== 429; attempt += 1) {
      statusCode = (await callApi(app.baseUrl, DELETIONS_PATH, { key })).status;
    }
    expect(statusCode).toBe(429);
    expect((await post({ deleteOlderThan: '2026-01-01' })).status).toBe(429);
    expect((await callApi(app.baseUrl, created.headers.get('location')!, { key })).status).toBe(429);

    await expectInternalErrors(key, created.body.deletion.id);
    expect((await callAdmin(app.baseUrl, `/api-keys/${id}`, { method: 'DELETE' })).status).toBe(204);

    expect([...observedResponses].sort()).toEqual(documentedResponses());
  });

  /** Runs the API on a closed database connection, where every operation fails with 500. */
  async function expectInternalErrors(key: string, deletionId: string) {
    const connection = await connectDatabase(process.env.TEST_MONGODB_URI!, `test_closed_${randomUUID().slice(0, 8)}`);
    await connection.close();
    const broken = await startTestApp(createModels(connection), { clock });
    try {
      const responses = [
        await callApi(broken.baseUrl, DELETIONS_PATH, { method: 'POST', key, body: { deleteOlderThan: '2026-01-01' } }),
        await callApi(broken.baseUrl, DELETIONS_PATH, { key }),
        await callApi(broken.baseUrl, `${DELETIONS_PATH}/${deletionId}`, { key }),
      ];
      for (const response of responses) {
        expect(response.status).toBe(500);
        expect(response.body.error.code).toBe('INTERNAL_ERROR');
        expect(response.body.error.message).not.toMatch(/mongo|connection/i);
      }
    } finally {
      await broken.close();
    }
  }
});

/** Lists "METHOD /path" for every route of a router, including routers mounted inside it. */
function listRoutes(router: Router): string[] {
  const routes: string[] = [];
  for (const layer of (router as unknown as { stack: any[] }).stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) routes.push(`${method.toUpperCase()} ${layer.route.path}`);
    } else if (Array.isArray(layer.handle?.stack)) {
      routes.push(...listRoutes(layer.handle));
    }
  }
  return routes;
}
