import express, { Router, type Request, type Response } from 'express';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import type { Logger } from '../logger';
import { isDuplicateKeyError } from '../privacy/deletion-service';
import { formMessages } from '../reviews/form-messages';
import { messagePage } from '../reviews/pages';
import { requestLocale } from '../reviews/routes';
import { readUnsubscribeToken } from './fingerprint';

/**
 * GET /u/:token asks for confirmation (mail scanners open links, so a GET changes nothing);
 * POST /u/:token unsubscribes. The POST is both the page's button and the one-click request mail
 * clients send from the List-Unsubscribe-Post header (RFC 8058). Neither needs a login.
 */
export function unsubscribeRoutes(deps: { models: Models; clock: Clock; logger: Logger }): Router {
  const router = Router();

  router.get('/u/:token', (req, res) => {
    noStore(res);
    const locale = requestLocale(req);
    const t = formMessages[locale];
    if (!readUnsubscribeToken(String(req.params.token))) return invalid(req, res);
    res
      .status(200)
      .type('html')
      .send(
        messagePage({
          lang: locale,
          title: t.unsubscribeTitle,
          paragraphs: [t.unsubscribeIntro],
          button: { action: req.originalUrl, label: t.unsubscribeButton },
        }),
      );
  });

  router.post('/u/:token', express.urlencoded({ extended: false, limit: '1kb' }), async (req, res) => {
    noStore(res);
    const subject = readUnsubscribeToken(String(req.params.token));
    if (!subject) return invalid(req, res);

    const body = (req.body ?? {}) as Record<string, unknown>;
    const source = body['List-Unsubscribe'] === 'One-Click' ? 'one_click' : 'unsubscribe_page';
    try {
      await deps.models.Suppression.updateOne(
        { shop: subject.shop, fingerprint: subject.fingerprint },
        { $setOnInsert: { source, createdAt: deps.clock.now() } },
        { upsert: true },
      );
    } catch (error) {
      // A second click raced the first; the address is on the list either way.
      if (!isDuplicateKeyError(error)) throw error;
    }
    deps.logger.info({ shop: subject.shop, source }, 'Customer unsubscribed from review invitations');

    const locale = requestLocale(req);
    const t = formMessages[locale];
    res
      .status(200)
      .type('html')
      .send(messagePage({ lang: locale, title: t.unsubscribedTitle, paragraphs: [t.unsubscribedBody] }));
  });

  return router;
}

function invalid(req: Request, res: Response): void {
  const t = formMessages[requestLocale(req)];
  res
    .status(404)
    .type('html')
    .send(
      messagePage({
        lang: requestLocale(req),
        title: t.unsubscribeInvalidTitle,
        paragraphs: [t.unsubscribeInvalidBody],
      }),
    );
}

function noStore(res: Response): void {
  res.set('Cache-Control', 'no-store');
  res.set('Referrer-Policy', 'no-referrer');
}
