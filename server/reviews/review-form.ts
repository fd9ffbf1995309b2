import type { Locale } from '../i18n/messages';
import { formMessages } from './form-messages';

export const productField = (productId: string, part: 'rating' | 'body') => `product-${productId}-${part}`;

export const LIMITS = { title: 120, body: 5000, displayName: 60, productBody: 2000 } as const;

/** Products shown on one form; an order with more shows the first ones. */
export const MAX_PRODUCTS = 20;
/** Maximum length of a product id that can be part of a field name (see safeProducts in routes.ts). */
export const MAX_PRODUCT_ID_LENGTH = 64;

/**
 * Maximum URL-encoded size of a form within every limit above (about 400 KB). The limits count
 * UTF-16 code units. The costliest unit is a character of 3 UTF-8 bytes, which a browser sends as
 * 9 bytes (such as `%E2%82%AC`). A character outside the BMP is 2 units of 12 bytes, a line break
 * is 2 units (CR LF) of 6 bytes, and an ASCII character takes 1 to 3 bytes. So each field takes at
 * most 9 bytes per allowed unit, plus its name, `=` and `&`. Product ids contain only characters
 * that are sent unencoded. The extra 1 KB allows for whitespace around values, because values are
 * trimmed before the limits are checked.
 */
export const FORM_BODY_LIMIT_BYTES = (() => {
  const field = (name: string, maxUnits: number) => name.length + 2 + maxUnits * 9;
  const productId = 'x'.repeat(MAX_PRODUCT_ID_LENGTH);
  const product =
    field(productField(productId, 'rating'), 1) + field(productField(productId, 'body'), LIMITS.productBody);
  return (
    field('rating', 1) +
    field('title', LIMITS.title) +
    field('body', LIMITS.body) +
    field('displayName', LIMITS.displayName) +
    MAX_PRODUCTS * product +
    1024
  );
})();

export interface Product {
  productId: string;
  title: string;
}

/** Form input as typed by the customer, kept as strings so the form can be shown again unchanged. */
export interface FormValues {
  rating: string;
  title: string;
  body: string;
  displayName: string;
  products: Record<string, { rating: string; body: string }>;
}

/** Field name (as in the form) → message. */
export type FormErrors = Record<string, string>;

export interface ValidReview {
  rating: number;
  title?: string;
  body: string;
  displayName: string;
  products: Array<{ productId: string; rating: number; body?: string }>;
}

export function emptyForm(products: Product[], displayName: string): FormValues {
  return {
    rating: '',
    title: '',
    body: '',
    displayName,
    products: Object.fromEntries(products.map((product) => [product.productId, { rating: '', body: '' }])),
  };
}

/** Reads the posted form; fields that are not strings count as empty. */
export function readForm(body: Record<string, unknown>, products: Product[]): FormValues {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  return {
    rating: text('rating'),
    title: text('title'),
    body: text('body'),
    displayName: text('displayName'),
    products: Object.fromEntries(
      products.map((product) => [
        product.productId,
        {
          rating: text(productField(product.productId, 'rating')),
          body: text(productField(product.productId, 'body')),
        },
      ]),
    ),
  };
}

/** Checks the form; returns the review to store, or a message per faulty field. */
export function validateForm(
  values: FormValues,
  locale: Locale,
): { ok: true; review: ValidReview } | { ok: false; errors: FormErrors } {
  const t = formMessages[locale].errors;
  const errors: FormErrors = {};

  const rating = toRating(values.rating);
  if (rating === undefined) errors.rating = t.ratingRequired;
  const title = values.title.trim();
  if (title.length > LIMITS.title) errors.title = t.tooLong(LIMITS.title);
  const body = values.body.trim();
  if (!body) errors.body = t.bodyRequired;
  else if (body.length > LIMITS.body) errors.body = t.tooLong(LIMITS.body);
  const displayName = values.displayName.trim();
  if (!displayName) errors.displayName = t.displayNameRequired;
  else if (displayName.length > LIMITS.displayName) errors.displayName = t.tooLong(LIMITS.displayName);

  const products: ValidReview['products'] = [];
  for (const [productId, product] of Object.entries(values.products)) {
    const productRating = toRating(product.rating);
    const productBody = product.body.trim();
    if (productBody.length > LIMITS.productBody)
      errors[productField(productId, 'body')] = t.tooLong(LIMITS.productBody);
    else if (productBody && productRating === undefined)
      errors[productField(productId, 'rating')] = t.productBodyWithoutRating;
    else if (productRating !== undefined)
      products.push({ productId, rating: productRating, ...(productBody ? { body: productBody } : {}) });
  }

  if (Object.keys(errors).length > 0 || rating === undefined) return { ok: false, errors };
  return { ok: true, review: { rating, ...(title ? { title } : {}), body, displayName, products } };
}

function toRating(value: string): number | undefined {
  return /^[1-5]$/.test(value.trim()) ? Number(value.trim()) : undefined;
}
