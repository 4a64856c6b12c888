// Rollouts, compute-then-apply: a pure plan of a deploy's steps (or a resize's replacements), and the applier
// that carries them out through the reconciler's process operations. Surge-first: new web processes must be up
// before the release goes live; only then are the old ones drained and stopped (by converging on the formation).
import { SpanStatusCode, type Span, type Tracer } from "@opentelemetry/api";
import type { Logger } from "pino";
import type { App, AppRuntimeState, Core, Release } from "../core/index.js";
import { commandNotFound } from "../shared/command-not-found.js";
import { errorLine, tailLines } from "../shared/failure-lines.js";
import { noopTracer } from "../telemetry/tracing.js";
import type { BootFailure } from "./boot-wait.js";
import type { ProcessStatus } from "./driver.js";
import { describeExit, type OneOffs } from "./one-offs.js";

export type RolloutStep =
  /** fifteen.json's required config: a release missing it starts nothing, not even its release task. */
  | { kind: "check-config" }
  | { kind: "release-phase"; task: string }
  /** Surge: web.1..quantity of the new release start beside the old ones. */
  | { kind: "start-web"; quantity: number }
  /** Every new web process up, or the release fails (the old ones keep serving). */
  | { kind: "wait-up" }
  /** The release is settled live and the router switches to its processes. */
  | { kind: "go-live" }
  /** The formation converges on the live release: old processes drain and stop, other types start. */
  | { kind: "converge" };

/** A pending release's rollout. As on Heroku, a rollback does not run the release phase. */
export function planRollout(release: Release, formation: Record<string, number>): RolloutStep[] {
  const task = release.processTypes.release;
  return [
    { kind: "check-config" },
    ...(task && release.rollbackOf === null ? [{ kind: "release-phase" as const, task }] : []),
    { kind: "start-web", quantity: release.processTypes.web ? (formation.web ?? 1) : 0 },
    { kind: "wait-up" },
    { kind: "go-live" },
    { kind: "converge" },
  ];
}

/** A resize: the types' other processes stop at once; web ones are replaced one at a time, each once its fresh one is up. */
export function planReplace(
  current: readonly ProcessStatus[],
  types: readonly string[],
): { stop: ProcessStatus[]; replace: ProcessStatus[] } {
  const old = current.filter((p) => types.includes(p.type));
  return { stop: old.filter((p) => !p.web), replace: old.filter((p) => p.web) };
}

/** What the applier needs from the reconciler: its process operations and the release services. */
export interface RolloutPorts {
  releases: Pick<Core["releases"], "get" | "settle">;
  manifests: Pick<Core["manifests"], "configFailure">;
  runtime: Pick<Core["runtime"], "byId">;
  oneOffs: Pick<OneOffs, "start">;
  closed(): boolean;
  refresh(appId: string): Promise<AppRuntimeState | undefined>;
  /** The formation's processes of the live release, not stopping. */
  current(appId: string): ProcessStatus[];
  processes(appId: string): ProcessStatus[];
  startProcess(state: AppRuntimeState, release: Release, type: string, index: number): Promise<string>;
  stopProcess(p: ProcessStatus): Promise<void>;
  waitUp(appId: string, ids: string[], bootTimeoutSeconds: number): Promise<BootFailure | undefined>;
  publish(): void;
  /**
   * Routes to the release's up web processes now, before it is settled, and resolves once the data plane
   * serves them: whoever waits for the release to read as succeeded (the CLI) then reaches it.
   */
  serve(appId: string, release: Release): Promise<void>;
  schedulePublish(): void;
  reconcile(appId: string, refresh: boolean): Promise<void>;
}

export interface RolloutOptions {
  bootTimeoutSeconds: number;
  releaseTimeoutSeconds: number;
  log: Logger;
  platformLog(appId: string, app: string, text: string): void;
  releaseOutput(release: Release, text: string): void;
  tracer?: Tracer | undefined;
}

export class Rollouts {
  constructor(
    private readonly ports: RolloutPorts,
    private readonly options: RolloutOptions,
  ) {}

  /** fifteen.json's healthcheck.timeoutSeconds, else the platform's FIFTEEN_BOOT_TIMEOUT_SECONDS. */
  bootTimeout(release: Release): number {
    return release.manifest?.healthcheck?.timeoutSeconds ?? this.options.bootTimeoutSeconds;
  }

