import { z } from 'zod';

/** Lower-cases and trims an email address, the form every email lookup compares against. */
export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

/**
 * A plausible address: one @, no whitespace, a dot in the domain. Letters outside ASCII are
 * allowed (søren@eksempel.dk), because the app stores such addresses from orders, so every way of
 * deleting data by address must accept them too. The mail server judges deliverability.
 */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
export const MAX_EMAIL_LENGTH = 254;

export function isPlausibleEmail(value: string): boolean {
  return value.length <= MAX_EMAIL_LENGTH && EMAIL_PATTERN.test(value);
}

/** Returns a zod schema for an address in input. `message` tells the client what to send instead. */
export function emailAddressSchema(message: string) {
  return z.string({ error: message }).max(MAX_EMAIL_LENGTH, message).regex(EMAIL_PATTERN, message);
}
