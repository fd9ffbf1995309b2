import { randomBytes } from 'node:crypto';

/** Every key starts with this, so a leaked key is easy to recognise in logs or code. */
export const API_KEY_MARKER = 'rik_';

/** Characters of the key shown on the app page after creation: the marker and 8 random characters. */
export const API_KEY_PREFIX_LENGTH = API_KEY_MARKER.length + 8;

const API_KEY_PATTERN = /^rik_[A-Za-z0-9_-]{43}$/;

/** Generates a new API key: the marker and 32 random bytes in base64url (256 bits of entropy). */
export function generateApiKey(): string {
  return `${API_KEY_MARKER}${randomBytes(32).toString('base64url')}`;
}

/** Tells whether a string has the form of a key this app issues, before any database lookup. */
export function looksLikeApiKey(value: string): boolean {
  return API_KEY_PATTERN.test(value);
}
