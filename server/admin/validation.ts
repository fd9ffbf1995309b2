import { isValidObjectId } from 'mongoose';
import type { z } from 'zod';

import { NotFoundError, ValidationError } from '../errors';

/**
 * Parses untrusted input with a zod schema. The first problem becomes a 400 whose `field` names
 * the input at fault, so the page can put the message next to that field.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;

  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : undefined;
  throw new ValidationError(field ? `${field}: ${issue.message}` : issue.message, field);
}

/** Rejects a path id that cannot be an ObjectId with the same 404 as an unknown id. */
export function requireObjectId(id: unknown, what: string): string {
  if (typeof id !== 'string' || !isValidObjectId(id) || !/^[0-9a-f]{24}$/i.test(id)) {
    throw new NotFoundError(`No ${what} with this id exists for this shop.`);
  }
  return id;
}
