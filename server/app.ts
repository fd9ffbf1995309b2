import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';

import type { Clock } from './clock';
import type { Models } from './db/models';
import { NotFoundError } from './errors';
import { errorHandler } from './http/error-handler';
import { noFraming } from './http/no-framing';
import { requestId } from './http/request-id';
import type { Logger } from './logger';
import { reviewLinkRoutes } from './reviews/routes';
import { createShopifyApi, type ShopifyConfig } from './shopify';
import { webhookRoutes } from './webhooks/routes';
import { adminRoutes } from './admin/routes';
import { requireSessionToken } from './admin/session-token';
import { adminExtensionCors } from './admin/extension-cors';
import { invitationAdminRoutes } from './invitations/admin-routes';
import { unsubscribeRoutes } from './invitations/unsubscribe-routes';
import type { InboundConfig } from './bcc/inbound-address';
import { inviteThroughSchedule } from './bcc/invite';
import { bccInboundRoutes } from './bcc/routes';
import { retentionAdminRoutes } from './retention/routes';
import { apiKeyAdminRoutes } from './api-keys/admin-routes';
import { API_BASE_PATH, apiRoutes, DEFAULT_API_RATE_LIMIT_PER_MINUTE } from './api/routes';
import type { Config } from './config';
import { adminPageRoutes, defaultWebDir } from './admin/page';
import { ensureOfflineToken } from './shops/offline-token';
import type { SessionStorage } from '@shopify/shopify-app-session-storage';

export interface AppDeps {
  config: ShopifyConfig & Partial<Pick<Config, 'API_RATE_LIMIT_PER_MINUTE' | 'TRUST_PROXY'>>;
  logger: Logger;
  models: Models;
  clock: Clock;
  /** BCC inbound addresses; defaults to `inbound.localhost` and a key derived from the client secret. */
  inbound?: InboundConfig;
  /** Folder of the built admin page; web/dist of the project when absent. */
  webDir?: string;
  /** Where offline access tokens are stored after token exchange; no exchange happens without it. */
  sessionStorage?: SessionStorage;
}

/** Builds the Express app from its dependencies; it opens no connection and reads no environment. */
export function createApp(deps: AppDeps): Express {
  const shopify = createShopifyApi(deps.config, deps.logger);
  const inbound = deps.inbound ?? { domain: 'inbound.localhost', tokenSecret: deps.config.SHOPIFY_API_SECRET };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.TRUST_PROXY ?? ['loopback']);

  app.use(requestId);
  app.use(
    pinoHttp({
      logger: deps.logger,
      // Paths carry review link tokens, so only the route pattern is logged.
      serializers: {
        req: (req: { method: string; raw?: { route?: { path?: string } } }) => ({ method: req.method }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customProps: (_req, res) => ({ requestId: res.locals?.requestId }),
      autoLogging: { ignore: (req) => req.url === '/healthz' },
    }),
  );

  // A load balancer takes an instance out of service when this fails. It checks the database too,
  // because without one every webhook gets a 500.
  app.get('/healthz', async (_req, res) => {
    try {
      await deps.models.connection.db!.admin().ping({ timeoutMS: 2000 });
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', reason: 'database did not answer' });
    }
  });

  app.use(
    webhookRoutes({
      models: deps.models,
      clock: deps.clock,
      logger: deps.logger,
      apiSecret: deps.config.SHOPIFY_API_SECRET,
    }),
  );
  app.use(['/r', '/u'], noFraming);
  app.use(reviewLinkRoutes({ models: deps.models, clock: deps.clock, logger: deps.logger }));
  app.use(unsubscribeRoutes({ models: deps.models, clock: deps.clock, logger: deps.logger }));
  app.use(
    bccInboundRoutes({
      models: deps.models,
      clock: deps.clock,
      logger: deps.logger,
      inboundDomain: inbound.domain,
      invite: inviteThroughSchedule({ models: deps.models, clock: deps.clock, logger: deps.logger }),
    }),
  );
  app.use('/admin/api/customer-deletions', adminExtensionCors(['GET', 'POST']));
  app.use(
    '/admin/api',
    express.json({ limit: '100kb' }),
    requireSessionToken(shopify),
    ...(deps.sessionStorage
      ? [
          ensureOfflineToken({
            shopify,
            storage: deps.sessionStorage,
            models: deps.models,
            clock: deps.clock,
            logger: deps.logger,
          }),
        ]
      : []),
    adminRoutes({ models: deps.models, clock: deps.clock }),
    invitationAdminRoutes({ models: deps.models, clock: deps.clock, logger: deps.logger }),
    retentionAdminRoutes({ models: deps.models, inbound }),
    apiKeyAdminRoutes({ models: deps.models, clock: deps.clock }),
  );
  app.use(
    API_BASE_PATH,
    apiRoutes({
      models: deps.models,
      clock: deps.clock,
      logger: deps.logger,
      rateLimitPerMinute: deps.config.API_RATE_LIMIT_PER_MINUTE ?? DEFAULT_API_RATE_LIMIT_PER_MINUTE,
    }),
  );
  app.use(adminPageRoutes({ apiKey: deps.config.SHOPIFY_API_KEY, webDir: deps.webDir ?? defaultWebDir() }));

  app.use((_req, _res, next) => next(new NotFoundError('No route matches this method and path.')));
  app.use(errorHandler(deps.logger));
  return app;
}
