import type { z } from 'zod';

import { ValidationError } from '../errors';

/** Source of the input, reported as the field when the whole input is invalid. */
export type InputLocation = 'body' | 'query';

/**
 * Parses request input with a strict zod object schema and returns the typed value. The first
 * problem becomes a ValidationError (400) whose field is the path of the bad value, such as
 * `customerEmails[3]`. Schema messages may contain `{field}`, which is replaced by that path.
 */
export function parseInput<Schema extends z.ZodObject>(
  schema: Schema,
  input: unknown,
  location: InputLocation,
): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;

  const issue = result.error.issues[0]!;
  const allowed = Object.keys(schema.shape).join(', ');

  if (issue.code === 'unrecognized_keys') {
    const field = formatPath([...issue.path, issue.keys[0]!]);
    throw new ValidationError(`Unknown field "${field}". Send only these fields: ${allowed}.`, field);
  }
  if (issue.path.length === 0) {
    const message =
      location === 'body'
        ? 'The request body must be a JSON object sent with Content-Type: application/json.'
        : 'The query string is invalid.';
    throw new ValidationError(message, location);
  }

  const field = formatPath(issue.path);
  throw new ValidationError(issue.message.replaceAll('{field}', field), field);
}

/** Formats a zod path the way JavaScript writes it: `items[2].name`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      return index === 0 ? String(part) : `.${String(part)}`;
    })
    .join('');
}
