import { parseArgs } from 'node:util';

import { listDeletionHistory } from '../privacy/history';
import { openRuntime } from '../runtime';
import { normalizeShopDomain } from '../shops/domain';

const usage = `Usage: npm run history -- [--shop DOMAIN] [--limit N] [--json]

Prints the deletion history, newest first: when, source, scope, status and how many records of
each kind were deleted. It holds no personal data.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      shop: { type: 'string' },
      limit: { type: 'string', default: '20' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const shop = values.shop === undefined ? undefined : normalizeShopDomain(values.shop);
  if (values.shop !== undefined && !shop) {
    process.stderr.write(`--shop must be a *.myshopify.com domain, got "${values.shop}".\n`);
    return 2;
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    process.stderr.write(`--limit must be a whole number from 1 to 1000, got "${values.limit}".\n`);
    return 2;
  }

  const runtime = await openRuntime();
  try {
    const entries = await listDeletionHistory(runtime.models, { ...(shop ? { shop } : {}), limit });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      return 0;
    }
    if (entries.length === 0) process.stdout.write('The deletion history is empty.\n');
    for (const entry of entries) {
      const counts = Object.entries(entry.counts)
        .filter(([, count]) => count > 0)
        .map(([kind, count]) => `${kind}=${count}`)
        .join(' ');
      process.stdout.write(
        `${entry.requestedAt}  ${entry.shop}  ${entry.source}${entry.topic ? ` (${entry.topic})` : ''}  ` +
          `${entry.scope.kind}  ${entry.status}  ${counts || 'nothing deleted'}  id=${entry.id}\n`,
      );
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`Reading the history failed: ${error.message}\n`);
    process.exit(1);
  },
);
