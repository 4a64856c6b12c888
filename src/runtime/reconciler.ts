// The reconciler: makes running processes match each app's live release and formation, through the driver.
// It alone starts and stops processes. It takes the core's events, serialises each app's work in a queue, and
// keeps the router's table; rollouts (rollout.ts), the process-control API (process-control.ts) and the route
// rule (route-table.ts) live beside it.
import { randomUUID } from "node:crypto";
import type { Tracer } from "@opentelemetry/api";
import type { Logger } from "pino";
import type {
  App,
  AppRuntimeState,
  Core,
  ExecRequest,
  OneOffRequest,
  ProcessControl,
  Release,
} from "../core/index.js";
import { KeyedQueue } from "../shared/keyed-queue.js";
import { formatMemory } from "../shared/sizes.js";
import { waitUp } from "./boot-wait.js";
import type { ProcessSpec, ProcessStatus, RecoveredProcess, RuntimeDriver } from "./driver.js";
import { OneOffs, type OneOffsCore } from "./one-offs.js";
import { desiredOf, plan } from "./plan.js";
import { ProcessControls } from "./process-control.js";
import { ProcessIndex } from "./process-index.js";
import { Rollouts } from "./rollout.js";
import { RoutePublisher, type RouteSink } from "./route-publisher.js";

export type { RouteSink } from "./route-publisher.js";

/** How long a release going live waits for the data plane to serve it, at most, before it is settled. */
const SERVE_WAIT_MS = 5000;

/** The core services the reconciler uses, and nothing else (a fake core in tests implements just these). */
export interface ReconcilerCore extends OneOffsCore {
  readonly events: Pick<Core["events"], "on">;
  readonly releases: Pick<Core["releases"], "pending" | "settle" | "get">;
  readonly runtime: OneOffsCore["runtime"] & Pick<Core["runtime"], "all" | "byId" | "env">;
  readonly manifests: Pick<Core["manifests"], "configFailure">;
}

export interface ReconcilerOptions {
  graceSeconds: number;
  /** How long the router may take to finish a process's in-flight requests before it gets SIGTERM. */
  drainSeconds: number;
  bootTimeoutSeconds: number;
  /** Longest the release phase may run. */
  releaseTimeoutSeconds: number;
  /** How often every app is reconciled even without events. */
  intervalSeconds: number;
  log: Logger;
  /** A platform line in the app's log stream; `process` defaults to "platform". */
  platformLog(appId: string, app: string, text: string, process?: string): void;
  /** Release phase output, for the deploy that made the release (its build output). */
  releaseOutput(release: Release, text: string): void;
  /** A `deploy` span per rollout, from the new release to it being live (or failed). */
  tracer?: Tracer;
}

export class Reconciler implements ProcessControl {
  readonly #states = new Map<string, AppRuntimeState>();
  readonly #queue = new KeyedQueue<string>();
  readonly #processes: ProcessIndex;
  readonly #draining = new Set<string>();
  readonly #stops = new Map<string, Promise<void>>();
  readonly #unsubscribe: Array<() => void> = [];
  /** The index follows the driver until the end of close() or handOff(): the last stops read it too. */
  #detachIndex: () => void = () => undefined;
  readonly #table: RoutePublisher;
  /** Apps whose last pass found nothing to do: with the state and process generation it saw. */
  readonly #settled = new Map<string, { state: AppRuntimeState; generation: number }>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #oneOffs: OneOffs;
  readonly #rollouts: Rollouts;
  readonly #control: ProcessControls;

