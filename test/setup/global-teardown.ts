import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const database = globalThis.testDatabase;
  if (!database) return;
  await database.handle.stop();
  rmSync(database.dataDir, { recursive: true, force: true });
}
