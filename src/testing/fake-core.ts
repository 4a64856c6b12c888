// An in-memory stand-in for the core services the reconciler uses (ReconcilerCore), for its unit tests and
// bench: apps, releases and formations in maps, and the real event bus to announce deploys and scale changes.
import type { App, AppRuntimeState, Release } from "../core/index.js";
import { EventBus } from "../core/index.js";
import { pino } from "pino";
import type { ReconcilerCore, ReconcilerOptions } from "../runtime/reconciler.js";

interface FakeApp {
  row: App;
  releases: Release[];
  formation: Record<string, number>;
  memory: Record<string, number>;
  domains: string[];
  processSeq: number;
}

export class FakeCore implements ReconcilerCore {
  readonly events = new EventBus();
  readonly #apps = new Map<string, FakeApp>();
  /** A missing-config failure per app, as fifteen.json's required config would give. */
  readonly configFailures = new Map<string, string>();

  readonly releases: ReconcilerCore["releases"] = {
    pending: async () => [],
    get: async (app, version) => this.#release(app.id, version),
    settle: async (app, version, status, failure, output = null) => {
      const release = this.#release(app.id, version);
      Object.assign(release, { status, failure, failureOutput: output, current: status === "succeeded" });
      return release;
    },
  };

  readonly manifests: ReconcilerCore["manifests"] = {
    configFailure: async (app) => this.configFailures.get(app.id),
  };

  readonly runtime: ReconcilerCore["runtime"] = {
    all: async () => [...this.#apps.keys()].map((id) => this.state(id) as AppRuntimeState),
    byId: async (appId) => this.state(appId),
    of: async (app) => this.state(app.id) as AppRuntimeState,
    env: async (app, release, name) => ({
      FIFTEEN_APP: app.name,
      FIFTEEN_PROCESS: name,
      V: `${release.version}`,
    }),
    uid: async () => 5000,
    nextProcessNumber: async (app) => ++this.#app(app.id).processSeq,
  };

  /** An app with `formation` and, when `processTypes` is given, a live first release of them. */
  addApp(name: string, formation: Record<string, number>, processTypes?: Record<string, string>): string {
    const id = `app-${name}`;
    const row: App = {
      id,
      name,
      createdAt: "",
      deployBranch: "main",
      maintenance: false,
      features: [],
      uid: 5000,
    };
    this.#apps.set(id, { row, releases: [], formation, memory: {}, domains: [], processSeq: 0 });
    if (processTypes)
      Object.assign(this.#newRelease(id, processTypes), { status: "succeeded", current: true });
    return id;
  }

  /** A new pending release, announced as a deploy does; resolves with its version. */
  deploy(appId: string, processTypes: Record<string, string>, rollbackOf: number | null = null): number {
    const release = this.#newRelease(appId, processTypes, rollbackOf);
    this.events.emit("release.created", { app: this.#public(appId), release });
    return release.version;
  }

  scale(appId: string, changes: Record<string, number>): void {
    Object.assign(this.#app(appId).formation, changes);
    this.events.emit("formation.changed", { app: this.#public(appId), changes });
  }

  resize(appId: string, sizes: Record<string, number>): void {
    Object.assign(this.#app(appId).memory, sizes);
    this.events.emit("formation.resized", { app: this.#public(appId), sizes });
  }

  release(appId: string, version: number): Release {
    return this.#release(appId, version);
  }

  state(appId: string): AppRuntimeState | undefined {
    const app = this.#apps.get(appId);
    if (!app) return undefined;
    const live = app.releases.filter((r) => r.status === "succeeded").at(-1);
    const newest = app.releases.at(-1);
    return {
      app: app.row,
      release: live,
      failedRelease:
        !live && newest?.status === "failed"
          ? { version: newest.version, failure: newest.failure ?? "" }
          : undefined,
      formation: { ...app.formation },
      memory: { ...app.memory },
      disks: {},
      domains: app.domains,
      uid: 5000,
    };
  }

  #newRelease(
    appId: string,
    processTypes: Record<string, string>,
    rollbackOf: number | null = null,
  ): Release {
    const app = this.#app(appId);
    const version = app.releases.length + 1;
    const release: Release = {
      id: `${appId}-v${version}`,
      app: app.row.name,
      version,
      status: "pending",
      description: `Deploy ${version}`,
      slugDigest: `slug-${version}`,
      sourceDigest: null,
      commit: null,
      configVersion: 1,
      processTypes,
      buildpack: null,
      buildId: null,
      rollbackOf,
      promotedFromApp: null,
      promotedFromRelease: null,
      manifest: null,
      failure: null,
      failureOutput: null,
      createdBy: "tester",
      createdAt: new Date().toISOString(),
      current: false,
    };
    app.releases.push(release);
    return release;
  }

  #app(appId: string): FakeApp {
    const app = this.#apps.get(appId);
    if (!app) throw new Error(`no app ${appId}`);
    return app;
  }

  #release(appId: string, version: number): Release {
    const release = this.#app(appId).releases.find((r) => r.version === version);
    if (!release) throw new Error(`no release v${version} of ${appId}`);
    return release;
  }

  #public(appId: string): App {
    return this.#app(appId).row;
  }
}

/** The reconciler's settings for a run on the fakes: short waits, no interval tick, output dropped unless heard. */
export function fakeReconcilerOptions(
  output: Partial<Pick<ReconcilerOptions, "platformLog" | "releaseOutput">> = {},
): ReconcilerOptions {
  return {
    graceSeconds: 1,
    drainSeconds: 1,
    bootTimeoutSeconds: 5,
    releaseTimeoutSeconds: 5,
    intervalSeconds: 3600,
    log: pino({ level: "silent" }),
    platformLog: () => undefined,
    releaseOutput: () => undefined,
    ...output,
  };
}
