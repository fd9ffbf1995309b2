import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';

import { startDatabase, type DatabaseHandle } from '../../server/db/local-server';

declare global {
  var testDatabase: { handle: DatabaseHandle; dataDir: string } | undefined;
}

/**
 * Starts one database server for the whole run: MONGODB_URI when set, else mongod or FerretDB in
 * a throw-away folder. Each test file then uses a database of its own on it.
 */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'review-invitations-test-'));
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });
  const handle = await startDatabase({
    ...(process.env.MONGODB_URI ? { mongodbUri: process.env.MONGODB_URI } : {}),
    rootDir: path.resolve(__dirname, '../..'),
    dataDir,
    port: 0,
    logger,
  });
  process.env.TEST_MONGODB_URI = handle.uri;
  globalThis.testDatabase = { handle, dataDir };
}
