// One webhook attempt: a JSON POST through the egress-guarded agent, timed, never following redirects.
import type { EgressGuard } from "../net/egress.js";
import { guardedAgent, type GuardedAgent } from "../net/guarded-agent.js";
import { FifteenError } from "../shared/errors.js";

export interface AttemptResult {
  /** The receiver's HTTP status; null when no answer came. */
  statusCode: number | null;
  /** Why the attempt did not get a 2xx answer; null when it did. */
  error: string | null;
  durationMs: number;
}

/** Percent-decodes URL credentials; a stray `%` is kept as written. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export class WebhookSender {
  readonly #agent: GuardedAgent;
  readonly #timeoutMs: number;
  #closed = false;

  constructor(guard: EgressGuard, options: { timeoutMs: number }) {
    this.#timeoutMs = options.timeoutMs;
    this.#agent = guardedAgent(guard, { timeoutMs: options.timeoutMs });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** POSTs `body`; resolves with the outcome, never rejects. */
  async post(url: URL, headers: Record<string, string>, body: string): Promise<AttemptResult> {
    const started = performance.now();
    const signal = AbortSignal.timeout(this.#timeoutMs);
    const all: Record<string, string> = { ...headers };
    const secrets = [url.username, url.password, decoded(url.username), decoded(url.password)].filter(
      (s) => s !== "",
    );
    if (url.username !== "" || url.password !== "") {
      const basic = Buffer.from(`${decoded(url.username)}:${decoded(url.password)}`).toString("base64");
      all.authorization = `Basic ${basic}`;
    }
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await this.#agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: "POST",
        headers: all,
        body,
        signal,
      });
      await response.body.dump();
      const statusCode = response.statusCode;
      const ok = statusCode >= 200 && statusCode <= 299;
      return { statusCode, error: ok ? null : `HTTP ${statusCode}`, durationMs: elapsed() };
    } catch (err) {
      let message: string;
      if (err instanceof FifteenError) message = `${err.code}: ${err.message}`;
      else if (signal.aborted) message = `timeout after ${this.#timeoutMs} ms`;
      else message = err instanceof Error ? err.message : String(err);
      for (const secret of secrets) message = message.split(secret).join("***");
      return { statusCode: null, error: message, durationMs: elapsed() };
    }
  }

  /** Aborts attempts in flight (shutdown). */
  close(): void {
    this.#closed = true;
    this.#agent.destroy().catch(() => undefined);
  }
}
