import express, { Router, type NextFunction, type Request, type Response } from 'express';

import { AppError, NotFoundError } from '../errors';
import { findShopByInboundToken } from './inbound-address';
import { receiveBccMessage, type BccIntakeDeps } from './intake';

/** Largest raw message accepted; order confirmations with an invoice PDF stay well below it. */
export const BCC_BODY_LIMIT = '10mb';

const ACCEPTED_TYPES = ['message/rfc822', 'text/plain', 'application/octet-stream'];

/**
 * POST /inbound/bcc/:token receives one raw email (message/rfc822) from an email provider's
 * inbound route. The token is checked before the body is read, so a wrong token stores nothing.
 */
export function bccInboundRoutes(deps: BccIntakeDeps): Router {
  const router = Router();

  const findShop = async (req: Request, res: Response, next: NextFunction) => {
    const shop = await findShopByInboundToken(deps.models, String(req.params.token));
    if (!shop)
      return next(new NotFoundError('No inbound address matches this token. Copy the address from the app page.'));

    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!ACCEPTED_TYPES.includes(type)) {
      return next(
        new AppError(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          `Content-Type "${type || '(none)'}" is not accepted; send the raw email as message/rfc822.`,
          'content-type',
        ),
      );
    }
    res.locals.inboundShop = shop;
    next();
  };

  router.post(
    '/inbound/bcc/:token',
    findShop,
    express.raw({ type: () => true, limit: BCC_BODY_LIMIT }),
    async (req: Request, res: Response) => {
      const shop = res.locals.inboundShop as string;
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);

      const result = await receiveBccMessage(deps, shop, raw);
      if (result.status === 'rejected') throw new AppError(422, result.code, result.reason, 'body');

      res.status(result.status === 'stored' ? 201 : 200).json(result);
    },
  );

  return router;
}
