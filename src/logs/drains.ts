// Drain delivery: each drain has a bounded queue fed by the log bus and one sender loop that delivers batches,
// retrying with backoff. A full queue drops new lines, never blocks: drops are counted and said in the stream,
// so for every drain offered = delivered + dropped + pending, exactly.
import type { Logger } from "pino";
import type { Core, DrainMonitor, DrainStatus, DrainTarget } from "../core/index.js";
import type { EgressGuard } from "../net/egress.js";
import type { LogBus } from "./bus.js";
import { createDrainSender, type DrainLine, type DrainSender } from "./drain-senders.js";
import type { HistoryLine } from "./history.js";

export interface DrainDeliveryOptions {
  core: Core;
  bus: LogBus;
  guard: EgressGuard;
  /** Lines a drain may have waiting before new ones are dropped. */
  bufferLines: number;
  log: Logger;
  /** Per request (HTTP) or per batch write (syslog). */
  timeoutMs?: number;
}

const BATCH_LINES = 2000;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_CAP_MS = 30_000;
const MARKER_DELAY_MS = 1000;
const SAVE_EVERY_MS = 5000;
const MARKER_PROCESS = "logs";

class DrainWorker {
  #queue: DrainLine[] = [];
  #head = 0;
  #state: DrainStatus["state"] = "idle";
  #delivered: number;
  #dropped: number;
  #lastError: string | null;
  #lastErrorAt: string | null;
  #lastDeliveredAt: string | null;
  #unreported = 0;
  #markerTimer: NodeJS.Timeout | undefined;
  #wake: (() => void) | undefined;
  #stopped = false;
  dirty = false;

  constructor(
    readonly target: DrainTarget,
    private readonly sender: DrainSender,
    private readonly options: DrainDeliveryOptions,
  ) {
    this.#delivered = target.progress.delivered;
    this.#dropped = target.progress.dropped;
    this.#lastError = target.progress.last_error;
    this.#lastErrorAt = target.progress.last_error_at;
    this.#lastDeliveredAt = target.progress.last_delivered_at;
    void this.#loop();
  }

  get pending(): number {
    return this.#queue.length - this.#head;
  }

  offer(line: HistoryLine): void {
    if (this.#stopped) return;
    if (this.pending >= this.options.bufferLines) {
      this.#dropped += 1;
      this.dirty = true;
      this.options.bus.dropped(this.target.appId, line.app, `drain:${this.target.id}`, 1);
      // This drain's own marker lines count as dropped too, but do not call for another marker.
      const ownMarker =
        line.source === "platform" && line.process === MARKER_PROCESS && line.text.includes(this.target.id);
      if (!ownMarker) {
        this.#unreported += 1;
        this.#markerTimer ??= setTimeout(() => this.#report(line.app), MARKER_DELAY_MS);
      }
      return;
    }
    this.#queue.push({
      seq: line.seq,
      time: line.time,
      app: line.app,
      source: line.source,
      process: line.process,
      text: line.text,
    });
    this.#wake?.();
  }

  status(): DrainStatus {
    return {
      state: this.#state,
      pending: this.pending,
      delivered: this.#delivered,
      dropped: this.#dropped,
      lastError: this.#lastError,
      lastErrorAt: this.#lastErrorAt,
      lastDeliveredAt: this.#lastDeliveredAt,
    };
  }

  progress(): DrainTarget["progress"] {
    this.dirty = false;
    return {
      delivered: this.#delivered,
      dropped: this.#dropped,
      last_error: this.#lastError,
      last_error_at: this.#lastErrorAt,
      last_delivered_at: this.#lastDeliveredAt,
    };
  }

  /** Stops delivering; lines still waiting are counted as dropped (shutdown) or discarded (drain removed). */
  stop(countPending: boolean): void {
    this.#stopped = true;
    clearTimeout(this.#markerTimer);
    if (countPending) this.#dropped += this.pending;
    this.dirty = true;
    this.#queue = [];
    this.#head = 0;
    this.#wake?.();
    this.sender.close();
  }

  #report(app: string): void {
    this.#markerTimer = undefined;
    const count = this.#unreported;
    this.#unreported = 0;
    if (count > 0 && !this.#stopped) {
      this.options.bus.marker(this.target.appId, app, `drain ${this.target.id} fell behind`, count);
    }
  }

  async #loop(): Promise<void> {
    let backoff = BACKOFF_FIRST_MS;
    while (!this.#stopped) {
      if (this.pending === 0) {
        this.#state = "idle";
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
        continue;
      }
      const batch = this.#queue.slice(this.#head, this.#head + BATCH_LINES);
      try {
        await this.sender.send(batch);
        if (this.#stopped) return;
        this.#head += batch.length;
        if (this.#head > 50_000 || this.#head === this.#queue.length) {
          this.#queue = this.#queue.slice(this.#head);
          this.#head = 0;
        }
        this.#delivered += batch.length;
        this.#lastDeliveredAt = new Date().toISOString();
        this.#state = "delivering";
        this.dirty = true;
        backoff = BACKOFF_FIRST_MS;
      } catch (err) {
        if (this.#stopped) return;
        this.#state = "retrying";
        this.#lastError = err instanceof Error ? err.message : String(err);
        this.#lastErrorAt = new Date().toISOString();
        this.dirty = true;
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(BACKOFF_CAP_MS, backoff * 2);
      }
    }
  }
}

