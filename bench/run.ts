/**
 * Benchmarks for the two promises with a clock on them: webhooks respond well inside Shopify's
 * 5-second limit whatever the body size, and deletions keep up with large shops. Runs against a
 * real database (MONGODB_URI, or FerretDB started in a temporary folder) and the real app on
 * 127.0.0.1. `npm run bench -- --write` also replaces the results in docs/benchmarks.md.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';

import { createApp } from '../server/app';
import { systemClock } from '../server/clock';
import { connectDatabase } from '../server/db/connect';
import { startDatabase } from '../server/db/local-server';
import { createModels, syncIndexes, type Models } from '../server/db/models';
import { sha256Hex } from '../server/lib/hash';
import { ROOT_DIR } from '../server/runtime';
import { signShopifyBody } from '../server/webhooks/hmac';
import { samplePayload } from '../server/webhooks/sample-payloads';
import { Worker } from '../server/worker/worker';

const SECRET = 'bench-secret-0123456789abcdef';
const SHOP = 'bench-shop.myshopify.com';
const WEBHOOK_REQUESTS = 20;
// Targets for the development database (FerretDB on SQLite), which deletes document by document;
// MongoDB is faster on every row. Webhook targets grow with the body, which the app must parse and
// store whole before it responds.
const TARGETS = {
  webhookP95Ms: { 1: 500, 70_000: 1000, 350_000: 2500 } as Record<number, number>,
  deletionRecordsPerSecond: 400,
};

interface Row {
  case: string;
  result: string;
  target: string;
  ok: boolean;
}

async function main(): Promise<number> {
  const logger = pino({ level: 'silent' });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'review-invitations-bench-'));
  const database = await startDatabase({
    ...(process.env.MONGODB_URI ? { mongodbUri: process.env.MONGODB_URI } : {}),
    rootDir: ROOT_DIR,
    dataDir,
    port: 0,
    logger,
  });
  const connection = await connectDatabase(database.uri, `bench_${randomUUID().slice(0, 8)}`);
  const models = createModels(connection);
  await syncIndexes(models);
  await models.Shop.create({ shop: SHOP });

  const app = createApp({
    config: {
      SHOPIFY_API_KEY: 'bench',
      SHOPIFY_API_SECRET: SECRET,
      SCOPES: ['read_orders'],
      SHOPIFY_APP_URL: 'https://bench.example.com',
    },
    logger,
    models,
    clock: systemClock,
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const rows: Row[] = [];
  try {
    for (const orderCount of [1, 70_000, 350_000]) rows.push(await benchWebhook(baseUrl, orderCount));
    await models.DeletionRequest.deleteMany({});
    rows.push(await benchCustomerDeletion(models, logger, 20_000));
    rows.push(await benchShopDeletion(models, logger, 20_000));
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await connection.dropDatabase();
    await connection.close();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const table = renderTable(rows, database.source);
  process.stdout.write(`${table}\n`);
  if (process.argv.includes('--write')) writeResults(table);
  return rows.every((row) => row.ok) ? 0 : 1;
}

async function benchWebhook(baseUrl: string, orderCount: number): Promise<Row> {
  const timings: number[] = [];
  let bodyBytes = 0;
  for (let request = 0; request < WEBHOOK_REQUESTS; request += 1) {
    const orderIds = Array.from({ length: orderCount }, (_, index) => 5_000_000_000_000 + request * orderCount + index);
    const body = JSON.stringify(
      samplePayload('customers/redact', {
        shop: SHOP,
        customerId: 1000 + request,
        email: `bench${request}@example.com`,
        orderIds,
      }),
    );
    bodyBytes = Buffer.byteLength(body);

    const started = performance.now();
    const response = await fetch(`${baseUrl}/webhooks`, {
      method: 'POST',
      headers: {
        'x-shopify-topic': 'customers/redact',
        'x-shopify-hmac-sha256': signShopifyBody(body, SECRET),
        'x-shopify-webhook-id': randomUUID(),
      },
      body,
    });
    await response.text();
    timings.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`webhook responded ${response.status}`);
  }
  timings.sort((a, b) => a - b);
  const p50 = timings[Math.floor(timings.length * 0.5)]!;
  const p95 = timings[Math.floor(timings.length * 0.95)]!;
  return {
    case: `customers/redact webhook, ${formatBytes(bodyBytes)} body (${orderCount.toLocaleString('en')} order ids), ${WEBHOOK_REQUESTS} requests`,
    result: `p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${timings.at(-1)!.toFixed(0)} ms`,
    target: `p95 < ${TARGETS.webhookP95Ms[orderCount]} ms`,
    ok: p95 < TARGETS.webhookP95Ms[orderCount]!,
  };
}

async function seedInvitations(models: Models, count: number, email: (index: number) => string) {
  const createdAt = new Date('2026-01-01T00:00:00Z');
  for (let start = 0; start < count; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - start) }, (_, offset) => {
      const index = start + offset;
      return {
        shop: SHOP,
        email: email(index),
        emailLower: email(index),
        orderId: String(index),
        tokenHash: sha256Hex(`bench-${randomUUID()}`),
        createdAt,
      };
    });
    await models.Invitation.insertMany(batch, { ordered: false });
    await models.LastInvited.insertMany(
      batch
        .filter((_, offset) => (start + offset) % 100 === 0)
        .map((doc) => ({ shop: SHOP, emailLower: doc.emailLower, lastInvitedAt: createdAt })),
      { ordered: false },
    ).catch(() => {});
  }
}

async function drainTimed(models: Models, logger: pino.Logger) {
  const worker = new Worker({ models, clock: systemClock, logger, pollMs: 50, batchSize: 500 });
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  await worker.drain();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { seconds, rssGrowthMb: (rssPeak - rssBefore) / 1024 / 1024 };
}

async function benchCustomerDeletion(models: Models, logger: pino.Logger, count: number): Promise<Row> {
  await seedInvitations(models, count, () => 'heavy.buyer@example.com');
  await models.DeletionRequest.create({
    shop: SHOP,
    source: 'admin',
    dedupeKey: randomUUID(),
    scope: { kind: 'customer', emails: ['heavy.buyer@example.com'], orderIds: [] },
    requestedAt: new Date(),
  });

  const { seconds, rssGrowthMb } = await drainTimed(models, logger);
  const remaining = await models.Invitation.countDocuments({ shop: SHOP });
  if (remaining !== 0) throw new Error(`${remaining} invitations left after the customer deletion`);
  const rate = count / seconds;
  return {
    case: `customer deletion: ${count.toLocaleString('en')} invitations of one customer, batches of 500`,
    result: `${seconds.toFixed(1)} s, ${rate.toFixed(0)} records/s, RSS +${rssGrowthMb.toFixed(0)} MB`,
    target: `≥ ${TARGETS.deletionRecordsPerSecond} records/s`,
    ok: rate >= TARGETS.deletionRecordsPerSecond,
  };
}

async function benchShopDeletion(models: Models, logger: pino.Logger, count: number): Promise<Row> {
  await seedInvitations(models, count, (index) => `customer${index}@example.com`);
  const records =
    (await models.Invitation.countDocuments({ shop: SHOP })) +
    (await models.LastInvited.countDocuments({ shop: SHOP }));
  await models.DeletionRequest.create({
    shop: SHOP,
    source: 'webhook',
    dedupeKey: randomUUID(),
    scope: { kind: 'shop' },
    requestedAt: new Date(),
  });

  const { seconds, rssGrowthMb } = await drainTimed(models, logger);
  const rate = records / seconds;
  return {
    case: `shop/redact: ${records.toLocaleString('en')} invitations and last-invited records, batches of 500`,
    result: `${seconds.toFixed(1)} s, ${rate.toFixed(0)} records/s, RSS +${rssGrowthMb.toFixed(0)} MB`,
    target: `≥ ${TARGETS.deletionRecordsPerSecond} records/s`,
    ok: rate >= TARGETS.deletionRecordsPerSecond,
  };
}

function renderTable(rows: Row[], source: string): string {
  const header = `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node.js ${process.version}, database: ${source}.\n\n`;
  const lines = [
    '| case | result | target | met |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.case} | ${row.result} | ${row.target} | ${row.ok ? 'yes' : 'NO'} |`),
  ];
  return header + lines.join('\n');
}

function writeResults(table: string): void {
  const file = path.join(ROOT_DIR, 'docs/benchmarks.md');
  const text = readFileSync(file, 'utf8');
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  const updated = text.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${table}\n${end}`);
  writeFileSync(file, updated);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`Benchmark failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
