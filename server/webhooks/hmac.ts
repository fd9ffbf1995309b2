import { createHmac } from 'node:crypto';

/** Signs a body as Shopify does: base64 HMAC-SHA256 with the app's client secret. */
export function signShopifyBody(rawBody: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}
