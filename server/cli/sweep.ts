import { systemClock } from '../clock';
import { formatSweepResult, sweepNow } from '../retention/sweep';
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

    process.stdout.write(formatSweepResult(result));
    process.exitCode = result.status === 'done' ? 0 : 1;
  } finally {
    await runtime.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`Retention sweep failed: ${error.message}\n`);
  process.exit(1);
});
