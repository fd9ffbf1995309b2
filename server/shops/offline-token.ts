import { RequestedTokenType, type Shopify } from '@shopify/shopify-api';
import type { SessionStorage } from '@shopify/shopify-app-session-storage';
import { MongoDBSessionStorage } from '@shopify/shopify-app-session-storage-mongodb';
import type { RequestHandler } from 'express';

import type { Clock } from '../clock';
import { SESSION_COLLECTION, type Models } from '../db/models';
import { describeError } from '../lib/describe-error';
import type { Logger } from '../logger';
import { isDuplicateKeyError } from '../privacy/deletion-service';

/** Opens the Shopify session storage in the app's own database, in the collection uninstall clears. */
export function createSessionStorage(databaseUri: string, databaseName: string): MongoDBSessionStorage {
  return new MongoDBSessionStorage(new URL(databaseUri), databaseName, { sessionCollectionName: SESSION_COLLECTION });
}

export interface OfflineTokenDeps {
  shopify: Shopify;
  storage: SessionStorage;
  models: Models;
  clock: Clock;
  logger: Logger;
}

/**
 * Makes sure the token shop has an offline access token, for Shopify-managed installation. When
 * none is stored, the request's session token is exchanged for one and stored. Runs after
 * requireSessionToken. A failed exchange is logged and the request goes on, because the admin
 * routes work on the app's own data, and the next request tries again.
 */
export function ensureOfflineToken(deps: OfflineTokenDeps): RequestHandler {
  // Requests of one page load arrive together, so they share one exchange per shop in this process.
  const pending = new Map<string, Promise<void>>();

  return async (_req, res, next) => {
    const shop = res.locals.shop as string;
    const sessionToken = res.locals.sessionToken as string;

    let exchange = pending.get(shop);
    if (!exchange) {
      exchange = exchangeIfMissing(deps, shop, sessionToken).finally(() => pending.delete(shop));
      pending.set(shop, exchange);
    }

    try {
      await exchange;
    } catch (error) {
      deps.logger.error(
        { shop, error: describeError(error as Error) },
        'Token exchange for an offline access token failed; the next admin request retries it',
      );
    }
    next();
  };
}

async function exchangeIfMissing(deps: OfflineTokenDeps, shop: string, sessionToken: string): Promise<void> {
  const stored = await deps.storage.loadSession(deps.shopify.session.getOfflineId(shop));
  if (stored?.accessToken) return;

  const { session } = await deps.shopify.auth.tokenExchange({
    shop,
    sessionToken,
    requestedTokenType: RequestedTokenType.OfflineAccessToken,
  });
  await deps.storage.storeSession(session);
  await markInstalled(deps.models, shop, deps.clock.now());
  deps.logger.info({ shop, scope: session.scope }, 'Offline access token stored');
}

async function markInstalled(models: Models, shop: string, now: Date): Promise<void> {
  const update = { $setOnInsert: { installedAt: now }, $unset: { uninstalledAt: 1 } };
  try {
    await models.Shop.updateOne({ shop }, update, { upsert: true });
  } catch (error) {
    // Another request inserted the shop first, so the update applies to that document.
    if (!isDuplicateKeyError(error)) throw error;
    await models.Shop.updateOne({ shop }, { $unset: { uninstalledAt: 1 } });
  }
}
