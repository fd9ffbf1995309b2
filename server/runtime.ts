import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Connection } from 'mongoose';

import { ConfigError, loadDotEnv, parseConfig, type Config } from './config';
import { connectDatabase } from './db/connect';
import { startDatabase, type DatabaseHandle } from './db/local-server';
import { createModels, syncIndexes, type Models } from './db/models';
import { configureFingerprintKey } from './invitations/fingerprint';
import { createLogger, type Logger } from './logger';

/** The repository root: the nearest folder with a package.json, from server/ or from dist/server/. */
export const ROOT_DIR = findPackageRoot(__dirname);

function findPackageRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export interface Runtime {
  config: Config;
  logger: Logger;
  models: Models;
  /** Connection string of the database in use, for clients that open their own connection. */
  databaseUri: string;
  close(): Promise<void>;
}

/**
 * Reads the configuration, finds or starts the database, connects and creates the indexes. Shared
 * by the server and the command-line tools so they all reach the same database.
 */
export async function openRuntime(options: { rootDir?: string } = {}): Promise<Runtime> {
  const rootDir = options.rootDir ?? ROOT_DIR;
  const createdEnvFile = loadDotEnv(rootDir);

  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSet these in the environment or in .env (see .env.example).\n`);
      process.exit(1);
    }
    throw error;
  }

  const logger = createLogger({
    level: config.LOG_LEVEL,
    pretty: config.NODE_ENV === 'development' && process.stdout.isTTY,
  });
  if (createdEnvFile)
    logger.warn(
      { file: createdEnvFile },
      'Wrote a .env with a random development SHOPIFY_API_SECRET; replace it with the real client secret to test with Shopify',
    );

  if (!config.SUPPRESSION_HMAC_KEY) {
    logger.fatal(
      'SUPPRESSION_HMAC_KEY is missing: unsubscribes cannot be recorded without it. Set it in the environment.',
    );
    process.exit(1);
  }
  configureFingerprintKey(config.SUPPRESSION_HMAC_KEY);

  let database: DatabaseHandle | undefined;
  let connection: Connection | undefined;
  try {
    database = await startDatabase({
      ...(config.MONGODB_URI ? { mongodbUri: config.MONGODB_URI } : {}),
      rootDir,
      dataDir: path.join(rootDir, '.data'),
      port: config.LOCAL_DATABASE_PORT,
      logger,
    });
    connection = await connectDatabase(database.uri);
    const models = createModels(connection);
    await syncIndexes(models);

    return {
      config,
      logger,
      models,
      databaseUri: database.uri,
      close: async () => {
        await connection?.close();
        await database?.stop();
      },
    };
  } catch (error) {
    await connection?.close().catch(() => {});
    await database?.stop().catch(() => {});
    throw error;
  }
}
