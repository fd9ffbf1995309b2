import type { Clock } from '../clock';

/**
 * Counts attempts per key in fixed windows. In memory, so each web process counts on its own:
 * with N processes a key gets up to N times the limit, which still stops a form being hammered.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly limit: number,
    private readonly windowMs: number,
    /** Keys kept before expired windows are swept, so memory stays bounded. */
    private readonly maxKeys = 10_000,
  ) {}

  /** Records one attempt; false when the key is over its limit in the current window. */
  take(key: string): boolean {
    const now = this.clock.now().getTime();
    const current = this.windows.get(key);
    if (!current || now - current.startedAt >= this.windowMs) {
      if (this.windows.size >= this.maxKeys) this.sweep(now);
      this.windows.set(key, { startedAt: now, count: 1 });
      return true;
    }
    current.count += 1;
    return current.count <= this.limit;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (now - window.startedAt >= this.windowMs) this.windows.delete(key);
    // Everyone is inside a window: drop the oldest entries rather than grow without end.
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}
