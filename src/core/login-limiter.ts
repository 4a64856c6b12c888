// Login rate limiting: attempts counted per email and per source address in a sliding window, counted before
// the password is checked (so parallel guesses cannot all slip past the check), with a cap on checks in flight.
export interface LimiterOptions {
  /** Failures allowed per email inside the window. */
  perEmail: number;
  /** Failures allowed per source address inside the window (one address guessing many emails). */
  perSource: number;
  windowMs: number;
  /** Password checks (scrypt, 32 MiB each) running at once: per email, per source, in all. */
  inFlight: { perEmail: number; perSource: number; total: number };
}

export const DEFAULT_LIMITS: LimiterOptions = {
  perEmail: 5,
  perSource: 20,
  windowMs: 15 * 60 * 1000,
  inFlight: { perEmail: 2, perSource: 4, total: 16 },
};

export interface Attempt {
  readonly email: string;
  readonly source: string;
  readonly at: number;
}

export class LoginLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #running = new Map<string, number>();
  #total = 0;

  constructor(private readonly options: LimiterOptions = DEFAULT_LIMITS) {}

  /** Milliseconds until the next attempt is allowed, or 0 when it is allowed now. */
  retryAfter(email: string, source: string, at = Date.now()): number {
    const wait = (key: string, limit: number) => {
      const times = this.#recent(key, at);
      return times.length < limit ? 0 : (times[times.length - limit] as number) + this.options.windowMs - at;
    };
    const busy =
      this.#total >= this.options.inFlight.total ||
      (this.#running.get(`e:${email}`) ?? 0) >= this.options.inFlight.perEmail ||
      (this.#running.get(`s:${source}`) ?? 0) >= this.options.inFlight.perSource;
    return Math.max(
      busy ? 1000 : 0,
      wait(`e:${email}`, this.options.perEmail),
      wait(`s:${source}`, this.options.perSource),
    );
  }

  /** Counts the attempt as a failure until `end` says it succeeded; undefined when it must wait instead. */
  begin(email: string, source: string, at = Date.now()): Attempt | undefined {
    if (this.retryAfter(email, source, at) > 0) return undefined;
    for (const key of [`e:${email}`, `s:${source}`]) {
      this.#failures.set(key, [...this.#recent(key, at), at]);
      this.#running.set(key, (this.#running.get(key) ?? 0) + 1);
    }
    this.#total++;
    if (this.#failures.size > 10_000) this.#sweep(at);
    return { email, source, at };
  }

  /** A success takes the attempt back and clears the email's failures (not the source's: it may guess others). */
  end(attempt: Attempt, succeeded: boolean): void {
    this.#total--;
    for (const key of [`e:${attempt.email}`, `s:${attempt.source}`]) {
      const left = (this.#running.get(key) ?? 1) - 1;
      if (left > 0) this.#running.set(key, left);
      else this.#running.delete(key);
    }
    if (!succeeded) return;
    this.#failures.delete(`e:${attempt.email}`);
    const source = this.#failures.get(`s:${attempt.source}`) ?? [];
    const i = source.indexOf(attempt.at);
    if (i >= 0) source.splice(i, 1);
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
