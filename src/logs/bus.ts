// The log bus: every tagged line goes to its app's bounded history and to live followers, never blocking writers.
import type { LogFilter, LogLine, LogReader, LogSource } from "../core/index.js";

export interface LogInput {
  app: string;
  appId: string;
  source: LogSource;
  process: string;
  text: string;
}

interface Follower {
  filter: LogFilter;
  queue: LogLine[];
  dropped: number;
  wake: (() => void) | undefined;
}

/** How many lines a follower may have waiting before new ones are dropped (and counted). */
const FOLLOWER_QUEUE = 10_000;

function matches(line: LogLine, filter: LogFilter): boolean {
  return (
    (!filter.source || line.source === filter.source) && (!filter.process || line.process === filter.process)
  );
}

export class LogBus implements LogReader {
  readonly #history = new Map<string, LogLine[]>();
  readonly #followers = new Map<string, Set<Follower>>();
  readonly #limit: number;
  readonly #forgotten = new Set<string>();
  #seq = 0;

  constructor(historyLines: number) {
    this.#limit = historyLines;
  }

  publish(input: LogInput): void {
    if (this.#forgotten.has(input.appId)) return;
    const line: LogLine = {
      seq: ++this.#seq,
      time: new Date().toISOString(),
      app: input.app,
      source: input.source,
      process: input.process,
      text: input.text,
    };
    let history = this.#history.get(input.appId);
    if (!history) {
      history = [];
      this.#history.set(input.appId, history);
    }
    history.push(line);
    // Trim in batches so the buffer is not shifted on every line.
    if (history.length > this.#limit * 1.25) history.splice(0, history.length - this.#limit);
    for (const follower of this.#followers.get(input.appId) ?? []) {
      if (!matches(line, follower.filter)) continue;
      if (follower.queue.length >= FOLLOWER_QUEUE) follower.dropped += 1;
      else follower.queue.push(line);
      follower.wake?.();
    }
  }

  recent(appId: string, filter: LogFilter, lines: number): LogLine[] {
    const history = (this.#history.get(appId) ?? []).filter((l) => matches(l, filter));
    return history.slice(Math.max(0, history.length - Math.min(lines, this.#limit)));
  }

  /** Registers the follower at once (so no line published after this call is missed), then yields lines. */
  follow(appId: string, filter: LogFilter, signal: AbortSignal): AsyncIterable<LogLine> {
    const follower: Follower = { filter, queue: [], dropped: 0, wake: undefined };
    let followers = this.#followers.get(appId);
    if (!followers) {
      followers = new Set();
      this.#followers.set(appId, followers);
    }
    const registered = followers;
    registered.add(follower);
    // Unregister on abort too: a consumer that never starts iterating (client gone mid-history) must not leak.
    const onAbort = () => {
      registered.delete(follower);
      follower.wake?.();
    };
    if (signal.aborted) registered.delete(follower);
    signal.addEventListener("abort", onAbort);
    const seq = () => this.#seq;
    return (async function* () {
      try {
        while (!signal.aborted) {
          if (follower.dropped > 0) {
            const dropped = follower.dropped;
            follower.dropped = 0;
            yield {
              seq: seq(),
              time: new Date().toISOString(),
              app: follower.queue[0]?.app ?? "",
              source: "platform" as const,
              process: "logs",
              text: `${dropped} lines dropped: this reader fell behind`,
            };
          }
          const next = follower.queue.shift();
          if (next) {
            yield next;
            continue;
          }
          await new Promise<void>((resolve) => (follower.wake = resolve));
          follower.wake = undefined;
        }
      } finally {
        signal.removeEventListener("abort", onAbort);
        registered.delete(follower);
      }
    })();
  }

  /** Drops a destroyed app's history; its last lines (processes stopping) are not kept either. */
  forget(appId: string): void {
    this.#forgotten.add(appId);
    this.#history.delete(appId);
  }
}
