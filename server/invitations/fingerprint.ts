import { createHmac, timingSafeEqual } from 'node:crypto';

import { normalizeEmail } from '../lib/email';

let configuredKey: Buffer | undefined;

/**
 * Sets the key of the suppression fingerprints. openRuntime calls it with SUPPRESSION_HMAC_KEY.
 * NOTE: the key is process-wide because other features call scheduleInvitation with only models,
 * clock and logger. It must stay the same for the life of the deployment.
 */
export function configureFingerprintKey(key: string): void {
  if (key.length < 32)
    throw new Error(`The suppression fingerprint key is too short (${key.length} characters); use at least 32`);
  configuredKey = Buffer.from(key, 'utf8');
}

/**
 * Computes a keyed one-way fingerprint of an email address within one shop, as HMAC-SHA256 over
 * the shop and the normalized address. Without the key the list cannot be matched against known
 * addresses, and the shop in the input keeps fingerprints of one person unrelated across shops.
 */
export function emailFingerprint(shop: string, email: string): string {
  return createHmac('sha256', requireKey())
    .update(`${shop}\n${normalizeEmail(email)}`)
    .digest('hex');
}

/**
 * Builds the token of an unsubscribe link from the shop, the fingerprint and a MAC over both. It
 * needs no stored invitation, so the link keeps working after the invitation data was deleted,
 * and it carries no email address.
 */
export function unsubscribeToken(shop: string, email: string): string {
  const fingerprint = emailFingerprint(shop, email);
  return `${Buffer.from(shop, 'utf8').toString('base64url')}.${fingerprint}.${unsubscribeMac(shop, fingerprint)}`;
}

/** Reads an unsubscribe token. Returns undefined when the token was not made with this key. */
export function readUnsubscribeToken(token: string): { shop: string; fingerprint: string } | undefined {
  const match = /^([A-Za-z0-9_-]{1,200})\.([0-9a-f]{64})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const [, encodedShop, fingerprint, mac] = match as unknown as [string, string, string, string];
  const shop = Buffer.from(encodedShop, 'base64url').toString('utf8');
  const expected = Buffer.from(unsubscribeMac(shop, fingerprint), 'utf8');
  const given = Buffer.from(mac, 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return { shop, fingerprint };
}

function unsubscribeMac(shop: string, fingerprint: string): string {
  // The "unsubscribe" prefix keeps these MACs apart from the fingerprints made with the same key.
  return createHmac('sha256', requireKey()).update(`unsubscribe\n${shop}\n${fingerprint}`).digest('base64url');
}

function requireKey(): Buffer {
  if (!configuredKey)
    throw new Error('The suppression fingerprint key is missing: call configureFingerprintKey at start');
  return configuredKey;
}
