// The platform's telemetry: feeds router samples, process usage and log counts into the Prometheus metrics and
// the rollups, every 10 s samples process usage and closes rollup buckets, and answers the API's queries.
import type { TelemetryDb } from "./db.js";
import { PlatformMetrics, type ProcessSample, type RequestSample } from "./metrics.js";
import { treeUsage } from "./proc.js";
import { Rollups, type Series } from "./rollups.js";

export interface HealthCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface TelemetryOptions {
  db: TelemetryDb;
  /** The app processes running now (formation and one-offs). */
  processes(): readonly (ProcessSample & { appId: string; pid: number | null })[];
  /** Named checks for /readyz; each resolves to ok or says what is wrong. */
  checks: Readonly<Record<string, () => Promise<{ ok: boolean; detail?: string }>>>;
  onError(err: unknown): void;
}

const SAMPLE_MS = 10_000;

export class Telemetry {
  readonly metrics = new PlatformMetrics();
  readonly rollups: Rollups;
  readonly #options: TelemetryOptions;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: TelemetryOptions) {
    this.#options = options;
    this.rollups = new Rollups(options.db);
  }

  start(): void {
    this.#timer = setInterval(() => void this.#tick(), SAMPLE_MS);
    this.#timer.unref();
  }

  request(appId: string, sample: RequestSample): void {
    this.metrics.request(sample);
    this.rollups.request(appId, sample.status, sample.durationMs);
  }

  async prometheus(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.metrics.contentType, text: await this.metrics.text() };
  }

  series(appId: string, since: number): Series {
    return this.rollups.series(appId, since);
  }

  async readiness(): Promise<HealthCheck[]> {
    return Promise.all(
      Object.entries(this.#options.checks).map(async ([name, check]) => {
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
    clearInterval(this.#timer);
    this.rollups.flush(true);
  }

  async #tick(): Promise<void> {
    try {
      const processes = this.#options.processes();
      const usage = await treeUsage(processes.flatMap((p) => (p.pid ? [p.pid] : [])));
      const readings = processes.map((p) => ({ process: p, usage: p.pid ? usage.get(p.pid) : undefined }));
      this.metrics.sampled(readings);
      for (const { process: p, usage: u } of readings)
        if (u) this.rollups.memory(p.appId, p.name, u.rssBytes);
      this.rollups.flush();
    } catch (err) {
      this.#options.onError(err);
    }
  }
}
