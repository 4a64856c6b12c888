// The platform's Prometheus metrics: router traffic (from every router worker, aggregated here), app processes,
// deploys and builds, log lines and drops, and the platform's own Node process.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Usage } from "./proc.js";

/** What the router reports for every request it answered. */
export interface RequestSample {
  app: string;
  type: string;
  status: number;
  durationMs: number;
  bytesIn: number;
  bytesOut: number;
}

/** A process's open WebSockets through the router, as the data plane reports them. */
export interface WebSocketSample {
  app: string;
  process: string;
  open: number;
}

/** A running app process, as the runtime reports it. */
export interface ProcessSample {
  id: string;
  app: string;
  name: string;
  type: string;
  restarts: number;
  /** The running process's pid: a new pid is a new process, whose CPU time starts from zero. */
  pid?: number | null;
}

export class PlatformMetrics {
  readonly registry = new Registry();
  readonly #requests = new Counter({
    name: "fifteen_router_requests_total",
    help: "Requests answered by the router, by app, process type (router when the router answered itself) and status class",
    labelNames: ["app", "type", "status_class"] as const,
    registers: [this.registry],
  });
  readonly #duration = new Histogram({
    name: "fifteen_router_request_duration_seconds",
    help: "Time from the request reaching the router to the end of the response",
    labelNames: ["app"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly #bytesIn = new Counter({
    name: "fifteen_router_request_bytes_total",
    help: "Request body bytes received by the router",
    labelNames: ["app"] as const,
    registers: [this.registry],
  });
  readonly #bytesOut = new Counter({
    name: "fifteen_router_response_bytes_total",
    help: "Response body bytes sent by the router",
    labelNames: ["app"] as const,
    registers: [this.registry],
  });
  readonly #websockets = new Gauge({
    name: "fifteen_router_websockets_open",
    help: "WebSockets open through the router, by app and process",
    labelNames: ["app", "process"] as const,
    registers: [this.registry],
  });
  /** The WebSocket series set by the last report, by app and process name. */
  #websocketSeries = new Map<string, { app: string; process: string }>();
  readonly #cpu = new Counter({
    name: "fifteen_app_process_cpu_seconds_total",
    help: "CPU time of an app process and its children (sampled every 10 s)",
    labelNames: ["app", "process"] as const,
    registers: [this.registry],
  });
  readonly #rss = new Gauge({
    name: "fifteen_app_process_resident_memory_bytes",
    help: "Resident memory of an app process and its children (sampled every 10 s)",
    labelNames: ["app", "process"] as const,
    registers: [this.registry],
  });
  readonly #restarts = new Counter({
    name: "fifteen_app_process_restarts_total",
    help: "Restarts of app processes after a crash",
    labelNames: ["app", "type"] as const,
    registers: [this.registry],
  });
  readonly #crashes = new Counter({
    name: "fifteen_app_process_crashes_total",
    help: "App processes that exited (or failed to boot) without being asked to stop",
    labelNames: ["app", "type"] as const,
    registers: [this.registry],
  });
  readonly #deploys = new Counter({
    name: "fifteen_deploys_total",
    help: "Releases rolled out, by outcome (succeeded or failed)",
    labelNames: ["app", "outcome"] as const,
    registers: [this.registry],
  });
  readonly #deployDuration = new Histogram({
    name: "fifteen_deploy_duration_seconds",
    help: "Time from a release being created to it serving (or failing)",
    labelNames: ["outcome"] as const,
    buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300, 600],
    registers: [this.registry],
  });
  readonly #buildDuration = new Histogram({
    name: "fifteen_build_duration_seconds",
    help: "Time a build ran, by outcome (succeeded, failed, canceled)",
    labelNames: ["outcome"] as const,
    buckets: [1, 5, 10, 30, 60, 120, 300, 600, 1800],
    registers: [this.registry],
  });
  readonly #requestSeries = new Map<string, Counter.Internal>();
  readonly #appSeries = new Map<
    string,
    {
      duration: Histogram.Internal<"app">;
      bytesIn: Counter.Internal;
      bytesOut: Counter.Internal;
    }
  >();
  /** Lines since the last scrape, by app and source: counted in a plain map, since this is per line. */
  readonly #pendingLines = new Map<string, { app: string; source: string; count: number }>();
  readonly #logDropped = new Counter({
    name: "fifteen_log_lines_dropped_total",
    help: "Log lines dropped, by app and where (history, follower, or drain:ID)",
    labelNames: ["app", "where"] as const,
    registers: [this.registry],
  });
  readonly #logFlush = new Histogram({
    name: "fifteen_log_history_flush_seconds",
    help: "Time the control plane spent writing a batch of log lines to the history, trimming included",
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  /** The memory series set at the last sampling, by app and process name. */
  #measured = new Map<string, { app: string; process: string }>();
  /** Per process id: the last CPU reading and restart count, to turn readings into counter increments. */
  readonly #seen = new Map<
    string,
    { cpu: number; restarts: number; name: string; app?: string; pid?: number | null }
  >();

  constructor() {
    const pending = this.#pendingLines;
    // Registered, and fed only at scrape time from the per-line map.
    new Counter({
      name: "fifteen_log_lines_total",
      help: "Log lines published, by app and source",
      labelNames: ["app", "source"] as const,
      registers: [this.registry],
      collect() {
        for (const { app, source, count } of pending.values()) this.inc({ app, source }, count);
        pending.clear();
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * One request's series, found by a plain key rather than by prom-client hashing the label object on every
   * call: this runs once per request. No series of these four is ever removed, so a cached child stays live.
   */
  request(sample: RequestSample): void {
    const statusClass = `${Math.floor(sample.status / 100)}xx`;
    const key = `${sample.app}\u0000${sample.type}\u0000${statusClass}`;
    let requests = this.#requestSeries.get(key);
    if (!requests) {
      requests = this.#requests.labels({ app: sample.app, type: sample.type, status_class: statusClass });
      this.#requestSeries.set(key, requests);
    }
    requests.inc();
    let app = this.#appSeries.get(sample.app);
    if (!app) {
      const labels = { app: sample.app };
      app = {
        duration: this.#duration.labels(labels),
        bytesIn: this.#bytesIn.labels(labels),
        bytesOut: this.#bytesOut.labels(labels),
      };
      this.#appSeries.set(sample.app, app);
    }
    app.duration.observe(sample.durationMs / 1000);
    if (sample.bytesIn > 0) app.bytesIn.inc(sample.bytesIn);
    app.bytesOut.inc(sample.bytesOut);
  }

  /** The data plane's full report: every process with open WebSockets; a process not in it has none. */
  websockets(samples: readonly WebSocketSample[]): void {
    const series = new Map<string, { app: string; process: string }>();
    for (const { app, process, open } of samples) {
      this.#websockets.set({ app, process }, open);
      series.set(JSON.stringify([app, process]), { app, process });
    }
    for (const [key, labels] of this.#websocketSeries) if (!series.has(key)) this.#websockets.remove(labels);
    this.#websocketSeries = series;
  }

  logLine(app: string, source: string): void {
    const key = `${app}\u0000${source}`;
    const entry = this.#pendingLines.get(key);
    if (entry) entry.count += 1;
    else this.#pendingLines.set(key, { app, source, count: 1 });
  }

  logDropped(app: string, where: string, count: number): void {
    this.#logDropped.inc({ app, where }, count);
  }

  logFlushed(seconds: number): void {
    this.#logFlush.observe(seconds);
  }

  build(outcome: string, seconds: number): void {
    this.#buildDuration.observe({ outcome }, seconds);
  }

  deploy(app: string, outcome: "succeeded" | "failed", seconds: number): void {
    this.#deploys.inc({ app, outcome });
    this.#deployDuration.observe({ outcome }, seconds);
  }

  /** An app process crashed (the platform's `process.crashed` event). */
  crashed(app: string, type: string): void {
    this.#crashes.inc({ app, type });
  }

  /** A process changed state: counts crash restarts. */
  processChanged(p: ProcessSample): void {
    const seen = this.#seen.get(p.id) ?? { cpu: 0, restarts: p.restarts, name: "" };
    if (p.restarts > seen.restarts)
      this.#restarts.inc({ app: p.app, type: p.type }, p.restarts - seen.restarts);
    seen.restarts = p.restarts;
    this.#seen.set(p.id, seen);
  }

  /** Every listed process with its usage (none while it is not running); unlisted processes are gone. */
  sampled(readings: readonly { process: ProcessSample; usage: Usage | undefined }[]): void {
    const live = new Set<string>();
    const measured = new Map<string, { app: string; process: string }>();
    for (const { process: p, usage } of readings) {
      live.add(p.id);
      const seen = this.#seen.get(p.id) ?? { cpu: 0, restarts: p.restarts, name: p.name };
      seen.name = p.name;
      seen.app = p.app;
      this.#seen.set(p.id, seen);
      if (!usage) continue;
      // A new pid is a restarted process, counting from zero; a reading lower than the last is re-based, not added.
      const fresh = seen.pid !== p.pid;
      const delta = fresh ? usage.cpuSeconds : Math.max(0, usage.cpuSeconds - seen.cpu);
      if (delta > 0) this.#cpu.inc({ app: p.app, process: p.name }, delta);
      seen.cpu = usage.cpuSeconds;
      seen.pid = p.pid;
      this.#rss.set({ app: p.app, process: p.name }, usage.rssBytes);
      measured.set(JSON.stringify([p.app, p.name]), { app: p.app, process: p.name });
    }
    for (const id of this.#seen.keys()) if (!live.has(id)) this.#seen.delete(id);
    // By label, not by process: while a rollout overlaps the old and the new web.1, the series stays.
    for (const [key, labels] of this.#measured) if (!measured.has(key)) this.#rss.remove(labels);
    this.#measured = measured;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