  /**
   * A rollout that throws must still settle its release (failed, with the error) and stop what it started, and
   * nothing in that clean-up may throw in turn: the app's queue moves on to its next work either way.
   */
  async rollout(appId: string, version: number): Promise<void> {
    const started: string[] = [];
    const span = (this.options.tracer ?? noopTracer).startSpan("deploy", {
      attributes: { "fifteen.release": `v${version}` },
    });
    try {
      const failure = await this.#apply(appId, version, started, span);
      if (failure) span.setStatus({ code: SpanStatusCode.ERROR, message: failure });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      this.options.log.error({ err, appId, version }, "rollout failed");
      await this.#stopStarted(appId, started);
      try {
        const state = await this.ports.runtime.byId(appId);
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

  /** Carries out the planned steps in order; resolves with the reason the release failed, if it did. */
  async #apply(appId: string, version: number, ids: string[], span: Span): Promise<string | undefined> {
    // Shutting down: the release stays pending, and the next start fails it ("the platform restarted…").
    if (this.ports.closed()) return undefined;
    const state = await this.ports.refresh(appId);
    if (!state) return undefined;
    span.setAttribute("fifteen.app", state.app.name);
    const release = await this.ports.releases.get(state.app, version);
    if (release.status !== "pending") return undefined;
    const say = (text: string) => this.options.platformLog(appId, state.app.name, text);
    for (const step of planRollout(release, state.formation)) {
      switch (step.kind) {
        case "check-config": {
          const missing = await this.ports.manifests.configFailure(state.app, release);
          if (missing) return this.#fail(state, version, { reason: missing });
          break;
        }
        case "release-phase": {
          const failure = await this.#releasePhase(state.app, release, step.task);
          if (failure) return this.#fail(state, version, failure);
          span.addEvent("release phase done");
          break;
        }
        case "start-web":
          say(
            `release v${version} created (${release.description}); starting ${step.quantity} web process(es)`,
          );
          for (let index = 1; index <= step.quantity; index++)
            ids.push(await this.ports.startProcess(state, release, "web", index));
          break;
        case "wait-up": {
          const failure = await this.ports.waitUp(appId, ids, this.bootTimeout(release));
          if (failure) {
            await this.#stopStarted(appId, ids);
            return this.#fail(state, version, failure);
          }
          span.addEvent("web processes up");
          break;
        }
        case "go-live":
          await this.ports.serve(appId, release);
          await this.ports.releases.settle(state.app, version, "succeeded", null);
          await this.ports.refresh(appId);
          this.ports.publish();
          say(`release v${version} is live`);
          break;
        case "converge":
          await this.ports.reconcile(appId, false);
          break;
      }
    }
    return undefined;
  }

  /**
   * Replaces the types' processes with fresh ones under their new limits. Web processes go one at a time,
   * each only once its replacement is up (as in a deploy), so the app keeps answering even with one.
   */
  async replace(appId: string, types: string[]): Promise<void> {
    const state = await this.ports.refresh(appId);
    const { stop, replace } = planReplace(this.ports.current(appId), types);
    await Promise.all(stop.map((p) => this.ports.stopProcess(p)));
    const release = state?.release;
    for (const p of replace) {
      if (this.ports.closed() || !state || !release) break;
      const failure = await this.#swap(state, release, p);
      if (failure)
        this.options.platformLog(
          appId,
          p.app,
          `${p.name} kept its old limit: the new one did not come up (${failure})`,
        );
    }
    await this.ports.reconcile(appId, false);
  }

  /**
   * Restarts a web process surge-first (`ps:restart`): a fresh one of the live release takes its place as in
   * a resize, so even a lone web process leaves its app serving. Resolves with why the fresh one did not come up.
   */
  async surge(appId: string, p: ProcessStatus): Promise<string | undefined> {
    const state = await this.ports.refresh(appId);
    if (!state?.release) return "the app has no live release";
    return this.#swap(state, state.release, p);
  }

  /**
   * Starts a fresh process in p's slot (same type and index: the two share the name for a moment), and once it
   * is up routes it, then drains and stops p. If it does not come up, it is stopped and p keeps serving.
   */
  async #swap(state: AppRuntimeState, release: Release, p: ProcessStatus): Promise<string | undefined> {
    const appId = state.app.id;
    const fresh = await this.ports.startProcess(state, release, p.type, p.index);
    const failure = (await this.ports.waitUp(appId, [fresh], this.bootTimeout(release)))?.reason;
    if (failure) {
      const started = this.ports.processes(appId).find((x) => x.id === fresh);
      if (started) await this.ports.stopProcess(started);
      return failure;
    }
    this.ports.publish();
    await this.ports.stopProcess(p);
    return undefined;
  }

  /** Stops a failed rollout's new processes; one that cannot be stopped cleanly does not hold up the rest. */
  async #stopStarted(appId: string, ids: string[]): Promise<void> {
    const results = await Promise.allSettled(
      this.ports
        .processes(appId)
        .filter((p) => ids.includes(p.id))
        .map((p) => this.ports.stopProcess(p)),
    );
    for (const result of results)
      if (result.status === "rejected")
        this.options.log.error({ err: result.reason }, "could not stop a process of a failed rollout");
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
    await this.ports.releases.settle(state.app, version, "failed", failure.reason, failure.output ?? null);
    await this.ports.refresh(state.app.id);
    this.ports.schedulePublish();
    return failure.reason;
  }

  /** Runs the Procfile's `release:` task once in the new release; resolves with why it failed, if it did. */
  async #releasePhase(app: App, release: Release, task: string): Promise<BootFailure | undefined> {
    const output = (text: string) => this.options.releaseOutput(release, text);
    output(`-----> Running the release phase: ${task}\n`);
    // Its last lines go into the failure, for those who did not watch the output (config-change releases).
    const last: string[] = [];
    try {
      const started = await this.ports.oneOffs.start(
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
}
