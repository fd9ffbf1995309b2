import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';

import { startDatabase } from '../../server/db/local-server';

describe('startDatabase', () => {
  const logger = pino({ level: 'silent' });

  it('uses MONGODB_URI as given and starts nothing', async () => {
    const handle = await startDatabase({
      mongodbUri: 'mongodb://db.internal:27017/app',
      rootDir: '/nonexistent',
      dataDir: '/nonexistent',
      port: 0,
      logger,
    });

    expect(handle).toMatchObject({ uri: 'mongodb://db.internal:27017/app', source: 'MONGODB_URI' });
  });

  it('lists every option it tried when none works', async () => {
    // A copy of the repository's FerretDB module without a built binary, and a PATH without go or mongod.
    const rootDir = mkdtempSync(path.join(os.tmpdir(), 'no-database-'));
    cpSync(path.resolve(__dirname, '../../tools/ferretdb'), path.join(rootDir, 'tools/ferretdb'), { recursive: true });
    const savedPath = process.env.PATH;
    process.env.PATH = '/nonexistent';

    try {
      await expect(startDatabase({ rootDir, dataDir: path.join(rootDir, 'data'), port: 0, logger })).rejects.toThrow(
        /MONGODB_URI: not set[\s\S]*mongod: not found on PATH[\s\S]*FerretDB v1\.24\.2: the go command is not on PATH[\s\S]*set MONGODB_URI/,
      );
    } finally {
      process.env.PATH = savedPath;
      rmSync(rootDir, { recursive: true, force: true });
    }
  });
});
