import type { ApiError } from './api';
import type { Translator } from './i18n';
import type { MessageKey } from './messages';

/** The page's own text for each input a card sends, keyed by the name the server puts in `error.field`. */
export type FieldMessages = Partial<Record<string, MessageKey>>;

/**
 * Returns the page's text, in the page language, for a 400 response whose `error.field` is one of
 * `fields`. The server's messages are English and written for API callers ("email: must be …"),
 * so a card shows the server message only when this returns undefined.
 */
export function localizedFieldError(
  error: ApiError | undefined,
  fields: FieldMessages,
  t: Translator['t'],
): string | undefined {
  if (error?.status !== 400 || error.field === undefined) return undefined;
  // A field name such as "constructor" must not find a property inherited from Object.
  const key = Object.hasOwn(fields, error.field) ? fields[error.field] : undefined;
  return key ? t(key) : undefined;
}

/** Returns the text to show next to `field`: the page's own text when it has one, else the server message. */
export function fieldErrorText(
  error: ApiError | undefined,
  field: string,
  fields: FieldMessages,
  t: Translator['t'],
): string | undefined {
  if (error?.field !== field) return undefined;
  return localizedFieldError(error, fields, t) ?? error.message;
}
