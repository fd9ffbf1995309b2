import type { ClientRateLimitInfo, IncrementResponse, Store } from 'express-rate-limit';

import type { Clock } from '../clock';
import type { Models } from '../db/models';
import { isDuplicateKeyError } from '../privacy/deletion-service';

/**
 * An express-rate-limit store that counts requests in MongoDB, in fixed windows of windowMs, so
 * every web process shares one count per key. Time comes from the injected clock.
 *
 * Each window has `limit` numbered slots. A request counts the taken slots and inserts the next
 * one. When a concurrent request took that slot first (duplicate key), it counts again and tries
 * the next free one. So no more than `limit` requests pass per window, whatever the concurrency,
 * and a request over the limit stores nothing. MongoDB has no TTL index here (FerretDB lacks them): the request
 * that takes slot 1 deletes the key's slots of older windows.
 */
export class MongoRateLimitStore implements Store {
  readonly localKeys = false;

  constructor(
    private readonly models: Models,
    private readonly clock: Clock,
    private readonly options: { windowMs: number; limit: number },
  ) {}

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const windowStart = this.currentWindowStart();
    const totalHits = await this.models.RateLimitSlot.countDocuments({ key, windowStart });
    return totalHits > 0 ? { totalHits, resetTime: this.resetTime(windowStart) } : undefined;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const windowStart = this.currentWindowStart();
    const resetTime = this.resetTime(windowStart);
    const { limit } = this.options;

    let slot = (await this.models.RateLimitSlot.countDocuments({ key, windowStart })) + 1;
    // Each failed insert means another request took a slot, so this loop ends within `limit` passes.
    while (slot <= limit) {
      try {
        await this.models.RateLimitSlot.create({ key, windowStart, slot });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const taken = await this.models.RateLimitSlot.countDocuments({ key, windowStart });
        slot = Math.max(slot + 1, taken + 1);
        continue;
      }

      if (slot === 1) await this.models.RateLimitSlot.deleteMany({ key, windowStart: { $lt: windowStart } });
      return { totalHits: slot, resetTime };
    }
    return { totalHits: limit + 1, resetTime };
  }

  async decrement(key: string): Promise<void> {
    const windowStart = this.currentWindowStart();
    const last = await this.models.RateLimitSlot.findOne({ key, windowStart }).sort({ slot: -1 }).lean();
    if (last) await this.models.RateLimitSlot.deleteOne({ _id: last._id });
  }

  async resetKey(key: string): Promise<void> {
    await this.models.RateLimitSlot.deleteMany({ key });
  }

  private currentWindowStart(): Date {
    const now = this.clock.now().getTime();
    return new Date(now - (now % this.options.windowMs));
  }

  private resetTime(windowStart: Date): Date {
    return new Date(windowStart.getTime() + this.options.windowMs);
  }
}
