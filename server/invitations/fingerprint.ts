import { createHmac } from 'node:crypto';

import { normalizeEmail } from '../lib/email';

let configuredKey: Buffer | undefined;

/**
 * Sets the key of the suppression fingerprints; openRuntime calls it with SUPPRESSION_HMAC_KEY.
 * NOTE: a process-wide setting, because scheduleInvitation's deps (models, clock, logger) are a
 * contract other features call; the key must not change for the life of the deployment.
 */
export function configureFingerprintKey(key: string): void {
  if (key.length < 32) throw new Error('The suppression fingerprint key must be at least 32 characters long');
  configuredKey = Buffer.from(key, 'utf8');
}

/**
 * Keyed one-way fingerprint of an email address within one shop: HMAC-SHA256 over the shop and the
 * normalized address. Without the key the list cannot be matched against known addresses, and the
 * shop in the input keeps fingerprints of the same person unrelated across shops.
 */
export function emailFingerprint(shop: string, email: string): string {
  if (!configuredKey)
    throw new Error('The suppression fingerprint key is not configured; call configureFingerprintKey at start');
  return createHmac('sha256', configuredKey)
    .update(`${shop}\n${normalizeEmail(email)}`)
    .digest('hex');
}