export class DrainDelivery implements DrainMonitor {
  readonly #workers = new Map<string, DrainWorker>();
  readonly #byApp = new Map<string, Set<DrainWorker>>();
  readonly #options: DrainDeliveryOptions;
  readonly #unsubscribe: (() => void)[] = [];
  #saver: NodeJS.Timeout | undefined;

  constructor(options: DrainDeliveryOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    const { core, bus } = this.#options;
    for (const target of await core.drains.targets()) this.#startWorker(target);
    this.#unsubscribe.push(
      bus.subscribe((line) => {
        for (const worker of this.#byApp.get(line.appId) ?? []) worker.offer(line);
      }),
      core.events.on("drains.changed", ({ app }) => void this.#reload(app.id)),
      core.events.on("app.destroyed", ({ app }) => {
        for (const worker of this.#byApp.get(app.id) ?? []) this.#stopWorker(worker, false);
      }),
    );
    this.#saver = setInterval(() => void this.#save(), SAVE_EVERY_MS);
  }

  status(id: string): DrainStatus | undefined {
    return this.#workers.get(id)?.status();
  }

  async close(): Promise<void> {
    clearInterval(this.#saver);
    for (const off of this.#unsubscribe) off();
    for (const worker of this.#workers.values()) worker.stop(true);
    await this.#save();
    this.#workers.clear();
    this.#byApp.clear();
  }

  async #reload(appId: string): Promise<void> {
    try {
      const targets = await this.#options.core.drains.targets(appId);
      const ids = new Set(targets.map((t) => t.id));
      for (const worker of this.#byApp.get(appId) ?? [])
        if (!ids.has(worker.target.id)) this.#stopWorker(worker, false);
      for (const target of targets) if (!this.#workers.has(target.id)) this.#startWorker(target);
    } catch (err) {
      this.#options.log.error({ err, appId }, "could not reload the app's log drains");
    }
  }

  #startWorker(target: DrainTarget): void {
    let sender: DrainSender;
    try {
      sender = createDrainSender(new URL(target.url), this.#options.guard, {
        timeoutMs: this.#options.timeoutMs ?? 10_000,
      });
    } catch (err) {
      this.#options.log.error({ err, drain: target.id }, "cannot deliver to this log drain");
      return;
    }
    const worker = new DrainWorker(target, sender, this.#options);
    this.#workers.set(target.id, worker);
    let set = this.#byApp.get(target.appId);
    if (!set) {
      set = new Set();
      this.#byApp.set(target.appId, set);
    }
    set.add(worker);
  }

  #stopWorker(worker: DrainWorker, countPending: boolean): void {
    worker.stop(countPending);
    this.#workers.delete(worker.target.id);
    this.#byApp.get(worker.target.appId)?.delete(worker);
  }

  async #save(): Promise<void> {
    for (const worker of this.#workers.values()) {
      if (!worker.dirty) continue;
      await this.#options.core.drains
        .saveProgress(worker.target.id, worker.progress())
        .catch((err: unknown) => this.#options.log.warn({ err }, "could not save a drain's counters"));
    }
  }
}
