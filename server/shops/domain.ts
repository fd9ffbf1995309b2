const shopDomainPattern = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/**
 * Returns the canonical (lower-case) shop domain, or undefined when the value is not a
 * `*.myshopify.com` shop name. Custom storefront domains are deliberately not accepted: data is
 * keyed by the myshopify domain only.
 */
export function normalizeShopDomain(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const domain = value.trim().toLowerCase();
  return shopDomainPattern.test(domain) ? domain : undefined;
}
