import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, shopifyApi, type Shopify } from '@shopify/shopify-api';

import type { Config } from './config';
import type { Logger } from './logger';

/** The one place the Admin API version is pinned; webhooks of any version are accepted. */
export const SHOPIFY_API_VERSION = ApiVersion.October26;

export type ShopifyConfig = Pick<Config, 'SHOPIFY_API_KEY' | 'SHOPIFY_API_SECRET' | 'SCOPES' | 'SHOPIFY_APP_URL'>;

/** Builds the Shopify API client; its logs go through the app's logger. */
export function createShopifyApi(config: ShopifyConfig, logger: Logger): Shopify {
  const appUrl = new URL(config.SHOPIFY_APP_URL);
  return shopifyApi({
    apiKey: config.SHOPIFY_API_KEY,
    apiSecretKey: config.SHOPIFY_API_SECRET,
    scopes: [...config.SCOPES],
    hostName: appUrl.host,
    hostScheme: appUrl.protocol === 'http:' ? 'http' : 'https',
    apiVersion: SHOPIFY_API_VERSION,
    isEmbeddedApp: true,
    logger: {
      level: LogSeverity.Warning,
      httpRequests: false,
      timestamps: false,
      log: async (severity, message) => {
        if (severity <= LogSeverity.Error) logger.error({ component: 'shopify-api' }, message);
        else logger.warn({ component: 'shopify-api' }, message);
      },
    },
  });
}
