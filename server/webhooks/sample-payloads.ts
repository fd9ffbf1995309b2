/**
 * Webhook bodies shaped as Shopify sends them, for `npm run webhook` and the tests. Shopify's
 * example payloads use the same field names; values here come from the caller.
 */
export interface SamplePayloadInput {
  shop: string;
  shopId?: number;
  customerId?: number | string | null;
  email?: string | null;
  phone?: string | null;
  orderIds?: Array<number | string>;
  dataRequestId?: number;
  /** The order's customer_locale (orders/fulfilled), such as da or en. */
  locale?: string;
}

export function samplePayload(topic: string, input: SamplePayloadInput): Record<string, unknown> {
  const shopId = input.shopId ?? 954889;
  const customer = { id: input.customerId ?? null, email: input.email ?? null, phone: input.phone ?? null };

  switch (topic) {
    case 'customers/redact':
      return { shop_id: shopId, shop_domain: input.shop, customer, orders_to_redact: input.orderIds ?? [] };
    case 'customers/data_request':
      return {
        shop_id: shopId,
        shop_domain: input.shop,
        orders_requested: input.orderIds ?? [],
        customer,
        data_request: { id: input.dataRequestId ?? 9999 },
      };
    case 'shop/redact':
      return { shop_id: shopId, shop_domain: input.shop };
    case 'app/uninstalled':
      return { id: shopId, name: input.shop.split('.')[0], domain: input.shop, myshopify_domain: input.shop };
    case 'orders/fulfilled': {
      const orderId = input.orderIds?.[0] ?? 450789469;
      const now = new Date().toISOString();
      return {
        id: orderId,
        name: `#${orderId}`,
        email: input.email ?? null,
        phone: input.phone ?? null,
        customer_locale: input.locale ?? 'en',
        customer: input.customerId ? { ...customer, first_name: 'Sample', last_name: 'Customer' } : null,
        line_items: [{ id: 466157049, product_id: 632910392, title: 'Sample product', quantity: 1 }],
        fulfillments: [{ id: 255858046, status: 'success', created_at: now, updated_at: now }],
      };
    }
    default:
      throw new Error(
        `No sample payload for topic "${topic}". Use customers/redact, customers/data_request, shop/redact, app/uninstalled or orders/fulfilled.`,
      );
  }
}
