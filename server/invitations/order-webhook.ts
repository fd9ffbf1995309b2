import { z } from 'zod';

import { isPlausibleEmail } from '../lib/email';
import { normalizeShopDomain } from '../shops/domain';
import type { WebhookContext, WebhookOutcome } from '../webhooks/handlers';
import { scheduleInvitation } from './schedule';

const shopifyId = z.union([z.number(), z.string()]).nullish();

/** The fields of the Order resource an invitation uses; everything else in the body is ignored. */
export const orderFulfilledPayload = z.object({
  id: shopifyId,
  name: z.string().nullish(),
  email: z.string().nullish(),
  contact_email: z.string().nullish(),
  phone: z.string().nullish(),
  customer_locale: z.string().nullish(),
  updated_at: z.string().nullish(),
  customer: z
    .object({
      id: shopifyId,
      email: z.string().nullish(),
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
      phone: z.string().nullish(),
    })
    .nullish(),
  billing_address: z.object({ first_name: z.string().nullish(), last_name: z.string().nullish() }).nullish(),
  line_items: z
    .array(z.object({ product_id: shopifyId, title: z.string().nullish(), name: z.string().nullish() }))
    .nullish(),
  fulfillments: z
    .array(
      z.object({ created_at: z.string().nullish(), updated_at: z.string().nullish(), status: z.string().nullish() }),
    )
    .nullish(),
});

export type OrderFulfilledPayload = z.infer<typeof orderFulfilledPayload>;

/**
 * Schedules an invitation for the customer of an orders/fulfilled delivery. The shop comes from
 * the X-Shopify-Shop-Domain header (`shopDomain`), because the Order body does not name its shop.
 */
export async function handleOrderFulfilled(context: WebhookContext): Promise<WebhookOutcome> {
  // NOTE: the header is not signed, but the body is: a forged shop needs a genuine Shopify body.
  const shop = normalizeShopDomain(context.shopDomain);
  if (!shop) return { outcome: 'ignored', reason: 'X-Shopify-Shop-Domain is not a *.myshopify.com domain' };
  if (!(await context.models.Shop.exists({ shop })))
    return { outcome: 'ignored', shop, reason: 'shop is unknown to the app' };

  // A repeat of a delivery that was already handled; its invitation (or skip) exists.
  const seen = await context.models.WebhookDelivery.exists({ dedupeKey: context.dedupeKey });
  if (seen) return { outcome: 'duplicate', shop, reference: String(seen._id) };

  const order = orderFulfilledPayload.parse(context.body);
  const email = [order.email, order.contact_email, order.customer?.email].find((value) =>
    isPlausibleEmail(value?.trim() ?? ''),
  );
  if (!email) return { outcome: 'ignored', shop, reason: 'order has no valid email address; no invitation made' };

  const result = await scheduleInvitation(context, {
    shop,
    email,
    ...optionalFields(order),
    products: productsOf(order),
    fulfilledAt: fulfilledAt(order) ?? context.clock.now(),
    source: 'order',
  });
  return result.outcome === 'scheduled'
    ? { outcome: 'accepted', shop, reference: result.invitationId }
    : { outcome: 'accepted', shop, reference: `skipped:${result.reason}` };
}

function optionalFields(order: OrderFulfilledPayload) {
  const firstName = order.customer?.first_name ?? order.billing_address?.first_name;
  const lastName = order.customer?.last_name ?? order.billing_address?.last_name;
  const name = [firstName, lastName]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(' ');
  const fields = {
    name,
    customerId: idString(order.customer?.id),
    phone: order.phone ?? order.customer?.phone ?? undefined,
    orderId: idString(order.id),
    orderName: order.name ?? undefined,
    locale: order.customer_locale ?? undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value)) as Partial<typeof fields>;
}

/** Lists each product once, because line items of one product with several variants collapse. */
function productsOf(order: OrderFulfilledPayload): Array<{ productId: string; title: string }> {
  const products = new Map<string, string>();
  for (const item of order.line_items ?? []) {
    const productId = idString(item.product_id);
    const title = item.title ?? item.name;
    if (productId && title && !products.has(productId)) products.set(productId, title);
  }
  return [...products].map(([productId, title]) => ({ productId, title }));
}

/** Returns the time of the last successful fulfilment, or undefined when the body has none. */
function fulfilledAt(order: OrderFulfilledPayload): Date | undefined {
  const times = (order.fulfillments ?? [])
    .filter((fulfillment) => !fulfillment.status || fulfillment.status === 'success')
    .map((fulfillment) => new Date(fulfillment.created_at ?? fulfillment.updated_at ?? ''))
    .filter((time) => !Number.isNaN(time.getTime()));
  if (times.length === 0) return undefined;
  return new Date(Math.max(...times.map((time) => time.getTime())));
}

function idString(value: number | string | null | undefined): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && /^[1-9]\d*$/.test(value.trim())) return value.trim();
  return undefined;
}
