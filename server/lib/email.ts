/** Lower-cases and trims an email address, the form every email lookup compares against. */
export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}
