import type { Clock } from '../clock';
import type { Models } from '../db/models';
import type { Logger } from '../logger';
import { DATA_EXPORT_RETENTION_DAYS } from '../privacy/data-export-processor';
import { toCustomerIdentifiers } from '../privacy/customer-identifiers';
import type { DeletionSource } from '../privacy/deletion-request-model';
import { isDuplicateKeyError, requestDeletion, type DeletionScope } from '../privacy/deletion-service';
import { DAY_MS } from '../clock';
import { normalizeShopDomain } from '../shops/domain';
import { handleOrderFulfilled } from '../invitations/order-webhook';
import { appUninstalledPayload, customerPrivacyPayload, shopRedactPayload } from './payloads';
import type { HandledTopic } from './topics';

export interface WebhookContext {
  models: Models;
  clock: Clock;
  logger: Logger;
  topic: HandledTopic;
  /** Identifies this delivery across Shopify's retries; see deliveryKey in routes.ts. */
  dedupeKey: string;
  body: unknown;
  /** X-Shopify-Shop-Domain. Not covered by the HMAC: only for topics whose body names no shop. */
  shopDomain?: string;
}

export type WebhookOutcome =
  | { outcome: 'accepted' | 'duplicate'; shop: string; reference: string }
  | { outcome: 'ignored'; shop?: string; reason: string };

type Handler = (context: WebhookContext) => Promise<WebhookOutcome>;

/** Stores the work a webhook requests. Resolves only once it is stored, so a 200 means durable. */
export const webhookHandlers: Record<HandledTopic, Handler> = {
  'orders/fulfilled': handleOrderFulfilled,

  'customers/redact': async (context) => {
    const foreign = foreignBody(context, ['data_request', 'orders_requested']);
    if (foreign) return foreign;
    const payload = customerPrivacyPayload.parse(context.body);
    const shop = await knownShop(context, payload.shop_domain);
    if (typeof shop !== 'string') return shop;

    const identifiers = toCustomerIdentifiers({
      customerId: payload.customer?.id,
      emails: [payload.customer?.email],
      orderIds: payload.orders_to_redact ?? [],
    });
    return storeDeletion(context, shop, 'webhook', { kind: 'customer', identifiers });
  },

  'shop/redact': async (context) => {
    const foreign = foreignBody(context, ['customer', 'orders_to_redact', 'data_request', 'orders_requested']);
    if (foreign) return foreign;
    const payload = shopRedactPayload.parse(context.body);
    const shop = await knownShop(context, payload.shop_domain);
    if (typeof shop !== 'string') return shop;

    return storeDeletion(context, shop, 'webhook', { kind: 'shop' });
  },

  'app/uninstalled': async (context) => {
    const payload = appUninstalledPayload.parse(context.body);
    const shop = await knownShop(context, payload.myshopify_domain);
    if (typeof shop !== 'string') return shop;

    return storeDeletion(context, shop, 'uninstall', { kind: 'access_tokens' });
  },

  'customers/data_request': async (context) => {
    const foreign = foreignBody(context, ['orders_to_redact']);
    if (foreign) return foreign;
    const payload = customerPrivacyPayload.parse(context.body);
    const shop = await knownShop(context, payload.shop_domain);
    if (typeof shop !== 'string') return shop;

    const identifiers = toCustomerIdentifiers({
      customerId: payload.customer?.id,
      emails: [payload.customer?.email],
      orderIds: payload.orders_requested ?? [],
    });
    const now = context.clock.now();
    const dataRequestId = payload.data_request?.id;
    try {
      const created = await context.models.DataExport.create({
        shop,
        dedupeKey: context.dedupeKey,
        ...(dataRequestId != null ? { dataRequestId: String(dataRequestId) } : {}),
        subject: {
          ...(identifiers.customerId ? { customerId: identifiers.customerId } : {}),
          ...(identifiers.emails[0] ? { emailLower: identifiers.emails[0] } : {}),
          orderIds: identifiers.orderIds,
        },
        requestedAt: now,
        expiresAt: new Date(now.getTime() + DATA_EXPORT_RETENTION_DAYS * DAY_MS),
      });
      return { outcome: 'accepted', shop, reference: created._id.toString() };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await context.models.DataExport.findOne({ dedupeKey: context.dedupeKey }).select('_id').lean();
      return { outcome: 'duplicate', shop, reference: String(existing?._id) };
    }
  },
};

/**
 * Shopify's HMAC covers the body but not the X-Shopify-Topic header, so a captured signed body
 * could be replayed under another topic: a customers/redact body sent as shop/redact would erase
 * the whole shop. A body that carries a field only another topic has is therefore ignored.
 */
function foreignBody(context: WebhookContext, fieldsOfOtherTopics: string[]): WebhookOutcome | undefined {
  const body = context.body;
  if (typeof body !== 'object' || body === null) return undefined;
  const foreign = fieldsOfOtherTopics.find((field) => field in body);
  return foreign
    ? { outcome: 'ignored', reason: `body has ${foreign}, which ${context.topic} never carries` }
    : undefined;
}

/** Stores the delivery's deletion request; a repeated delivery finds the one stored first. */
async function storeDeletion(
  context: WebhookContext,
  shop: string,
  source: DeletionSource,
  scope: DeletionScope,
): Promise<WebhookOutcome> {
  const stored = await requestDeletion(context.models, {
    shop,
    source,
    scope,
    topic: context.topic,
    dedupeKey: context.dedupeKey,
    requestedAt: context.clock.now(),
  });
  return { outcome: stored.created ? 'accepted' : 'duplicate', shop, reference: stored.id };
}

/**
 * Returns the shop named in the signed body when it is in the shops collection, or an "ignored"
 * outcome. A domain that is not a myshopify name, or a shop the app never saw, deletes and stores nothing.
 */
async function knownShop(context: WebhookContext, domain: string | null | undefined): Promise<string | WebhookOutcome> {
  const shop = normalizeShopDomain(domain);
  if (!shop) return { outcome: 'ignored', reason: 'body names no *.myshopify.com shop' };
  if (!(await context.models.Shop.exists({ shop })))
    return { outcome: 'ignored', shop, reason: 'shop is unknown to the app' };
  return shop;
}
