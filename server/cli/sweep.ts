import { systemClock } from '../clock';
import { RETENTION_COUNT_KINDS, sweepNow } from '../retention/sweep';
import { openRuntime } from '../runtime';

/** `npm run sweep`: runs one retention sweep now and prints what it deleted per kind. */
async function main(): Promise<void> {
  const runtime = await openRuntime();
  try {
    const result = await sweepNow({
      models: runtime.models,
      clock: systemClock,
      logger: runtime.logger,
      batchSize: runtime.config.DELETION_BATCH_SIZE,
    });

    const lines = RETENTION_COUNT_KINDS.map((kind) => `  ${kind.padEnd(18)} ${result.counts[kind] ?? 0}`);
    process.stdout.write(`Retention sweep ${result.id}: ${result.status}\nDeleted:\n${lines.join('\n')}\n`);
    process.exitCode = result.status === 'done' ? 0 : 1;
  } finally {
    await runtime.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`Retention sweep failed: ${error.message}\n`);
  process.exit(1);
});
