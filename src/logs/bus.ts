// The log bus: every tagged line goes to its app's durable history, to live followers and to subscribers
// (drains, metrics), never blocking writers. Whatever is dropped anywhere is counted and said in the stream.
import type { EventBus, LogFilter, LogLine, LogQuery, LogReader, LogSource } from "../core/index.js";
import type { HistoryLine, LogHistory } from "./history.js";

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

export type LogSubscriber = (line: HistoryLine) => void;

export interface LogBusOptions {
  /** Called when lines are dropped, with where: "history", "follower" or "drain:ID". */
  dropped?(appId: string, app: string, where: string, count: number): void;
}

/** How many lines a follower may have waiting before new ones are dropped (and counted). */
const FOLLOWER_QUEUE = 10_000;

function matches(line: LogLine, filter: LogFilter): boolean {
  return (
    (!filter.source || line.source === filter.source) &&
    (!filter.process || line.process === filter.process) &&
    (!filter.grep || line.text.includes(filter.grep))
  );
}

export class LogBus implements LogReader {
  readonly #history: LogHistory;
  readonly #followers = new Map<string, Set<Follower>>();
  readonly #subscribers = new Set<LogSubscriber>();
  readonly #forgotten = new Set<string>();
  readonly #options: LogBusOptions;
  #seq: number;
  #timeAt = 0;
  #time = "";

  constructor(history: LogHistory, options: LogBusOptions = {}) {
    this.#history = history;
    this.#options = options;
    this.#seq = history.lastSeq;
    history.onDropped((appId, app, count) => {
      this.dropped(appId, app, "history", count);
      this.marker(appId, app, "the log history could not keep up", count);
    });
  }

  /** Forgets each app as it is destroyed (`app.destroyed`); returns the unsubscribe function. */
  watch(events: Pick<EventBus, "on">): () => void {
    return events.on("app.destroyed", ({ app }) => this.forget(app.id));
  }

  publish(input: LogInput): void {
    if (this.#forgotten.has(input.appId)) return;
    const at = Date.now();
    // A busy stream publishes many lines in one millisecond: their time is formatted once.
    if (at !== this.#timeAt) {
      this.#timeAt = at;
      this.#time = new Date(at).toISOString();
    }
    const line: HistoryLine = {
      seq: ++this.#seq,
      time: this.#time,
      at,
      app: input.app,
      appId: input.appId,
      source: input.source,
      process: input.process,
      text: input.text,
    };
    this.#history.append(line);
    for (const subscriber of this.#subscribers) subscriber(line);
    for (const follower of this.#followers.get(input.appId) ?? []) {
      if (!matches(line, follower.filter)) continue;
      if (follower.queue.length >= FOLLOWER_QUEUE) {
        follower.dropped += 1;
        this.#options.dropped?.(input.appId, input.app, "follower", 1);
      } else follower.queue.push(line);
      follower.wake?.();
    }
  }

  /** Counts lines dropped somewhere (`history`, `drain:ID`), for the metrics. */
  dropped(appId: string, app: string, where: string, count: number): void {
    this.#options.dropped?.(appId, app, where, count);
  }

  /** Says in the app's stream (history, followers, drains) that lines were lost, why and how many. */
  marker(appId: string, app: string, why: string, count: number): void {
    this.publish({
      appId,
      app,
      source: "platform",
      process: "logs",
      text: `${count} log lines dropped (${why})`,
    });
  }

  /** Every line published from now on, for drains and metrics; returns the unsubscribe function. */
  subscribe(subscriber: LogSubscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  recent(app: { id: string; name: string }, query: LogQuery): LogLine[] {
    return this.#history.query(app.id, app.name, query);
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
              text: `${dropped} log lines dropped (this reader fell behind)`,
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
    this.#history.forget(appId);
  }
}
