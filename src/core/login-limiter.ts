// Login rate limiting: failed attempts counted per email and per source address in a sliding window.
export interface LimiterOptions {
  /** Failures allowed per email inside the window. */
  perEmail: number;
  /** Failures allowed per source address inside the window (one address guessing many emails). */
  perSource: number;
  windowMs: number;
}

export const DEFAULT_LIMITS: LimiterOptions = { perEmail: 5, perSource: 20, windowMs: 15 * 60 * 1000 };

export class LoginLimiter {
  readonly #failures = new Map<string, number[]>();

  constructor(private readonly options: LimiterOptions = DEFAULT_LIMITS) {}

  /** Milliseconds until the next attempt is allowed, or 0 when it is allowed now. */
  retryAfter(email: string, source: string, at = Date.now()): number {
    const wait = (key: string, limit: number) => {
      const times = this.#recent(key, at);
      return times.length < limit ? 0 : (times[times.length - limit] as number) + this.options.windowMs - at;
    };
    return Math.max(wait(`e:${email}`, this.options.perEmail), wait(`s:${source}`, this.options.perSource));
  }

  fail(email: string, source: string, at = Date.now()): void {
    for (const key of [`e:${email}`, `s:${source}`]) this.#failures.set(key, [...this.#recent(key, at), at]);
    if (this.#failures.size > 10_000) this.#sweep(at);
  }

  /** A successful login clears the email's failures (not the source's: it may be guessing other emails). */
  succeed(email: string): void {
    this.#failures.delete(`e:${email}`);
  }

  #recent(key: string, at: number): number[] {
    return (this.#failures.get(key) ?? []).filter((t) => t > at - this.options.windowMs);
  }

  #sweep(at: number): void {
    for (const key of this.#failures.keys()) {
      const recent = this.#recent(key, at);
      if (recent.length === 0) this.#failures.delete(key);
      else this.#failures.set(key, recent);
    }
  }
}