  constructor(
    private readonly core: ReconcilerCore,
    private readonly driver: RuntimeDriver,
    private readonly routes: RouteSink,
    private readonly options: ReconcilerOptions,
  ) {
    this.#processes = new ProcessIndex(driver);
    const processes = this.#processes;
    this.#table = new RoutePublisher(routes, {
      states: this.#states,
      draining: this.#draining,
      processes: (appId) => processes.of(appId),
      takeChanged: () => processes.takeChanged(),
    });
    this.#oneOffs = new OneOffs(core, driver, {
      graceSeconds: options.graceSeconds,
      platformLog: (appId, app, process, text) => options.platformLog(appId, app, text, process),
    });
    const ops = {
      oneOffs: this.#oneOffs,
      closed: () => this.#closed,
      current: (appId: string) => this.#current(appId),
      processes: (appId: string) => this.#processes.of(appId),
      stopProcess: (p: ProcessStatus) => this.#stopProcess(p),
    };
    this.#rollouts = new Rollouts(
      {
        ...ops,
        releases: core.releases,
        manifests: core.manifests,
        runtime: core.runtime,
        refresh: (appId) => this.#refresh(appId),
        startProcess: (state, release, type, index) => this.#startProcess(state, release, type, index),
        waitUp: (appId, ids, timeout) => this.#waitUp(appId, ids, timeout),
        publish: () => this.#table.publish(),
        serve: (appId, release) => this.#serve(appId, release),
        schedulePublish: () => this.#table.schedule(),
        reconcile: (appId, refresh) => this.#reconcile(appId, refresh),
      },
      { ...options, platformLog: (appId, app, text) => options.platformLog(appId, app, text) },
    );
    this.#control = new ProcessControls({
      ...ops,
      driver,
      graceSeconds: options.graceSeconds,
      draining: (id) => this.#draining.has(id),
      withdrawn: (p, action) => this.#withdrawn(p, action, true),
      enqueue: (appId, work) => this.#enqueue(appId, work),
      reconcile: (appId) => this.#reconcile(appId),
      surge: (p) => this.#rollouts.surge(p.appId, p),
      platformLog: options.platformLog,
    });
  }

  get oneOffs(): OneOffs {
    return this.#oneOffs;
  }

  /** Whether the reconciler is running and no app has had work waiting for longer than `maxBusyMs`. */
  caughtUp(maxBusyMs = 300_000): { ok: boolean; detail?: string } {
    if (this.#timer === undefined || this.#closed) return { ok: false, detail: "not running" };
    const behind = this.#queue.busyLongerThan(maxBusyMs);
    return behind === 0
      ? { ok: true }
      : { ok: false, detail: `${behind} apps busy for over ${maxBusyMs / 1000} s` };
  }

  /**
   * Takes over what an earlier run left (its processes of the current releases keep running and serving),
   * fails releases it left half-rolled-out (their processes end), and brings every formation back.
   */
  async start(): Promise<void> {
    const recovery = await this.driver.recover();
    if (recovery.ended > 0)
      this.options.log.warn(
        { processes: recovery.ended },
        "ended processes an earlier run left half-started",
      );
    for (const { app, release } of await this.core.releases.pending()) {
      await this.core.releases.settle(
        app,
        release.version,
        "failed",
        "The platform restarted before this release went live.",
      );
    }
    for (const state of await this.core.runtime.all()) this.#setState(state.app.id, state);
    this.#detachIndex = this.#processes.attach();
    await this.#adopt(recovery.running);
    const { events } = this.core;
    const refreshRoutes = (appId: string) => void this.#refreshAndPublish(appId);
    this.#unsubscribe.push(
      events.on("release.created", ({ app, release }) =>
        this.#enqueue(app.id, () => this.#rollouts.rollout(app.id, release.version)),
      ),
      events.on("formation.changed", ({ app, changes }) => {
        const scaled = Object.entries(changes).map(([type, n]) => `${type} to ${n}`);
        this.options.platformLog(app.id, app.name, `scaled ${scaled.join(", ")}`);
        this.#enqueue(app.id, () => this.#reconcile(app.id));
      }),
      events.on("formation.resized", ({ app, sizes, disks = {} }) => {
        const resized = [
          ...Object.entries(sizes).map(([type, mb]) => `${type} to ${formatMemory(mb)}`),
          ...Object.entries(disks).map(([type, mb]) => `${type}'s disk to ${formatMemory(mb)}`),
        ];
        this.options.platformLog(app.id, app.name, `resized ${resized.join(", ")}: restarting them`);
        const types = [...new Set([...Object.keys(sizes), ...Object.keys(disks)])];
        this.#enqueue(app.id, () => this.#rollouts.replace(app.id, types));
      }),
      events.on("domains.changed", ({ app }) => refreshRoutes(app.id)),
      events.on("maintenance.changed", ({ app, on }) => {
        this.options.platformLog(
          app.id,
          app.name,
          on
            ? "maintenance mode on: the router answers every request with 503 (the processes keep running)"
            : "maintenance mode off: requests reach the app again",
        );
        refreshRoutes(app.id);
      }),
      events.on("features.changed", ({ app, feature, enabled }) => {
        this.options.platformLog(
          app.id,
          app.name,
          `feature ${feature} ${enabled ? "enabled" : "disabled"}: the router applies it now (no restart)`,
        );
        refreshRoutes(app.id);
      }),
      events.on("app.created", ({ app }) => refreshRoutes(app.id)),
      // Same processes, new host name: the route table follows the app's new name.
      events.on("app.renamed", ({ app }) => refreshRoutes(app.id)),
      events.on("app.destroyed", ({ app }) => {
        this.#setState(app.id, undefined);
        // Its one-offs (a release phase included) stop now, not after whatever is queued for the app.
        for (const p of this.driver.list().filter((x) => x.appId === app.id && x.oneOff))
          void this.driver.stop(p.id, this.options.graceSeconds);
        this.#enqueue(app.id, () => this.#stopAll(app.id));
      }),
      this.driver.onChange(() => this.#table.schedule()),
    );
    for (const appId of this.#states.keys()) this.#enqueue(appId, () => this.#reconcile(appId));
    this.#table.publish();
    this.#timer = setInterval(() => void this.tick(), this.options.intervalSeconds * 1000);
    this.#timer.unref();
  }

  /**
   * Every app reconciled without events (the interval's work); resolves once all are done. An app whose state
   * and processes did not change since a pass that found nothing to do is skipped: the plan is pure, so it would
   * find nothing again. A tick therefore costs the changed apps' work, each reading only its own processes.
   */
  tick(): Promise<void> {
    const due = [...this.#states].filter(([appId, state]) => {
      const settled = this.#settled.get(appId);
      const generation = this.#processes.generation(appId);
      return generation < 0 || settled?.state !== state || settled.generation !== generation;
    });
    return Promise.all(due.map(([appId]) => this.#enqueue(appId, () => this.#reconcile(appId, false)))).then(
      () => undefined,
    );
  }

  /**
   * Supervises what the earlier run left running: processes of each app's live release, with the formation's
   * size, stay as they are (in the first route table); the rest (lost, failed or interrupted releases, destroyed
   * apps, old sizes) are stopped, all at once, and the formation starts what is missing.
   */
  async #adopt(running: RecoveredProcess[]): Promise<void> {
    const adopted = await Promise.all(
      running.map(async ({ port: _port, ...p }) => {
        const state = this.#states.get(p.appId);
        const live = state?.release;
        const current =
          state !== undefined &&
          live !== undefined &&
          p.release === live.version &&
          state.memory[p.type] === p.memoryMb;
        const env = current
          ? await this.core.runtime.env(state.app, live, `${p.type}.${p.index}`).catch(() => undefined)
          : undefined;
        this.driver.adopt({ ...p, env: env ?? {} });
        this.#processes.touch(p.appId);
        return { id: p.id, current: env !== undefined };
      }),
    );
    const stale = new Set(adopted.filter((a) => !a.current).map((a) => a.id));
    if (adopted.length > 0)
      this.options.log.info(
        { adopted: adopted.length, stopping: stale.size },
        "took over the processes an earlier run left running",
      );
    for (const p of this.driver.list()) if (stale.has(p.id)) void this.#stopProcess(p);
  }

  async close(): Promise<void> {
    await this.#quiesce();
    // Every process leaves the router and finishes its requests before SIGTERM, as in any other stop.
    await Promise.allSettled(this.driver.list().map((p) => this.#stopProcess(p)));
    await this.driver.close(this.options.graceSeconds);
    this.#detachIndex();
  }

  /**
   * A platform restart: one-offs end (a client waits on each), queued work finishes, and the formation's
   * processes keep running and serving, left for the next start to adopt. No route table is published from
   * here on: the router keeps serving the last one.
   */
  async handOff(): Promise<void> {
    await this.#quiesce();
    // The driver lists nothing from here on, so a table would empty the router's.
    this.#table.stop();
    await this.driver.handOff();
    this.#detachIndex();
  }

  /** No new work, no more route tables; one-offs stopped and queued work done. */
  async #quiesce(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    for (const off of this.#unsubscribe) off();
    // One-offs end first: a release phase in progress must not hold the shutdown up for its whole time limit.
    const oneOffs = this.driver.list().filter((p) => p.oneOff);
    await Promise.allSettled([
      ...oneOffs.map((p) => this.driver.stop(p.id, this.options.graceSeconds, "shutdown")),
      this.#queue.settled(),
    ]);
  }

  // ProcessControl, for ps / ps:restart / ps:stop / ps:exec / run (process-control.ts)

  run(app: App, request: OneOffRequest, actor: string): ReturnType<ProcessControl["run"]> {
    return this.#control.run(app, request, actor);
  }

  exec(app: App, request: ExecRequest, actor: string): ReturnType<ProcessControl["exec"]> {
    return this.#control.exec(app, request, actor);
  }

  list(appId: string): ReturnType<ProcessControl["list"]> {
    return this.#control.list(appId);
  }

  restart(appId: string, target: string | undefined): Promise<number> {
    return this.#control.restart(appId, target);
  }

  stop(appId: string, target: string): Promise<boolean> {
    return this.#control.stop(appId, target);
  }

  /** The formation's processes of the live release (not a deploy's new ones still booting), not stopping. */
  #current(appId: string): ProcessStatus[] {
    const live = this.#states.get(appId)?.release?.version;
    return this.#processes
      .of(appId)
      .filter((p) => !p.oneOff && p.state !== "stopping" && (live === undefined || p.release === live));
  }

  // Work, serialized per app

  /** Queues the app's work after what it already has; resolves once it ran (errors are logged, not thrown). */
  #enqueue(appId: string, work: () => Promise<void>): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return this.#queue
      .run(appId, work)
      .catch((err: unknown) => this.options.log.error({ err, appId }, "reconcile failed"));
  }

  #setState(appId: string, state: AppRuntimeState | undefined): void {
    if (state) this.#states.set(appId, state);
    else this.#states.delete(appId);
    this.#settled.delete(appId);
    this.#table.touch(appId);
  }

  /** The release's web processes routed as the live ones (until the next refresh reads the store). */
  async #serve(appId: string, release: Release): Promise<void> {
    const state = this.#states.get(appId);
    if (!state) return;
    this.#setState(appId, { ...state, release, failedRelease: undefined });
    this.#table.publish();
    await this.#table.applied(SERVE_WAIT_MS);
  }

  async #refresh(appId: string): Promise<AppRuntimeState | undefined> {
    const state = await this.core.runtime.byId(appId);
    this.#setState(appId, state);
    return state;
  }

  async #refreshAndPublish(appId: string): Promise<void> {
    try {
      await this.#refresh(appId);
      this.#table.schedule();
    } catch (err) {
      this.options.log.error({ err, appId }, "could not refresh the app's routes");
    }
  }

  async #reconcile(appId: string, refresh = true): Promise<void> {
    const state = refresh ? await this.#refresh(appId) : this.#states.get(appId);
    const generation = this.#processes.generation(appId);
    const actual = this.#processes.of(appId);
    const { start, stop } = plan(desiredOf(state), actual);
    if (state && start.length === 0 && stop.length === 0) this.#settled.set(appId, { state, generation });
    else this.#settled.delete(appId);
    if (state?.release) {
      for (const { type, index } of start) await this.#startProcess(state, state.release, type, index);
    }
    // Stops drain in the background so a 30 s grace period never holds up the next deploy.
    for (const id of stop) {
      const p = actual.find((a) => a.id === id);
      if (p) void this.#stopProcess(p);
    }
    this.#table.schedule();
  }

  async #startProcess(
    state: AppRuntimeState,
    release: Release,
    type: string,
    index: number,
  ): Promise<string> {
    const command = release.processTypes[type] as string;
    const spec: ProcessSpec = {
      id: randomUUID(),
      appId: state.app.id,
      app: state.app.name,
      type,
      index,
      release: release.version,
      command,
      env: await this.core.runtime.env(state.app, release, `${type}.${index}`),
      slugDigest: release.slugDigest,
      web: type === "web",
      bootTimeoutSeconds: this.#rollouts.bootTimeout(release),
      healthCheckPath: type === "web" ? release.manifest?.healthcheck?.path : undefined,
      uid: state.uid,
      memoryMb: state.memory[type],
      diskMb: state.disks[type],
    };
    this.driver.start(spec);
    this.#processes.touch(spec.appId);
    return spec.id;
  }

  /** Out of the router first, wait for its requests to finish, then SIGTERM (SIGKILL after the grace period). */
  #stopProcess(p: ProcessStatus): Promise<void> {
    // A second stop of the same process waits for the first instead of returning early.
    const pending = this.#stops.get(p.id);
    if (pending) return pending;
    const stopping = this.#withdrawn(
      p,
      () => this.driver.stop(p.id, this.options.graceSeconds),
      false,
    ).finally(() => this.#stops.delete(p.id));
    this.#stops.set(p.id, stopping);
    return stopping;
  }

  /** Runs `action` with `p` out of the router (a web process's requests drained first); `republish` after. */
  async #withdrawn(p: ProcessStatus, action: () => Promise<void>, republish: boolean): Promise<void> {
    this.#draining.add(p.id);
    this.#table.touch(p.appId);
    try {
      if (p.web) {
        this.#table.publish();
        await this.routes.drain([p.id], this.options.drainSeconds * 1000);
      }
      await action();
    } finally {
      this.#draining.delete(p.id);
      this.#table.touch(p.appId);
      this.#processes.touch(p.appId);
      if (republish) this.#table.publish();
    }
  }

  async #stopAll(appId: string): Promise<void> {
    await Promise.all(this.#processes.of(appId).map((p) => this.#stopProcess(p)));
    this.#table.schedule();
  }

  #waitUp(appId: string, ids: string[], bootTimeoutSeconds: number) {
    return waitUp(this.driver, () => this.#processes.of(appId), ids, bootTimeoutSeconds);
  }
}
