// What the runtime needs to know about each app: its live release, formation, domains and process env.
import { toApp, type Store } from "../store/index.js";
import type { ConfigService } from "./config-vars.js";
import { toRelease } from "./releases.js";
import type { App, Release } from "./types.js";

export interface AppRuntimeState {
  app: App;
  /** The live release (newest succeeded), if any. */
  release: Release | undefined;
  /** With no live release: the newest release, when it failed (the router's page names it). */
  failedRelease?: { version: number; failure: string } | undefined;
  formation: Record<string, number>;
  /** Memory limits (MiB) of the process types someone resized; the others get the platform default. */
  memory: Record<string, number>;
  /** Disk sizes (MiB) of the process types someone resized with --disk; the others get the platform default. */
  disks: Record<string, number>;
  domains: string[];
  /** The app's own uid (= gid) for its processes and builds. */
  uid: number;
}

/** Where app uids come from: [base, limit), skipping the ids `reserved` returns (the system's, live processes'). */
export interface AppUidPool {
  base: number;
  limit?: number;
  reserved(): ReadonlySet<number>;
}

export class RuntimeStateService {
  constructor(
    private readonly store: Store,
    private readonly config: ConfigService,
    private readonly options: {
      /** The OTLP/HTTP collector apps are pointed at (OTEL_EXPORTER_OTLP_ENDPOINT), if the platform has one. */
      otlpEndpoint?: string | undefined;
      appUids: AppUidPool;
    },
  ) {}

  async all(): Promise<AppRuntimeState[]> {
    const states = await Promise.all((await this.store.apps.list()).map((row) => this.of(toApp(row))));
    return states;
  }

  async byId(appId: string): Promise<AppRuntimeState | undefined> {
    const app = await this.store.apps.byId(appId);
    return app ? this.of(toApp(app)) : undefined;
  }

  async of(app: App): Promise<AppRuntimeState> {
    const [current, formation, sizes, disks, domains, uid] = await Promise.all([
      this.store.releases.current(app.id),
      this.store.formation.of(app.id),
      this.store.formation.sizes(app.id),
      this.store.formation.disks(app.id),
      this.store.domains.of(app.id),
      this.uid(app),
    ]);
    const newest = current ? undefined : (await this.store.releases.list(app.id, 1))[0];
    return {
      app,
      release: current ? toRelease(current, app.name, current.version) : undefined,
      failedRelease:
        newest?.status === "failed"
          ? { version: newest.version, failure: newest.failure ?? "see the deploy output" }
          : undefined,
      formation: Object.fromEntries(formation.map((f) => [f.type, f.quantity])),
      memory: Object.fromEntries(sizes.map((s) => [s.type, s.memory_mb])),
      disks: Object.fromEntries(disks.map((d) => [d.type, d.disk_mb])),
      domains: domains.map((d) => d.hostname),
      uid,
    };
  }

  /** The app's uid, allocated once (the first time anything runs for it) and kept with the app. */
  async uid(app: App): Promise<number> {
    if (app.uid !== null) return app.uid;
    const { base, limit, reserved } = this.options.appUids;
    return this.store.apps.assignUid(app.id, base, reserved(), limit);
  }

  /** The number of the app's next one-off process (run.N, scheduler.N, release.N). */
  async nextProcessNumber(app: App): Promise<number> {
    return this.store.apps.next(app.id, "process_seq");
  }

  /**
   * The env of one process (`web.1`, `run.3`…) of a release: OpenTelemetry defaults, which the app's config vars
   * override, then the config vars, then the platform's own variables (PORT is added at each start).
   */
  async env(app: App, release: Release, processName: string): Promise<Record<string, string>> {
    const vars = await this.config.atVersion(app, release.configVersion);
    const env: Record<string, string> = {
      ...this.#telemetryEnv(app, release, processName),
      ...vars,
      FIFTEEN_APP: app.name,
      FIFTEEN_RELEASE: `v${release.version}`,
      FIFTEEN_PROCESS: processName,
    };
    if (release.commit) env.FIFTEEN_COMMIT = release.commit;
    return env;
  }

  /** So an app's own OpenTelemetry SDK names itself and reports into the collector the router's spans go to. */
  #telemetryEnv(app: App, release: Release, processName: string): Record<string, string> {
    const version = encodeURIComponent(`v${release.version}`);
    const env: Record<string, string> = {
      OTEL_SERVICE_NAME: app.name,
      OTEL_RESOURCE_ATTRIBUTES:
        `service.version=${version},fifteen.app=${encodeURIComponent(app.name)},` +
        `fifteen.release=${version},fifteen.process=${encodeURIComponent(processName)}`,
    };
    if (this.options.otlpEndpoint) env.OTEL_EXPORTER_OTLP_ENDPOINT = this.options.otlpEndpoint;
    return env;
  }
}
