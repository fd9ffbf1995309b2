import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { systemClock } from '../clock';
import { importInvitations } from '../invitations/import';
import { openRuntime } from '../runtime';

const usage = `Usage: npm run import -- FILE.json [--print-links]

Loads review invitations from a JSON array of objects with shop, email, name and optional
customerId, phone, orderId, createdAt (ISO 8601) and linkToken. Nothing is loaded if any row is
invalid. --print-links prints the review link of each row that had no linkToken.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'print-links': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help || positionals.length !== 1) {
    process.stderr.write(`${usage}\n`);
    return values.help ? 0 : 2;
  }

  const file = positionals[0]!;
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`Cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }

  const runtime = await openRuntime();
  try {
    const result = await importInvitations(runtime.models, systemClock, input);
    if (!result.ok) {
      process.stderr.write(`Nothing was imported. Fix these rows and run the import again:\n`);
      for (const problem of result.problems) {
        const where = problem.index >= 0 ? `row ${problem.index}` : 'file';
        process.stderr.write(`  ${where}${problem.field ? ` ${problem.field}` : ''}: ${problem.message}\n`);
      }
      return 1;
    }

    process.stdout.write(
      `Imported ${result.imported} invitations for ${result.shops.length} shop(s): ${result.shops.join(', ')}\n`,
    );
    if (values['print-links']) {
      for (const link of result.links) {
        process.stdout.write(
          `row ${link.index}: ${runtime.config.SHOPIFY_APP_URL.replace(/\/$/, '')}/r/${link.token}\n`,
        );
      }
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`Import failed: ${error.message}\n`);
    process.exit(1);
  },
);
