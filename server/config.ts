import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

import { DEV_DATABASE_PORT } from './db/local-server';

/** Express's names for address ranges, usable in a TRUST_PROXY list. */
const namedRanges = ['loopback', 'linklocal', 'uniquelocal'];

/** An address or subnet (address/prefix) as Express's `trust proxy` list takes it. */
function isProxyAddress(entry: string): boolean {
  if (namedRanges.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Which proxies in front of the app are trusted to set X-Forwarded-For, as Express's `trust proxy`:
 * `false` (none: the connecting address is the client), a hop count, or a list of addresses and
 * subnets. `true` (trust every hop) is refused: any client could then choose its own address.
 */
const trustProxySchema = z
  .string()
  .trim()
  .transform((value, context): false | number | string[] => {
    if (value === 'false') return false;
    if (/^\d+$/.test(value) && Number(value) <= 10) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    if (value !== 'true' && entries.every(isProxyAddress)) return entries;
    context.addIssue({
      code: 'custom',
      message:
        'set it to false, a hop count from 0 to 10 (the number of proxies in front of the app), or a comma-separated list of proxy addresses or subnets such as loopback,10.0.0.0/8',
    });
    return z.NEVER;
  });

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  SHOPIFY_API_KEY: z.string().min(1, 'set it to the client ID from the Partner Dashboard'),
  SHOPIFY_API_SECRET: z.string().min(16, 'set it to the client secret from the Partner Dashboard'),
  SCOPES: z
    .string()
    .min(1, 'set it to a comma-separated list such as read_orders,read_customers')
    .transform((value) =>
      value
        .split(',')
        .map((scope) => scope.trim())
        .filter(Boolean),
    ),
  SHOPIFY_APP_URL: z.url({ message: 'set it to the public https URL of the app' }),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'set it to a mongodb:// or mongodb+srv:// connection string')
    .optional(),
  LOCAL_DATABASE_PORT: z.coerce.number().int().min(1).max(65535).default(DEV_DATABASE_PORT),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  WORKER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  DELETION_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  RETENTION_SWEEP_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(60).default(60),
  INBOUND_EMAIL_DOMAIN: z
    .string()
    .regex(
      /^[a-z0-9.-]+\.[a-z]{2,}$|^localhost$/i,
      'set it to the domain of the BCC inbound addresses, such as inbound.example.com',
    )
    .default('inbound.localhost'),
  INBOUND_TOKEN_SECRET: z.string().min(32, 'set it to a random string of at least 32 characters').optional(),
  // Development gets a random key written into .env by loadDotEnv; production refuses to start without.
  SUPPRESSION_HMAC_KEY: z
    .string()
    .min(32, 'set it to 32 or more random characters, e.g. from: openssl rand -hex 32')
    .optional(),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_SECURE: z.enum(['true', 'false'], { message: 'set it to true or false' }).optional(),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: z.string().regex(/@/, 'set it to the sender address, such as: Reviews <reviews@example.com>').optional(),
  OUTBOX_DIR: z.string().default('outbox'),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  TRUST_PROXY: trustProxySchema.default(['loopback']),
});

export type Config = Readonly<z.infer<typeof configSchema>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once and returns a frozen config. Every missing or invalid variable
 * is listed in one ConfigError, so a misconfigured deployment is fixed in one pass.
 */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  // An empty assignment in .env (MONGODB_URI=) means "not set", as it does for most tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = configSchema.safeParse(present);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const missing = env[name] === undefined || env[name] === '';
        return missing ? `${name} is missing: ${issue.message}` : `${name} is invalid: ${issue.message}`;
      });
  problems.push(...crossFieldProblems(present));

  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(result.data);
}

/** Variables production cannot run without, though development has a fallback for each. */
const requiredInProduction: Record<string, string> = {
  MONGODB_URI: 'production never starts a local database; set it to the MongoDB connection string',
  SMTP_HOST: 'production sends invitations through SMTP only; set it to the SMTP server host name',
  MAIL_FROM: 'set it to the sender of the invitations, such as "Reviews <reviews@example.com>"',
  SUPPRESSION_HMAC_KEY: 'set it to 32 or more random characters, e.g. from: openssl rand -hex 32',
  // The loopback default would make every customer behind a remote load balancer share one
  // address, and so one rate limit; production must say how many proxies stand in front.
  TRUST_PROXY: 'set it to the number of proxies in front of the app (1 behind one load balancer), or false',
};

function crossFieldProblems(present: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (present.NODE_ENV === 'production') {
    for (const [name, help] of Object.entries(requiredInProduction)) {
      if (present[name] === undefined) problems.push(`${name} is missing: ${help}`);
    }
  } else if (present.SMTP_HOST && !present.MAIL_FROM) {
    problems.push(`MAIL_FROM is missing: ${requiredInProduction.MAIL_FROM} (SMTP_HOST is set)`);
  }
  return problems;
}

/**
 * Loads `.env` into process.env for development. A fresh clone has no `.env`, so one is written
 * with a random development secret; production never gets one and must set real values.
 * Returns the path of a newly written file, so the caller can log that it happened.
 */
export function loadDotEnv(rootDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  // Production takes its settings from the environment only, so a stray development .env on a
  // server cannot supply a development secret.
  if (env.NODE_ENV === 'production') return undefined;

  const envPath = path.join(rootDir, '.env');
  let created: string | undefined;

  if (!existsSync(envPath) && env.NODE_ENV !== 'production') {
    const example = readFileSync(path.join(rootDir, '.env.example'), 'utf8');
    const secret = randomBytes(32).toString('hex');
    writeFileSync(envPath, example.replace(/^SHOPIFY_API_SECRET=.*$/m, `SHOPIFY_API_SECRET=${secret}`), {
      mode: 0o600,
    });
    created = envPath;
  }
  if (existsSync(envPath) && env.NODE_ENV !== 'production' && !env.SUPPRESSION_HMAC_KEY) addSuppressionKey(envPath);

  if (existsSync(envPath)) {
    // Variables already set in the environment win over the file, as with dotenv.
    const fromFile = parseEnvFile(readFileSync(envPath, 'utf8'));
    for (const [name, value] of Object.entries(fromFile)) {
      if (env[name] === undefined) env[name] = value;
    }
  }
  return created;
}

/**
 * Gives a development .env a random SUPPRESSION_HMAC_KEY when it has none (a fresh one, or one
 * written before the key existed). The key must stay the same afterwards: suppression entries
 * made with one key do not match under another.
 */
function addSuppressionKey(envPath: string): void {
  const text = readFileSync(envPath, 'utf8');
  if (/^SUPPRESSION_HMAC_KEY=\S/m.test(text)) return;
  const line = `SUPPRESSION_HMAC_KEY=${randomBytes(32).toString('hex')}`;
  const updated = /^SUPPRESSION_HMAC_KEY=.*$/m.test(text)
    ? text.replace(/^SUPPRESSION_HMAC_KEY=.*$/m, line)
    : `${text}${text.endsWith('\n') ? '' : '\n'}${line}\n`;
  writeFileSync(envPath, updated, { mode: 0o600 });
}

function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    const [, name, raw] = match as unknown as [string, string, string];
    values[name] = raw.replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}
