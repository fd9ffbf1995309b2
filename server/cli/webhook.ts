import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

import { loadDotEnv } from '../config';
import { ROOT_DIR } from '../runtime';
import { signShopifyBody } from '../webhooks/hmac';
import { samplePayload } from '../webhooks/sample-payloads';

const usage = `Usage: npm run webhook -- TOPIC --shop DOMAIN [--customer-id N] [--email E] [--phone P] [--locale da]
                     [--orders 1,2] [--url URL] [--secret S]

Sends a webhook of TOPIC (customers/redact, customers/data_request, shop/redact, app/uninstalled,
orders/fulfilled), shaped and signed as Shopify sends it, to the running app and prints the
response status. For orders/fulfilled, the first of --orders is the order id and --locale sets the
customer's language (da or en, default en).
--url defaults to http://127.0.0.1:$PORT/webhooks; --secret defaults to SHOPIFY_API_SECRET.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      shop: { type: 'string' },
      'customer-id': { type: 'string' },
      email: { type: 'string' },
      phone: { type: 'string' },
      locale: { type: 'string' },
      orders: { type: 'string' },
      url: { type: 'string' },
      secret: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const topic = positionals[0];
  if (!topic || positionals.length > 1 || !values.shop) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }

  loadDotEnv(ROOT_DIR);
  const secret = values.secret ?? process.env.SHOPIFY_API_SECRET;
  if (!secret) {
    process.stderr.write('SHOPIFY_API_SECRET is missing: set it in .env or pass --secret.\n');
    return 2;
  }

  const orderIds = values.orders
    ? values.orders
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean)
    : [];
  if (orderIds.some((id) => !/^\d+$/.test(id))) {
    process.stderr.write(`--orders must be a comma-separated list of numeric order ids, got "${values.orders}".\n`);
    return 2;
  }

  let payload: Record<string, unknown>;
  try {
    payload = samplePayload(topic, {
      shop: values.shop,
      customerId: values['customer-id'] ? Number(values['customer-id']) : null,
      email: values.email ?? null,
      phone: values.phone ?? null,
      ...(values.locale ? { locale: values.locale } : {}),
      orderIds: orderIds.map(Number),
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }

  const body = JSON.stringify(payload);
  const url = values.url ?? `http://127.0.0.1:${process.env.PORT ?? 3000}/webhooks`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': signShopifyBody(body, secret),
      'x-shopify-shop-domain': values.shop,
      'x-shopify-api-version': '2026-10',
      'x-shopify-webhook-id': randomUUID(),
      'x-shopify-triggered-at': new Date().toISOString(),
    },
    body,
  });

  process.stdout.write(`${response.status} ${response.statusText} ${await response.text()}\n`);
  return response.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`Sending the webhook failed: ${error.message}\n`);
    process.exit(1);
  },
);
