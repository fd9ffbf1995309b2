import { DAY_MS } from '../clock';

/** Data kinds a merchant may keep for a shorter time, as named in the admin API. */
export const RETENTION_FIELDS = ['bccMessagesDays', 'invitationsDays', 'dataExportsDays'] as const;
export type RetentionField = (typeof RETENTION_FIELDS)[number];
export type RetentionPeriods = Record<RetentionField, number>;

/**
 * Default retention in days: BCC messages 30 days after they were received, invitations 3 years
 * (3 × 365 days) after they were created, data-request exports 30 days after they were requested.
 * A merchant may choose shorter periods, never longer ones.
 */
export const DEFAULT_RETENTION_DAYS: Readonly<RetentionPeriods> = Object.freeze({
  bccMessagesDays: 30,
  invitationsDays: 3 * 365,
  dataExportsDays: 30,
});

/**
 * Webhook-delivery records only let a repeated delivery be recognised. Shopify retries a failed
 * delivery 8 times over 4 hours (shopify.dev changelog, September 2024), so 30 days is far more
 * than deduplication needs and leaves time to investigate a delivery problem.
 */
export const WEBHOOK_DELIVERY_RETENTION_DAYS = 30;

/** Returns the periods that apply to a shop: its choices, with the default where it chose none or a longer one. */
export function effectivePeriods(chosen: Partial<Record<RetentionField, number | null>> | null | undefined) {
  const periods = { ...DEFAULT_RETENTION_DAYS };
  for (const field of RETENTION_FIELDS) {
    const days = chosen?.[field];
    if (typeof days === 'number' && days >= 1 && days < periods[field]) periods[field] = days;
  }
  return periods;
}

/** Returns the time at or before which a record kept for `days` days is expired at `now`. */
export function cutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}
