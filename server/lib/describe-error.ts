const emailPattern = /[^\s"'<>@]+@[^\s"'<>@]+\.[^\s"'<>@]+/g;

/**
 * Describes an error for logs and stored history without personal data: a MongoDB duplicate-key
 * message, for one, quotes the value it found, which may be an email address.
 */
export function describeError(error: Error): string {
  const code = (error as { code?: unknown }).code;
  const message = error.message.replace(emailPattern, '[email]').slice(0, 300);
  return `${error.name}${code !== undefined ? ` (code ${String(code)})` : ''}: ${message}`;
}
