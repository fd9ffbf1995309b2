import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { customerMessages, toLocale, type Locale } from '../i18n/messages';
import { sha256Hex } from '../lib/hash';
import type { Logger } from '../logger';
import { isDuplicateKeyError } from '../privacy/deletion-service';
import { formMessages } from './form-messages';
import { messagePage, reviewFormPage } from './pages';
import { DEFAULT_REVIEW_RATE_LIMITS, ReviewRateLimiter, type ReviewRateLimits } from './rate-limit';
import {
  emptyForm,
  FORM_BODY_LIMIT_BYTES,
  MAX_PRODUCT_ID_LENGTH,
  MAX_PRODUCTS,
  readForm,
  validateForm,
  type FormErrors,
  type FormValues,
  type Product,
} from './review-form';

export interface ReviewRouteDeps {
  models: Models;
  clock: Clock;
  logger: Logger;
  /** Form posts allowed per link and per client address in each window. */
  rateLimit?: ReviewRateLimits;
}

type FoundInvitation = NonNullable<Awaited<ReturnType<typeof findInvitation>>>;

/**
 * GET /r/:token shows the review form (or the thank-you page once a review was written) and POST
 * /r/:token stores the review. Deleted, cancelled or unknown invitations return 410 Gone.
 */
export function reviewLinkRoutes(deps: ReviewRouteDeps): Router {
  const router = Router();
  const limiter = new ReviewRateLimiter(deps.models, deps.clock, deps.rateLimit ?? DEFAULT_REVIEW_RATE_LIMITS);

  router.get('/r/:token', async (req, res) => {
    noStore(res);
    const invitation = await findInvitation(deps.models, String(req.params.token));
    if (!invitation) return gone(req, res);

    const locale = toLocale(invitation.locale) ?? requestLocale(req);
    if (invitation.usedAt) return thankYou(res, locale);

    const products = safeProducts(invitation.products);
    const values = emptyForm(products, firstName(invitation.name));
    sendForm(req, res, 200, { invitation, locale, products, values, errors: {} });
  });

  // Every post counts, whatever its outcome (stored, invalid, too large), before the body is read.
  router.post('/r/:token', async (req, res, next) => {
    noStore(res);
    const token = String(req.params.token);
    const invitation = await findInvitation(deps.models, token);
    res.locals.reviewInvitation = invitation;
    const locale = pageLocale(req, invitation);
    const retryAfter = await limiter.take(req.ip ?? 'unknown', invitation ? sha256Hex(token) : undefined);
    if (retryAfter !== undefined) {
      const t = formMessages[locale];
      res.set('Retry-After', String(retryAfter));
      res
        .status(429)
        .type('html')
        .send(messagePage({ lang: locale, title: t.tooManyTitle, paragraphs: [t.tooManyBody] }));
      return;
    }
    if (!invitation) return gone(req, res);
    if (invitation.usedAt) return thankYou(res, locale);
    next();
  });

  router.post('/r/:token', express.urlencoded({ extended: false, limit: FORM_BODY_LIMIT_BYTES }), async (req, res) => {
    const invitation = res.locals.reviewInvitation as FoundInvitation;
    const locale = pageLocale(req, invitation);

    const products = safeProducts(invitation.products);
    const values = readForm((req.body ?? {}) as Record<string, unknown>, products);
    const result = validateForm(values, locale);
    if (!result.ok) {
      sendForm(req, res, 422, { invitation, locale, products, values, errors: result.errors });
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

  router.use('/r', reviewLinkErrors);
  return router;
}

/**
 * Answers a link that cannot be decoded (400) or a form body that cannot be read (413 too large,
 * 415 charset, 400 malformed) with a customer page rather than the API's JSON error. When the
 * invitation is known, the form comes back with a message; what the customer typed is lost,
 * because the body was not read, but the products and the suggested name are kept.
 */
const reviewLinkErrors: ErrorRequestHandler = (error: unknown, req, res, next) => {
  const status = httpStatus(error);
  if (status === undefined || status >= 500 || res.headersSent) return next(error);
  noStore(res);
  const invitation = res.locals.reviewInvitation as FoundInvitation | undefined;
  if (!invitation) {
    // Only a link whose path cannot be decoded gets here: the link is unknown before the body is read.
    const locale = requestLocale(req);
    const t = formMessages[locale];
    res
      .status(status)
      .type('html')
      .send(messagePage({ lang: locale, title: t.badLinkTitle, paragraphs: [t.unsubscribeInvalidBody] }));
    return;
  }
  const locale = pageLocale(req, invitation);
  const t = formMessages[locale];
  const products = safeProducts(invitation.products);
  const values = emptyForm(products, firstName(invitation.name));
  const message = status === 413 ? t.formTooLarge : t.formUnreadable;
  sendForm(req, res, status, { invitation, locale, products, values, errors: {}, formError: message });
};

function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

function sendForm(
  req: Request,
  res: Response,
  status: number,
  options: {
    invitation: FoundInvitation;
    locale: Locale;
    products: Product[];
    values: FormValues;
    errors: FormErrors;
    formError?: string;
  },
): void {
  const { invitation, locale } = options;
  res
    .status(status)
    .type('html')
    .send(
      reviewFormPage({
        lang: locale,
        title: customerMessages[locale].reviewPageTitle,
        action: req.originalUrl.split('?')[0]!,
        ...(invitation.orderName ? { orderName: invitation.orderName } : {}),
        products: options.products,
        values: options.values,
        errors: options.errors,
        ...(options.formError ? { formError: options.formError } : {}),
      }),
    );
}

/** The invitation's language when the link is known, else the browser's. */
function pageLocale(req: Request, invitation: { locale?: string | null } | undefined): Locale {
  return (invitation && toLocale(invitation.locale)) || requestLocale(req);
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
      messagePage({
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
  return (products ?? [])
    .filter((product) => new RegExp(`^[A-Za-z0-9_-]{1,${MAX_PRODUCT_ID_LENGTH}}$`).test(product.productId))
    .slice(0, MAX_PRODUCTS);
}

export function requestLocale(req: Request): Locale {
  const fromQuery = typeof req.query.lang === 'string' ? toLocale(req.query.lang) : undefined;
  if (fromQuery) return fromQuery;
  const accepted = req.acceptsLanguages('en', 'da');
  return typeof accepted === 'string' ? (toLocale(accepted) ?? 'en') : 'en';
}
