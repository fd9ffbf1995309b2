import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths that may carry personal data or secrets. Code logs counts and ids instead, and this list
 * is the safety net for a payload logged by mistake.
 */
const redactedPaths = [
  'email',
  '*.email',
  'name',
  '*.name',
  'phone',
  '*.phone',
  'token',
  '*.token',
  'req.headers.authorization',
  'req.headers["x-shopify-hmac-sha256"]',
];

export function createLogger(options: { level: string; pretty?: boolean }): Logger {
  return pino({
    level: options.level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    ...(options.pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } }
      : {}),
  });
}
