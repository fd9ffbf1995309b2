import { z } from 'zod';

const shopifyId = z.union([z.number(), z.string()]).nullish();

/** Body of customers/redact and customers/data_request. Fields Shopify may add later are ignored. */
export const customerPrivacyPayload = z.object({
  shop_domain: z.string().nullish(),
  customer: z
    .object({
      id: shopifyId,
      email: z.string().nullish(),
      phone: z.string().nullish(),
    })
    .nullish(),
  orders_to_redact: z.array(z.union([z.number(), z.string()])).nullish(),
  orders_requested: z.array(z.union([z.number(), z.string()])).nullish(),
  data_request: z.object({ id: shopifyId }).nullish(),
});

export const shopRedactPayload = z.object({
  shop_domain: z.string().nullish(),
});

/** Body of app/uninstalled: the shop resource, whose `domain` may be a custom storefront domain. */
export const appUninstalledPayload = z.object({
  myshopify_domain: z.string().nullish(),
  domain: z.string().nullish(),
});
