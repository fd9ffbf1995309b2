import { ipKeyGenerator } from 'express-rate-limit';

import { MongoRateLimitStore } from '../api/rate-limit-store';
import type { Clock } from '../clock';
import type { Models } from '../db/models';

export interface ReviewRateLimits {
  /** Form posts allowed per link in each window. */
  perToken: number;
  /** Form posts allowed per client address (IPv6: per /56 network) in each window. */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_REVIEW_RATE_LIMITS: ReviewRateLimits = { perToken: 10, perAddress: 30, windowMs: 10 * 60_000 };

/** Key prefix of the review form's slots in the collection shared with the REST API's limit. */
const KEY_PREFIX = 'review-';

/**
 * Limits review form posts per client address and per link, counted in MongoDB (the REST API's
 * slot store), so every web process shares one count and no number of other keys can push a
 * key's count out. Windows are fixed (aligned to the clock), as in the API's limit.
 */
export class ReviewRateLimiter {
  private readonly byAddress: MongoRateLimitStore;
  private readonly byToken: MongoRateLimitStore;

  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
    private readonly limits: ReviewRateLimits,
  ) {
    this.byAddress = new MongoRateLimitStore(models, clock, { windowMs: limits.windowMs, limit: limits.perAddress });
    this.byToken = new MongoRateLimitStore(models, clock, { windowMs: limits.windowMs, limit: limits.perToken });
  }

  /**
   * Counts one post from `address`, and for the link with `tokenHash` when the link is known (an
   * unknown link gets 410 anyway, so it needs no count of its own). The address is counted first,
   * so an address over its limit adds nothing to the link's count. Returns the seconds to wait
   * when a limit is reached, undefined when the post may go on.
   */
  async take(address: string, tokenHash: string | undefined): Promise<number | undefined> {
    const byAddress = await this.count(this.byAddress, `${KEY_PREFIX}address:${ipKeyGenerator(address)}`);
    if (byAddress.totalHits > this.limits.perAddress) return this.secondsUntil(byAddress.resetTime);
    if (tokenHash === undefined) return undefined;
    const byToken = await this.count(this.byToken, `${KEY_PREFIX}link:${tokenHash}`);
    if (byToken.totalHits > this.limits.perToken) return this.secondsUntil(byToken.resetTime);
    return undefined;
  }

  private async count(store: MongoRateLimitStore, key: string): Promise<{ totalHits: number; resetTime: Date }> {
    const { totalHits, resetTime: storeReset } = await store.increment(key);
    const resetTime = storeReset ?? new Date(this.clock.now().getTime() + this.limits.windowMs);
    const result = { totalHits, resetTime };
    // The store deletes old windows of the key that starts a new one. Addresses and links that
    // never come back would stay forever, so the first post of a window also deletes every review
    // slot of earlier windows: only the current window is ever counted.
    if (result.totalHits === 1) {
      await this.models.RateLimitSlot.deleteMany({
        key: { $regex: `^${KEY_PREFIX}` },
        windowStart: { $lt: new Date(result.resetTime.getTime() - this.limits.windowMs) },
      });
    }
    return result;
  }

  private secondsUntil(resetTime: Date): number {
    return Math.max(1, Math.ceil((resetTime.getTime() - this.clock.now().getTime()) / 1000));
  }
}
