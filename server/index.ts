import type { Server } from 'node:http';

import { createApp } from './app';
import { inboundConfig } from './bcc/inbound-address';
import { systemClock } from './clock';
import { createMailer } from './invitations/mailer';
import { openRuntime, ROOT_DIR } from './runtime';
import { createSessionStorage } from './shops/offline-token';
import { Worker } from './worker/worker';

type Role = 'web' | 'worker' | 'all';

const SHUTDOWN_TIMEOUT_MS = 15_000;

/**
 * Starts the web server, the worker, or both (`all`, the default). Run several copies of either:
 * they share nothing but the database.
 */
async function main(role: Role): Promise<void> {
  const runtime = await openRuntime();
  const { config, logger, models } = runtime;

  let server: Server | undefined;
  let worker: Worker | undefined;

  const sessionStorage =
    role === 'worker' ? undefined : createSessionStorage(runtime.databaseUri, models.connection.name);

  if (role !== 'worker') {
    const app = createApp({
      config,
      logger,
      models,
      clock: systemClock,
      inbound: inboundConfig(config),
      sessionStorage,
    });
    server = app.listen(config.PORT, () =>
      logger.info({ port: config.PORT, role }, `App listening on http://localhost:${config.PORT}`),
    );
  }
  if (role !== 'web') {
    worker = new Worker({
      models,
      clock: systemClock,
      logger,
      pollMs: config.WORKER_POLL_MS,
      batchSize: config.DELETION_BATCH_SIZE,
      invitations: { mailer: createMailer(config, logger, ROOT_DIR), appUrl: config.SHOPIFY_APP_URL },
      retentionSweepEveryMs: config.RETENTION_SWEEP_INTERVAL_MINUTES * 60_000,
    });
    worker.start();
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Shutting down');
    // Closing waits for the request and batch in hand; an unreachable database must not make it wait forever.
    setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'Shutdown did not finish in time; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await worker?.stop();
    await sessionStorage?.disconnect();
    await runtime.close();
    logger.info('Stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

const role = (process.argv[2] ?? 'all') as Role;
if (!['web', 'worker', 'all'].includes(role)) {
  process.stderr.write(`Unknown role "${role}". Use web, worker or all (the default).\n`);
  process.exit(2);
}
main(role).catch((error: Error) => {
  process.stderr.write(`Failed to start: ${error.message}\n`);
  process.exit(1);
});
