import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';

import { connectDatabase } from '../../server/db/connect';
import { createModels, syncIndexes, type Models } from '../../server/db/models';
import { configureFingerprintKey } from '../../server/invitations/fingerprint';

/** Key of the suppression fingerprints in tests; openRuntime sets the real one from the config. */
export const TEST_SUPPRESSION_KEY = 'test-suppression-key-0123456789abcdef';

/**
 * Gives a test file a database of its own on the run's server, with indexes, dropped afterwards.
 * Call at the top of a describe block; read `.models` inside tests.
 */
export function useTestDatabase(): { readonly models: Models } {
  let connection: Connection | undefined;
  let models: Models | undefined;

  beforeAll(async () => {
    configureFingerprintKey(TEST_SUPPRESSION_KEY);
    const uri = process.env.TEST_MONGODB_URI;
    if (!uri)
      throw new Error('TEST_MONGODB_URI is not set; run the tests through jest so global-setup starts a database');
    connection = await connectDatabase(uri, `test_${randomUUID().replaceAll('-', '').slice(0, 16)}`);
    models = createModels(connection);
    await syncIndexes(models);
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  return {
    get models() {
      if (!models) throw new Error('The test database is not ready; use it inside tests or hooks');
      return models;
    },
  };
}

/** Deletes every document of every app collection, for a clean slate between tests. */
export async function clearDatabase(models: Models): Promise<void> {
  const collections = await models.connection.db!.collections();
  for (const collection of collections) await collection.deleteMany({});
}
