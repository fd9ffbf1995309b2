import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 hex digest; used for high-entropy secrets (link tokens, API keys) that are stored only hashed. */
export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Returns a new random token for a URL: 32 bytes, base64url. */
export function newUrlToken(): string {
  return randomBytes(32).toString('base64url');
}
