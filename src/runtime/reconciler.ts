// The reconciler: makes running processes match each app's live release and formation, through the driver.
// It alone starts and stops processes. Deploys roll out surge-first: new web processes must serve before
// the router switches to them, and only then are the old ones drained and stopped.
import { randomUUID } from "node:crypto";
import { SpanStatusCode, type Span, type Tracer } from "@opentelemetry/api";
import type { Logger } from "pino";
import type {
  App,
  AppRuntimeState,
  Core,
  ExecRequest,
  OneOffRequest,
  ProcessControl,
  ProcessInfo,
  Release,
  StartedOneOff,
} from "../core/index.js";
import { commandNotFound } from "../shared/command-not-found.js";
import { FifteenError } from "../shared/errors.js";
import { errorLine, tailLines } from "../shared/failure-lines.js";
import { formatMemory } from "../shared/sizes.js";
import type { AppRoute, RouteTable } from "../shared/route-table.js";
import { noopTracer } from "../telemetry/tracing.js";
import type { ProcessSpec, ProcessStatus, RecoveredProcess, RuntimeDriver } from "./driver.js";
import { maskedCommand } from "../shared/masked-command.js";
import { DEFAULT_ONE_OFF_TIMEOUT_SECONDS, describeExit, OneOffs, validateOneOff } from "./one-offs.js";
import { plan, type DesiredApp } from "./plan.js";

/** Where the route table goes (the router), and how to wait until it stopped using some backends. */
export interface RouteSink {
  publish(table: RouteTable): void;
  drain(backendIds: string[], timeoutMs: number): Promise<void>;
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

/** Why a release did not go live, and the last lines of the process that shows it (if one printed any). */
interface BootFailure {
  reason: string;
  output?: string[] | undefined;
}

function desiredOf(state: AppRuntimeState | undefined): DesiredApp | undefined {
  if (!state?.release) return undefined;
  const types: DesiredApp["types"] = {};
  for (const [type, command] of Object.entries(state.release.processTypes)) {
    if (type === "release") continue;
    types[type] = { command, quantity: state.formation[type] ?? 0 };
  }
  return { release: state.release.version, types };
}

export class Reconciler implements ProcessControl {
  readonly #states = new Map<string, AppRuntimeState>();
  readonly #queues = new Map<string, Promise<void>>();
  /** When each app with queued work got it (for readiness: work stuck behind a hung step shows there). */
  readonly #busySince = new Map<string, number>();
  readonly #draining = new Set<string>();
  readonly #stops = new Map<string, Promise<void>>();
  readonly #unsubscribe: Array<() => void> = [];
  #timer: NodeJS.Timeout | undefined;
  #tableVersion = 0;
  #lastTable = "";
  #publishQueued = false;
  #closed = false;
  /** Handed off: the driver lists nothing now, so a table from here would empty the router's. */
  #handedOff = false;
  readonly #oneOffs: OneOffs;

