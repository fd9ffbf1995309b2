import { createHmac } from 'node:crypto';

import { TEST_API_SECRET, TEST_SHOP } from './shopify';

export const TEST_API_KEY = 'test-client-id';

/**
 * Signs a session token as App Bridge receives it from Shopify: HS256 JWT, audience = client ID,
 * dest = the shop's admin URL. Override claims to build expired or foreign tokens.
 */
export function signSessionToken(
  options: { shop?: string; secret?: string; claims?: Record<string, unknown>; nowSeconds?: number } = {},
): string {
  const shop = options.shop ?? TEST_SHOP;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const payload = {
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: TEST_API_KEY,
    sub: '42',
    exp: now + 60,
    nbf: now - 5,
    iat: now - 5,
    jti: `${now}-${Math.random()}`,
    sid: 'session-id',
    ...options.claims,
  };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
  const signature = createHmac('sha256', options.secret ?? TEST_API_SECRET)
    .update(unsigned)
    .digest('base64url');
  return `${unsigned}.${signature}`;
}
