// The platform's telemetry: feeds router samples, process usage and log counts into the Prometheus metrics and
// the rollups, counts what core's events report (builds, deploys, crashes), every 10 s samples process usage
// and closes rollup buckets, and answers the API's queries.
import type { EventBus } from "../core/index.js";
import type { TelemetryDb } from "./db.js";
import { PlatformMetrics, type ProcessSample, type RequestSample, type WebSocketSample } from "./metrics.js";
import { treeUsage } from "./proc.js";
import { Rollups, type Series } from "./rollups.js";

export interface HealthCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface TelemetryOptions {
  db: TelemetryDb;
  onError(err: unknown): void;
}

/** What telemetry samples, checks and follows once started (they report to it too, so they are built after it). */
export interface TelemetrySources {
  /** The app processes running now (formation and one-offs), and each change of their state. */
  processes: {
    list(): readonly (ProcessSample & { appId: string; pid: number | null })[];
    onChange(listener: (status: ProcessSample) => void): () => void;
  };
  /** Named checks for /readyz; each resolves to ok or says what is wrong. */
  checks: Readonly<Record<string, () => Promise<{ ok: boolean; detail?: string }>>>;
  events: Pick<EventBus, "on">;
}

const SAMPLE_MS = 10_000;

export class Telemetry {
  readonly metrics = new PlatformMetrics();
  readonly rollups: Rollups;
  readonly #options: TelemetryOptions;
  #sources: TelemetrySources | undefined;
  #unsubscribe: Array<() => void> = [];
  #timer: NodeJS.Timeout | undefined;
  /** The data plane's last report of open WebSockets, recorded into each 10-second bucket. */
  #websockets: readonly (WebSocketSample & { appId: string })[] = [];
  /** Processes whose WebSockets all closed since the last sampling: the next bucket records their 0. */
  #closedWebsockets: (WebSocketSample & { appId: string })[] = [];

  constructor(options: TelemetryOptions) {
    this.#options = options;
    this.rollups = new Rollups(options.db);
  }

  start(sources: TelemetrySources): void {
    this.#sources = sources;
    const { events } = sources;
    this.#unsubscribe = [
      sources.processes.onChange((status) => this.metrics.processChanged(status)),
      events.on("process.crashed", ({ app, process }) => this.metrics.crashed(app.name, process.type)),
      events.on("build.finished", ({ build }) => {
        if (build.startedAt && build.finishedAt)
          this.metrics.build(
            build.status,
            (Date.parse(build.finishedAt) - Date.parse(build.startedAt)) / 1000,
          );
      }),
      events.on("release.settled", ({ app, release }) => {
        if (release.status === "pending") return;
        this.metrics.deploy(app.name, release.status, (Date.now() - Date.parse(release.createdAt)) / 1000);
      }),
      events.on("app.destroyed", ({ app }) => this.rollups.forget(app.id)),
    ];
    this.#timer = setInterval(() => void this.#tick(), SAMPLE_MS);
    this.#timer.unref();
  }

  request(appId: string, sample: RequestSample): void {
    this.metrics.request(sample);
    this.rollups.request(appId, sample.status, sample.durationMs);
  }

  /** The data plane's report of every process's open WebSockets (the gauge, and `fifteen metrics`). */
  websockets(samples: readonly (WebSocketSample & { appId: string })[]): void {
    const open = new Set(samples.map((s) => `${s.appId}\u0000${s.process}`));
    for (const s of this.#websockets)
      if (!open.has(`${s.appId}\u0000${s.process}`)) this.#closedWebsockets.push({ ...s, open: 0 });
    this.#websockets = samples;
    this.metrics.websockets(samples);
    for (const s of samples) this.rollups.websockets(s.appId, s.process, s.open);
  }

  async prometheus(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.metrics.contentType, text: await this.metrics.text() };
  }

  series(appId: string, since: number): Series {
    return this.rollups.series(appId, since);
  }

  async readiness(): Promise<HealthCheck[]> {
    return Promise.all(
      Object.entries(this.#sources?.checks ?? {}).map(async ([name, check]) => {
        try {
          return { name, ...(await check()) };
        } catch (err) {
          // The probe answers without a token: the details (hosts, users) go to the platform log only.
          this.#options.onError(err);
          return { name, ok: false, detail: "failing; the platform log has the details" };
        }
      }),
    );
  }

  close(): void {
    for (const off of this.#unsubscribe) off();
    clearInterval(this.#timer);
    this.rollups.flush(true);
  }

  async #tick(): Promise<void> {
    try {
      const processes = this.#sources?.processes.list() ?? [];
      const usage = await treeUsage(processes.flatMap((p) => (p.pid ? [p.pid] : [])));
      const readings = processes.map((p) => ({ process: p, usage: p.pid ? usage.get(p.pid) : undefined }));
      this.metrics.sampled(readings);
      for (const { process: p, usage: u } of readings)
        if (u) this.rollups.memory(p.appId, p.name, u.rssBytes);
      for (const s of [...this.#websockets, ...this.#closedWebsockets])
        this.rollups.websockets(s.appId, s.process, s.open);
      this.#closedWebsockets = [];
      this.rollups.flush();
    } catch (err) {
      this.#options.onError(err);
    }
  }
}
