import { createHmac, timingSafeEqual } from 'node:crypto';

const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Checks Shopify's X-Shopify-Hmac-Sha256 header: base64 HMAC-SHA256 of the raw body bytes with the
 * app's client secret. Runs before any parsing, and compares in constant time.
 */
export function isValidShopifyHmac(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (!header || !base64Pattern.test(header.trim())) return false;

  const received = Buffer.from(header.trim(), 'base64');
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  // timingSafeEqual throws on unequal lengths; a digest of another length is simply wrong.
  if (received.length !== expected.length) return false;
  return timingSafeEqual(received, expected);
}

/** Signs a body as Shopify does; for the webhook command and tests. */
export function signShopifyBody(rawBody: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}
