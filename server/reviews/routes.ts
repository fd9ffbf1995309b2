import express, { Router, type Request, type Response } from 'express';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { customerMessages, toLocale, type Locale } from '../i18n/messages';
import { renderCustomerPage } from '../lib/html';
import { sha256Hex } from '../lib/hash';
import type { Logger } from '../logger';
import { isDuplicateKeyError } from '../privacy/deletion-service';
import { formMessages } from './form-messages';
import { messagePage, reviewFormPage } from './pages';
import { RateLimiter } from './rate-limit';
import { emptyForm, readForm, validateForm, type Product } from './review-form';

export interface ReviewRouteDeps {
  models: Models;
  clock: Clock;
  logger: Logger;
  /** Form posts allowed per link and per client address in each window. */
  rateLimit?: { perToken: number; perAddress: number; windowMs: number };
}

const DEFAULT_RATE_LIMIT = { perToken: 10, perAddress: 30, windowMs: 10 * 60_000 };

/**
 * GET /r/:token shows the review form (or the thank-you page once a review was written) and POST
 * /r/:token stores the review. Deleted, cancelled or unknown invitations return 410 Gone.
 */
export function reviewLinkRoutes(deps: ReviewRouteDeps): Router {
  const router = Router();
  const limits = deps.rateLimit ?? DEFAULT_RATE_LIMIT;
  const perToken = new RateLimiter(deps.clock, limits.perToken, limits.windowMs);
  const perAddress = new RateLimiter(deps.clock, limits.perAddress, limits.windowMs);

  router.get('/r/:token', async (req, res) => {
    noStore(res);
    const invitation = await findInvitation(deps.models, String(req.params.token));
    if (!invitation) return gone(req, res);

    const locale = toLocale(invitation.locale) ?? requestLocale(req);
    if (invitation.usedAt) return thankYou(res, locale);

    const products = safeProducts(invitation.products);
    res
      .status(200)
      .type('html')
      .send(
        reviewFormPage({
          lang: locale,
          title: customerMessages[locale].reviewPageTitle,
          action: req.originalUrl.split('?')[0]!,
          ...(invitation.orderName ? { orderName: invitation.orderName } : {}),
          products,
          values: emptyForm(products, firstName(invitation.name)),
          errors: {},
        }),
      );
  });

  router.post('/r/:token', express.urlencoded({ extended: false, limit: '64kb' }), async (req, res) => {
    noStore(res);
    const token = String(req.params.token);
    const tokenAllowed = perToken.take(sha256Hex(token));
    const addressAllowed = perAddress.take(req.ip ?? 'unknown');
    if (!tokenAllowed || !addressAllowed) {
      const locale = requestLocale(req);
      const t = formMessages[locale];
      res.set('Retry-After', String(Math.ceil(limits.windowMs / 1000)));
      res
        .status(429)
        .type('html')
        .send(messagePage({ lang: locale, title: t.tooManyTitle, paragraphs: [t.tooManyBody] }));
      return;
    }

    const invitation = await findInvitation(deps.models, token);
    if (!invitation) return gone(req, res);
    const locale = toLocale(invitation.locale) ?? requestLocale(req);
    if (invitation.usedAt) return thankYou(res, locale);

    const products = safeProducts(invitation.products);
    const values = readForm((req.body ?? {}) as Record<string, unknown>, products);
    const result = validateForm(values, locale);
    if (!result.ok) {
      res
        .status(422)
        .type('html')
        .send(
          reviewFormPage({
            lang: locale,
            title: customerMessages[locale].reviewPageTitle,
            action: req.originalUrl.split('?')[0]!,
            ...(invitation.orderName ? { orderName: invitation.orderName } : {}),
            products,
            values,
            errors: result.errors,
          }),
        );
      return;
    }

    // A double submit stores one review: the lock row's unique key admits one request, and
    // usedAt turns away later ones once the row is swept.
    const now = deps.clock.now();
    if (!(await takeReviewLock(deps.models, String(invitation._id), now))) return thankYou(res, locale);
    const claimed = await deps.models.Invitation.updateOne(
      { _id: invitation._id, usedAt: { $exists: false }, status: { $ne: 'cancelled' } },
      { $set: { usedAt: now, status: 'reviewed' } },
    );
    if (claimed.matchedCount === 0) return thankYou(res, locale);

    const { review } = result;
    const common = {
      shop: invitation.shop,
      invitationId: invitation._id,
      displayName: review.displayName,
      createdAt: now,
    };
    await deps.models.Review.insertMany([
      { ...common, rating: review.rating, ...(review.title ? { title: review.title } : {}), body: review.body },
      ...review.products.map((product) => ({
        ...common,
        productId: product.productId,
        rating: product.rating,
        ...(product.body ? { body: product.body } : {}),
      })),
    ]);
    deps.logger.info(
      { shop: invitation.shop, invitationId: String(invitation._id), productReviews: review.products.length },
      'Review stored',
    );
    // Post/redirect/get: reloading the thank-you page does not post the form again.
    res.redirect(303, req.originalUrl);
  });

  return router;
}

async function takeReviewLock(models: Models, invitationId: string, now: Date): Promise<boolean> {
  try {
    await models.InvitationLock.create({ key: `review:${invitationId}`, createdAt: now });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

async function findInvitation(models: Models, token: string) {
  const invitation = await models.Invitation.findOne({ tokenHash: sha256Hex(token) })
    .select('shop locale status name orderName products usedAt')
    .lean();
  if (!invitation || invitation.status === 'cancelled') return undefined;
  return invitation;
}

function gone(req: Request, res: Response): void {
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
}

function thankYou(res: Response, locale: Locale): void {
  const t = formMessages[locale];
  res
    .status(200)
    .type('html')
    .send(messagePage({ lang: locale, title: t.thankYouTitle, paragraphs: [t.thankYouBody] }));
}

function noStore(res: Response): void {
  res.set('Cache-Control', 'no-store');
  res.set('Referrer-Policy', 'no-referrer');
}

function firstName(name: string | null | undefined): string {
  return name?.trim().split(/\s+/)[0] ?? '';
}

/** Products whose id can be part of a form field name as it is. */
function safeProducts(products: Product[] | null | undefined): Product[] {
  return (products ?? []).filter((product) => /^[A-Za-z0-9_-]{1,64}$/.test(product.productId)).slice(0, 20);
}

export function requestLocale(req: Request): Locale {
  const fromQuery = typeof req.query.lang === 'string' ? toLocale(req.query.lang) : undefined;
  if (fromQuery) return fromQuery;
  const accepted = req.acceptsLanguages('en', 'da');
  return typeof accepted === 'string' ? (toLocale(accepted) ?? 'en') : 'en';
}
