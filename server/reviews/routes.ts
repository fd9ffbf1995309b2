import { Router, type Request } from 'express';

import type { Models } from '../db/models';
import { customerMessages, toLocale, type Locale } from '../i18n/messages';
import { renderCustomerPage } from '../lib/html';
import { sha256Hex } from '../lib/hash';

/** GET /r/:token, the personal review link. Deleted or unknown invitations answer 410 Gone. */
export function reviewLinkRoutes(deps: { models: Models }): Router {
  const router = Router();

  router.get('/r/:token', async (req, res) => {
    const token = String(req.params.token);
    const invitation = await deps.models.Invitation.findOne({ tokenHash: sha256Hex(token) })
      .select('locale status')
      .lean();

    res.set('Cache-Control', 'no-store');
    res.set('Referrer-Policy', 'no-referrer');

    if (!invitation || invitation.status === 'cancelled') {
      // The invitation's data may be gone, so the customer's browser chooses the language.
      const locale = requestLocale(req);
      const text = customerMessages[locale];
      res
        .status(410)
        .type('html')
        .send(
          renderCustomerPage({
            lang: locale,
            title: text.linkInactiveTitle,
            paragraphs: [text.linkInactiveBody, text.linkInactiveHint],
          }),
        );
      return;
    }

    const locale = toLocale(invitation.locale) ?? requestLocale(req);
    const text = customerMessages[locale];
    res
      .status(200)
      .type('html')
      .send(renderCustomerPage({ lang: locale, title: text.reviewPageTitle, paragraphs: [text.reviewPageIntro] }));
  });

  return router;
}

function requestLocale(req: Request): Locale {
  const fromQuery = typeof req.query.lang === 'string' ? toLocale(req.query.lang) : undefined;
  if (fromQuery) return fromQuery;
  const accepted = req.acceptsLanguages('en', 'da');
  return typeof accepted === 'string' ? (toLocale(accepted) ?? 'en') : 'en';
}
