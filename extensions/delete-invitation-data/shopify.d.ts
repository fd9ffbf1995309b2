// The `shopify` global Shopify's admin gives this extension's target, with the Polaris web
// component types (s-admin-action, s-button, ...) that the target module declares for Preact.
import type { Api } from '@shopify/ui-extensions/admin.customer-details.action.render';

declare global {
  const shopify: Api;
}

export {};
