import { randomUUID } from 'node:crypto';

import { signShopifyBody } from '../../server/webhooks/hmac';
import { samplePayload } from '../../server/webhooks/sample-payloads';

export const TEST_API_SECRET = 'test-client-secret-0123456789abcdef';
export const TEST_SHOP = 'test-shop.myshopify.com';
export const OTHER_SHOP = 'other-shop.myshopify.com';

export interface WebhookRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * Builds a webhook as Shopify sends it: JSON body, HMAC header over the exact bytes, topic, shop,
 * API version and webhook id headers. Override or drop headers with `headers` (undefined drops).
 */
export function signedWebhook(
  topic: string,
  payload: unknown,
  options: { secret?: string; headers?: Record<string, string | undefined>; rawBody?: string } = {},
): WebhookRequest {
  const body = options.rawBody ?? JSON.stringify(payload);
  const shopDomain = (payload as { shop_domain?: string; myshopify_domain?: string })?.shop_domain ?? TEST_SHOP;
  const headers: Record<string, string | undefined> = {
    'content-type': 'application/json',
    'x-shopify-topic': topic,
    'x-shopify-hmac-sha256': signShopifyBody(body, options.secret ?? TEST_API_SECRET),
    'x-shopify-shop-domain': shopDomain,
    'x-shopify-api-version': '2026-10',
    'x-shopify-webhook-id': randomUUID(),
    'x-shopify-triggered-at': new Date().toISOString(),
    ...options.headers,
  };
  return {
    body,
    headers: Object.fromEntries(
      Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
  };
}

export function customersRedactPayload(
  overrides: {
    shop?: string;
    customerId?: number | string | null;
    email?: string | null;
    phone?: string | null;
    ordersToRedact?: Array<number | string>;
  } = {},
) {
  return samplePayload('customers/redact', {
    shop: overrides.shop ?? TEST_SHOP,
    customerId: overrides.customerId === undefined ? 191167 : overrides.customerId,
    email: overrides.email === undefined ? 'john@example.com' : overrides.email,
    phone: overrides.phone === undefined ? '555-625-1199' : overrides.phone,
    orderIds: overrides.ordersToRedact ?? [],
  });
}

export function dataRequestPayload(
  overrides: { shop?: string; customerId?: number; email?: string; ordersRequested?: number[] } = {},
) {
  return samplePayload('customers/data_request', {
    shop: overrides.shop ?? TEST_SHOP,
    customerId: overrides.customerId ?? 191167,
    email: overrides.email ?? 'john@example.com',
    phone: '555-625-1199',
    orderIds: overrides.ordersRequested ?? [],
  });
}

export function shopRedactPayload(shop = TEST_SHOP) {
  return samplePayload('shop/redact', { shop });
}

export function appUninstalledPayload(shop = TEST_SHOP) {
  return samplePayload('app/uninstalled', { shop });
}
