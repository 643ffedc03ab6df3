/**
 * Reports per host are bounded by a token bucket: `burst` at once, then one per `intervalMs`.
 * A host's whole install says five or six things; a host that says more (a reboot loop, a
 * script gone wrong) is answered 429 with the seconds until it may report again.
 */
export interface RateLimit {
  burst: number;
  intervalMs: number;
}

export const DEFAULT_REPORT_RATE: RateLimit = { burst: 20, intervalMs: 3000 };

export class HostRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limit: RateLimit = DEFAULT_REPORT_RATE) {}

  /** 0 when the host may report now (and one token is taken), else the seconds to wait. */
  take(host: string, nowMs: number): number {
    const { burst, intervalMs } = this.limit;
    const bucket = this.buckets.get(host) ?? { tokens: burst, at: nowMs };
    const refilled = Math.min(burst, bucket.tokens + Math.max(0, nowMs - bucket.at) / intervalMs);
    if (refilled >= 1) {
      this.buckets.set(host, { tokens: refilled - 1, at: nowMs });
      return 0;
    }
    this.buckets.set(host, { tokens: refilled, at: nowMs });
    return Math.max(1, Math.ceil(((1 - refilled) * intervalMs) / 1000));
  }
}