  constructor(
    private readonly core: Core,
    private readonly driver: RuntimeDriver,
    private readonly routes: RouteSink,
    private readonly options: ReconcilerOptions,
  ) {
    this.#oneOffs = new OneOffs(core, driver, {
      graceSeconds: options.graceSeconds,
      platformLog: (appId, app, process, text) => options.platformLog(appId, app, text, process),
    });
  }

  get oneOffs(): OneOffs {
    return this.#oneOffs;
  }

  /** Whether the reconciler is running and no app has had work waiting for longer than `maxBusyMs`. */
  caughtUp(maxBusyMs = 300_000): { ok: boolean; detail?: string } {
    if (this.#timer === undefined || this.#closed) return { ok: false, detail: "not running" };
    const behind = [...this.#busySince.values()].filter((since) => Date.now() - since > maxBusyMs).length;
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
    for (const state of await this.core.runtime.all()) this.#states.set(state.app.id, state);
    await this.#adopt(recovery.running);
    const { events } = this.core;
    this.#unsubscribe.push(
      events.on("release.created", ({ app, release }) =>
        this.#enqueue(app.id, () => this.#rollout(app.id, release.version)),
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
        this.#enqueue(app.id, () => this.#replace(app.id, types));
      }),
      events.on("domains.changed", ({ app }) => void this.#refreshAndPublish(app.id)),
      events.on("maintenance.changed", ({ app, on }) => {
        this.options.platformLog(
          app.id,
          app.name,
          on
            ? "maintenance mode on: the router answers every request with 503 (the processes keep running)"
            : "maintenance mode off: requests reach the app again",
        );
        void this.#refreshAndPublish(app.id);
      }),
      events.on("app.created", ({ app }) => void this.#refreshAndPublish(app.id)),
      // Same processes, new host name: the route table follows the app's new name.
      events.on("app.renamed", ({ app }) => void this.#refreshAndPublish(app.id)),
      events.on("app.destroyed", ({ app }) => {
        this.#states.delete(app.id);
        // Its one-offs (a release phase included) stop now, not after whatever is queued for the app.
        for (const p of this.driver.list().filter((x) => x.appId === app.id && x.oneOff))
          void this.driver.stop(p.id, this.options.graceSeconds);
        this.#enqueue(app.id, () => this.#stopAll(app.id));
      }),
      this.driver.onChange(() => this.#schedulePublish()),
    );
    for (const appId of this.#states.keys()) this.#enqueue(appId, () => this.#reconcile(appId));
    this.#publish();
    this.#timer = setInterval(() => {
      for (const appId of this.#states.keys()) this.#enqueue(appId, () => this.#reconcile(appId, false));
    }, this.options.intervalSeconds * 1000);
    this.#timer.unref();
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
  }

  /**
   * A platform restart: one-offs end (a client waits on each), queued work finishes, and the formation's
   * processes keep running and serving, left for the next start to adopt. No route table is published from
   * here on: the router keeps serving the last one.
   */
  async handOff(): Promise<void> {
    await this.#quiesce();
    this.#handedOff = true;
    await this.driver.handOff();
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
      ...this.#queues.values(),
    ]);
  }

  // ProcessControl, for ps / ps:restart / ps:stop / run

  run(app: App, request: OneOffRequest, actor: string): Promise<StartedOneOff> {
    if (this.#closed)
      throw new FifteenError("RUN_INVALID", "The platform is shutting down; try again shortly.");
    return this.#oneOffs.start(app, {
      type: "run",
      command: request.command,
      timeoutSeconds: request.timeoutSeconds,
      env: request.env,
      size: request.size,
      io: request.attached ? { kind: "attached", tty: request.tty } : { kind: "log" },
      actor,
    });
  }

  async exec(app: App, request: ExecRequest, actor: string): Promise<StartedOneOff> {
    if (this.#closed)
      throw new FifteenError("RUN_INVALID", "The platform is shutting down; try again shortly.");
    if (request.command !== undefined) validateOneOff({ command: request.command });
    const p = this.#current(app.id).find((c) => c.name === request.process);
    if (!p) {
      throw new FifteenError(
        "PROCESS_NOT_FOUND",
        `No process ${request.process} is running; see \`fifteen ps\`.`,
      );
    }
    // As for `run`: the log says who went in, never the command's arguments (secrets typed on them).
    const what = request.command ? maskedCommand(request.command) : "a shell";
    this.options.platformLog(app.id, app.name, `ps:exec into ${p.name} by ${actor}: ${what}`, p.name);
    const handle = await this.driver.exec(p.id, {
      command: request.command,
      tty: request.tty,
      timeoutSeconds: DEFAULT_ONE_OFF_TIMEOUT_SECONDS,
    });
    void handle.exited.then((exit) =>
      this.options.platformLog(
        app.id,
        app.name,
        `ps:exec into ${p.name} finished: ${describeExit(exit)}`,
        p.name,
      ),
    );
    return { ...handle, name: p.name, release: p.release };
  }

  list(appId: string): ProcessInfo[] {
    return this.driver
      .list()
      .filter((p) => p.appId === appId)
      .sort((a, b) => a.type.localeCompare(b.type) || a.index - b.index || a.release - b.release)
      .map(({ id: _id, appId: _a, app: _app, web: _w, bootFailure: _b, bootOutput: _o, ...info }) => info);
  }

  async restart(appId: string, target: string | undefined): Promise<number> {
    const matched = this.#match(appId, target);
    const names = matched.map((p) => p.name);
    // One at a time, each out of the router while it restarts, so the others keep serving.
    this.#enqueue(appId, async () => {
      for (const name of names) {
        // Picked when its turn comes: a deploy queued before may have replaced it.
        if (this.#closed) return;
        const p = this.#current(appId).find((c) => c.name === name && !this.#draining.has(c.id));
        if (!p) continue;
        this.options.platformLog(appId, p.app, `restarting ${p.name} (requested)`);
        this.#draining.add(p.id);
        try {
          if (p.web) {
            this.#publish();
            await this.routes.drain([p.id], this.options.drainSeconds * 1000);
          }
          await this.driver.restart(p.id, this.options.graceSeconds);
        } finally {
          this.#draining.delete(p.id);
          this.#publish();
        }
        const live = this.#states.get(appId)?.release;
        const failure = p.web
          ? (await this.#waitUp([p.id], live && this.#bootTimeout(live)))?.reason
          : undefined;
        if (failure) {
          this.options.platformLog(
            appId,
            p.app,
            `restart stopped: ${failure}; the other processes were left alone`,
          );
          return;
        }
      }
    });
    return matched.length;
  }

  async stop(appId: string, target: string): Promise<boolean> {
    const oneOff = this.driver
      .list()
      .find((p) => p.appId === appId && p.oneOff && p.name === target && p.state !== "stopping");
    if (oneOff) {
      this.options.platformLog(appId, oneOff.app, `stopping ${target} (requested)`);
      await this.driver.stop(oneOff.id, this.options.graceSeconds);
      return true;
    }
    const matched = this.#match(appId, target);
    const app = matched[0]?.app ?? "";
    this.options.platformLog(appId, app, `stopping ${target} (requested); the formation starts a fresh one`);
    await Promise.all(matched.map((p) => this.#stopProcess(p)));
    this.#enqueue(appId, () => this.#reconcile(appId));
    return true;
  }

  /** Stops the processes of `types` and starts fresh ones (with the formation's current sizes). */
  /**
   * Replaces the types' processes with fresh ones under their new limits. Web processes go one at a time,
   * each only once its replacement is up (as in a deploy), so the app keeps answering even with one.
   */
  async #replace(appId: string, types: string[]): Promise<void> {
    const state = await this.#refresh(appId);
    const old = this.#current(appId).filter((p) => types.includes(p.type));
    await Promise.all(old.filter((p) => !p.web).map((p) => this.#stopProcess(p)));
    const release = state?.release;
    for (const p of old.filter((x) => x.web)) {
      if (this.#closed || !state || !release) break;
      const fresh = await this.#startProcess(state, release, p.type, p.index);
      const failure = (await this.#waitUp([fresh], this.#bootTimeout(release)))?.reason;
      if (failure) {
        this.options.platformLog(
          appId,
          p.app,
          `${p.name} kept its old limit: the new one did not come up (${failure})`,
        );
        const started = this.driver.list().find((x) => x.id === fresh);
        if (started) await this.#stopProcess(started);
        continue;
      }
      this.#publish();
      await this.#stopProcess(p);
    }
    await this.#reconcile(appId, false);
  }

  /** The formation's processes of the live release (not a deploy's new ones still booting), not stopping. */
  #current(appId: string): ProcessStatus[] {
    const live = this.#states.get(appId)?.release?.version;
    return this.driver
      .list()
      .filter(
        (p) =>
          p.appId === appId &&
          !p.oneOff &&
          p.state !== "stopping" &&
          (live === undefined || p.release === live),
      );
  }

  #match(appId: string, target: string | undefined): ProcessStatus[] {
    const all = this.#current(appId);
    const matched = target === undefined ? all : all.filter((p) => p.type === target || p.name === target);
    if (matched.length === 0) {
      throw new FifteenError(
        "PROCESS_NOT_FOUND",
        target ? `No process ${target} is running; see \`fifteen ps\`.` : "The app has no running processes.",
      );
    }
    return matched;
  }

  // Work, serialized per app

  #enqueue(appId: string, work: () => Promise<void>): void {
    if (this.#closed) return;
    if (!this.#queues.has(appId)) this.#busySince.set(appId, Date.now());
    const previous = this.#queues.get(appId) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((err: unknown) => this.options.log.error({ err, appId }, "reconcile failed"));
    this.#queues.set(appId, next);
    void next.finally(() => {
      if (this.#queues.get(appId) === next) {
        this.#queues.delete(appId);
        this.#busySince.delete(appId);
      }
    });
  }

  async #refresh(appId: string): Promise<AppRuntimeState | undefined> {
    const state = await this.core.runtime.byId(appId);
    if (state) this.#states.set(appId, state);
    else this.#states.delete(appId);
    return state;
  }

  async #refreshAndPublish(appId: string): Promise<void> {
    try {
      await this.#refresh(appId);
      this.#schedulePublish();
    } catch (err) {
      this.options.log.error({ err, appId }, "could not refresh the app's routes");
    }
  }

  async #reconcile(appId: string, refresh = true): Promise<void> {
    const state = refresh ? await this.#refresh(appId) : this.#states.get(appId);
    const actual = this.driver.list().filter((p) => p.appId === appId);
    const { start, stop } = plan(desiredOf(state), actual);
    if (state?.release) {
      for (const { type, index } of start) await this.#startProcess(state, state.release, type, index);
    }
    // Stops drain in the background so a 30 s grace period never holds up the next deploy.
    for (const id of stop) {
      const p = actual.find((a) => a.id === id);
      if (p) void this.#stopProcess(p);
    }
    this.#schedulePublish();
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
      bootTimeoutSeconds: this.#bootTimeout(release),
      healthCheckPath: type === "web" ? release.manifest?.healthcheck?.path : undefined,
      uid: state.uid,
      memoryMb: state.memory[type],
      diskMb: state.disks[type],
    };
    this.driver.start(spec);
    return spec.id;
  }

  /** Out of the router first, wait for its requests to finish, then SIGTERM (SIGKILL after the grace period). */
  #stopProcess(p: ProcessStatus): Promise<void> {
    // A second stop of the same process waits for the first instead of returning early.
    const pending = this.#stops.get(p.id);
    if (pending) return pending;
    const stopping = (async () => {
      this.#draining.add(p.id);
      try {
        if (p.web) {
          this.#publish();
          await this.routes.drain([p.id], this.options.drainSeconds * 1000);
        }
        await this.driver.stop(p.id, this.options.graceSeconds);
      } finally {
        this.#draining.delete(p.id);
        this.#stops.delete(p.id);
      }
    })();
    this.#stops.set(p.id, stopping);
    return stopping;
  }

  async #stopAll(appId: string): Promise<void> {
    await Promise.all(
      this.driver
        .list()
        .filter((p) => p.appId === appId)
        .map((p) => this.#stopProcess(p)),
    );
    this.#schedulePublish();
  }

  /**
   * A rollout that throws must still settle its release (failed, with the error) and stop what it started, and
   * nothing in that clean-up may throw in turn: the app's queue moves on to its next work either way.
   */
  async #rollout(appId: string, version: number): Promise<void> {
    const started: string[] = [];
    const span = (this.options.tracer ?? noopTracer).startSpan("deploy", {
      attributes: { "fifteen.release": `v${version}` },
    });
    try {
      const failure = await this.#rolloutSteps(appId, version, started, span);
      if (failure) span.setStatus({ code: SpanStatusCode.ERROR, message: failure });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      this.options.log.error({ err, appId, version }, "rollout failed");
      await this.#stopStarted(started);
      try {
        const state = await this.core.runtime.byId(appId);
        if (state) {
          const reason = `the platform could not roll it out (${message})`;
          await this.#fail(state, version, { reason });
        }
      } catch (settleErr) {
        this.options.log.error({ err: settleErr, appId, version }, "could not record the failed rollout");
      }
    } finally {
      span.end();
    }
  }

  /** Stops a failed rollout's new processes; one that cannot be stopped cleanly does not hold up the rest. */
  async #stopStarted(ids: string[]): Promise<void> {
    const results = await Promise.allSettled(
      this.driver
        .list()
        .filter((p) => ids.includes(p.id))
        .map((p) => this.#stopProcess(p)),
    );
    for (const result of results)
      if (result.status === "rejected")
        this.options.log.error({ err: result.reason }, "could not stop a process of a failed rollout");
  }

  /** Resolves with the reason the release failed, if it did. */
  async #rolloutSteps(
    appId: string,
    version: number,
    ids: string[],
    span: Span,
  ): Promise<string | undefined> {
    // Shutting down: the release stays pending, and the next start fails it ("the platform restarted…").
    if (this.#closed) return undefined;
    const state = await this.#refresh(appId);
    if (!state) return undefined;
    span.setAttribute("fifteen.app", state.app.name);
    const release = await this.core.releases.get(state.app, version);
    if (release.status !== "pending") return undefined;
    const say = (text: string) => this.options.platformLog(appId, state.app.name, text);
    // fifteen.json's required config is checked first: a release missing it starts nothing, not even its task.
    const missing = await this.core.manifests.configFailure(state.app, release);
    if (missing) return this.#fail(state, version, { reason: missing });
    const task = release.processTypes.release;
    // As on Heroku, a rollback does not run the release phase: it returns to code whose task already ran.
    if (task && release.rollbackOf === null) {
      const failure = await this.#releasePhase(state.app, release, task);
      if (failure) return this.#fail(state, version, failure);
      span.addEvent("release phase done");
    }
    const webQuantity = release.processTypes.web ? (state.formation.web ?? 1) : 0;
    say(`release v${version} created (${release.description}); starting ${webQuantity} web process(es)`);
    for (let index = 1; index <= webQuantity; index++)
      ids.push(await this.#startProcess(state, release, "web", index));
    const failure = await this.#waitUp(ids, this.#bootTimeout(release));
    if (failure) {
      await this.#stopStarted(ids);
      return this.#fail(state, version, failure);
    }
    span.addEvent("web processes up");
    await this.core.releases.settle(state.app, version, "succeeded", null);
    await this.#refresh(appId);
    this.#publish();
    say(`release v${version} is live`);
    await this.#reconcile(appId, false);
    return undefined;
  }

  /**
   * Settles a release failed, with the reason and the lines that show it, says so in the app's log (and what
   * serves now), and publishes the routes (the router's page names a failed first release).
   */
  async #fail(state: AppRuntimeState, version: number, failure: BootFailure): Promise<string> {
    const live = state.release?.version;
    this.options.platformLog(
      state.app.id,
      state.app.name,
      `release v${version} failed: ${failure.reason}; ${live === undefined ? "no release is serving" : `v${live} keeps serving`}`,
    );
    await this.core.releases.settle(state.app, version, "failed", failure.reason, failure.output ?? null);
    await this.#refresh(state.app.id);
    this.#schedulePublish();
    return failure.reason;
  }

  /** Runs the Procfile's `release:` task once in the new release; resolves with why it failed, if it did. */
  async #releasePhase(app: App, release: Release, task: string): Promise<BootFailure | undefined> {
    const output = (text: string) => this.options.releaseOutput(release, text);
    output(`-----> Running the release phase: ${task}\n`);
    // Its last lines go into the failure, for those who did not watch the output (config-change releases).
    const last: string[] = [];
    try {
      const started = await this.#oneOffs.start(
        app,
        {
          type: "release",
          command: [task],
          timeoutSeconds: this.options.releaseTimeoutSeconds,
          io: {
            kind: "log",
            tee: (line) => {
              output(`       ${line}\n`);
              last.push(line.slice(0, 1000));
              if (last.length > 200) last.shift();
            },
          },
          actor: release.createdBy,
        },
        release,
      );
      const exit = await started.exited;
      if (exit.code === 0 && exit.endedBy === null) {
        output(`-----> Release phase done\n`);
        return undefined;
      }
      // npm's notices come after the real error: the summary names the line that says what went wrong.
      const hint = exit.code === 127 ? commandNotFound(127, last.join("\n"), task) : errorLine(last);
      return {
        reason: `the release phase (${started.name}: ${task}) failed: ${describeExit(exit)}${hint ? `: ${hint}` : ""}`,
        output: tailLines(last),
      };
    } catch (err) {
      return {
        reason: `the release phase could not start: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  }

  /** fifteen.json's healthcheck.timeoutSeconds, else the platform's FIFTEEN_BOOT_TIMEOUT_SECONDS. */
  #bootTimeout(release: Release): number {
    return release.manifest?.healthcheck?.timeoutSeconds ?? this.options.bootTimeoutSeconds;
  }

  /** Resolves with why if any of the processes fails its boot (and what it printed), or undefined once all are up. */
  #waitUp(
    ids: string[],
    bootTimeoutSeconds = this.options.bootTimeoutSeconds,
  ): Promise<BootFailure | undefined> {
    return new Promise((resolve) => {
      const check = () => {
        const procs = this.driver.list().filter((p) => ids.includes(p.id));
        // The boot timeout counts from the spawn: not while a process waits for a start slot or unpacks.
        if (procs.some((p) => p.state === "starting" && p.pid === null)) arm();
        const failed = procs.find((p) => p.bootFailure !== null || p.state === "crashed");
        if (failed)
          return finish({
            reason: failed.bootFailure ?? `${failed.name} crashed during boot (${failed.lastExit})`,
            output: failed.bootOutput ?? undefined,
          });
        if (procs.length === ids.length && procs.every((p) => p.state === "up")) return finish(undefined);
        if (procs.length < ids.length)
          return finish({ reason: "a new process was stopped before it came up" });
      };
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(
          () => {
            const late = this.driver.list().filter((p) => ids.includes(p.id) && p.state !== "up");
            const named = late.map((p) => `${p.name} did not bind $PORT (${p.port ?? "not assigned yet"})`);
            finish({
              reason: `${named.length > 0 ? named.join(", ") : "web processes were not up"} within ${bootTimeoutSeconds} s`,
            });
          },
          (bootTimeoutSeconds + 5) * 1000,
        );
      };
      arm();
      const off = this.driver.onChange(check);
      const finish = (failure: BootFailure | undefined) => {
        clearTimeout(timer);
        off();
        resolve(failure);
      };
      check();
    });
  }

  // The route table

  #schedulePublish(): void {
    if (this.#publishQueued) return;
    this.#publishQueued = true;
    setImmediate(() => {
      this.#publishQueued = false;
      this.#publish();
    });
  }

  #publish(): void {
    if (this.#handedOff) return;
    const processes = this.driver.list();
    const hosts: RouteTable["hosts"] = {};
    for (const state of this.#states.values()) {
      const route = this.#route(state, processes);
      hosts[`${state.app.name}.localhost`] = route;
      for (const domain of state.domains) hosts[domain] = route;
    }
    const body = JSON.stringify(hosts);
    if (body === this.#lastTable) return;
    this.#lastTable = body;
    this.routes.publish({ version: ++this.#tableVersion, hosts });
  }

  #route(state: AppRuntimeState, processes: ProcessStatus[]): AppRoute {
    const base = {
      appId: state.app.id,
      app: state.app.name,
      ...(state.app.maintenance ? { maintenance: true } : {}),
    };
    const release = state.release;
    if (!release && state.failedRelease)
      return { ...base, status: "failed", failed: state.failedRelease, backends: [] };
    if (!release) return { ...base, status: "not-deployed", backends: [] };
    if (!release.processTypes.web || (state.formation.web ?? 0) === 0)
      return { ...base, status: "no-web", backends: [] };
    const web = processes.filter((p) => p.appId === state.app.id && p.web && p.release === release.version);
    const backends = web
      .filter((p) => p.state === "up" && p.port !== null && !this.#draining.has(p.id))
      .map((p) => ({ id: p.id, process: p.name, port: p.port as number }));
    if (backends.length > 0) return { ...base, status: "ok", backends };
    return { ...base, status: web.some((p) => p.state === "crashed") ? "crashed" : "starting", backends };
  }
}
