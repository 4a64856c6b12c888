// The build worker: runs queued builds one at a time per app, with a time limit, cancel and shutdown.
import { SpanStatusCode, type Tracer } from "@opentelemetry/api";
import { ATTR_ERROR_TYPE } from "@opentelemetry/semantic-conventions";
import type { Logger } from "pino";
import type {
  App,
  BuildJob,
  BuildOutput,
  BuildResult,
  Core,
  Manifest,
  OneOffExit,
  Release,
} from "../core/index.js";
import { describeExit } from "../runtime/one-offs.js";
import { FifteenError } from "../shared/errors.js";
import { noopTracer } from "../telemetry/tracing.js";
import type { Builder } from "./builder.js";

export class BuildWorker {
  readonly #queues = new Map<string, Promise<void>>();
  readonly #running = new Map<string, { appId: string; controller: AbortController }>();
  readonly #unsubscribe: Array<() => void> = [];
  #stopping = false;
  /** Builds wait for it: a restarted platform first ends the build steps its earlier run left running. */
  #ready: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly core: Core,
    private readonly builder: Builder,
    private readonly output: BuildOutput,
    private readonly options: {
      timeoutSeconds: number;
      /** How long a deploy's output waits for its release to go live or fail. */
      releaseTimeoutSeconds: number;
      log: Logger;
      /** Build output also goes to the app's log stream (source "build"). */
      buildLog(appId: string, app: string, text: string): void;
      /** A span per build, from its start to its slug and release (or failure). */
      tracer?: Tracer;
      /** Runs the manifest's postdeploy command as a one-off in the live release, its lines to `tee`. */
      postdeploy?: (
        app: App,
        command: string,
        actor: string,
        tee: (line: string) => void,
      ) => Promise<{ name: string; exit: OneOffExit }>;
    },
  ) {}

  /** Takes queued builds from now on, running them once `ready` resolves. */
  start(ready: Promise<unknown> = Promise.resolve()): void {
    this.#ready = ready.catch(() => undefined);
    const { events } = this.core;
    this.#unsubscribe.push(
      events.on("build.queued", ({ app, build }) => this.enqueue(app.id, build.id)),
      events.on("build.canceled", ({ build }) =>
        this.#running
          .get(build.id)
          ?.controller.abort(new FifteenError("BUILD_CANCELED", "Canceled by request.")),
      ),
      events.on("app.destroyed", ({ app }) => {
        for (const run of this.#running.values()) {
          if (run.appId === app.id)
            run.controller.abort(new FifteenError("BUILD_CANCELED", "The app was destroyed."));
        }
      }),
    );
  }

  /** Stops taking builds, interrupts running ones and waits for them to record their outcome. */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const off of this.#unsubscribe) off();
    for (const run of this.#running.values()) {
      run.controller.abort(
        new FifteenError("BUILD_INTERRUPTED", "The platform is shutting down; deploy again."),
      );
    }
    await Promise.allSettled([...this.#queues.values()]);
  }

  private enqueue(appId: string, buildId: string): void {
    const previous = this.#queues.get(appId) ?? this.#ready;
    const next = previous.then(() => this.run(appId, buildId));
    this.#queues.set(appId, next);
    void next.finally(() => {
      if (this.#queues.get(appId) === next) this.#queues.delete(appId);
    });
  }

  private async run(appId: string, buildId: string): Promise<void> {
    if (this.#stopping) return;
    const job = await this.core.builds.start(buildId, appId).catch((err: unknown) => {
      this.options.log.error({ err, buildId }, "could not start build");
      return undefined;
    });
    if (!job) return;
    const controller = new AbortController();
    const timer = setTimeout(
      () =>
        controller.abort(
          new FifteenError(
            "BUILD_TIMEOUT",
            `The build ran longer than ${this.options.timeoutSeconds} s (FIFTEEN_BUILD_TIMEOUT_SECONDS) and was stopped.`,
          ),
        ),
      this.options.timeoutSeconds * 1000,
    );
    this.#running.set(buildId, { appId, controller });
    const log = (text: string) => {
      this.output.append(buildId, text);
      for (const line of text.split("\n"))
        if (line.trim()) this.options.buildLog(job.app.id, job.app.name, line);
    };
    // Listen before the release exists: a rollout with nothing to start settles at once.
    const settled = new Map<number, Release>();
    const waiters = new Map<number, (release: Release) => void>();
    const off = this.core.events.on("release.settled", ({ app, release }) => {
      if (app.id !== job.app.id) return;
      settled.set(release.version, release);
      waiters.get(release.version)?.(release);
    });
    let buildpack: string | null = null;
    const started = Date.now();
    const span = (this.options.tracer ?? noopTracer).startSpan("build", {
      attributes: { "fifteen.app": job.app.name, "fifteen.build": job.build.number },
    });
    let spanEnded = false;
    const endSpan = (release: Release | undefined, code?: string) => {
      if (spanEnded) return;
      spanEnded = true;
      if (buildpack) span.setAttribute("fifteen.buildpack", buildpack);
      if (release) span.setAttribute("fifteen.release", `v${release.version}`);
      if (code) {
        span.setAttribute(ATTR_ERROR_TYPE, code);
        span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      }
      span.end();
    };
    try {
      const result = await this.builder.build({
        job,
        signal: controller.signal,
        log,
        onBuildpack: (name) => (buildpack = name),
        uid: await this.core.runtime.uid(job.app),
        // As Heroku's buildpack env dir: the config at the time the build starts.
        config: await this.core.config.current(job.app),
      });
      // Read before the release exists: formation defaults compare against what was live until now.
      const previous = await this.core.manifests.live(job.app);
      const firstDeploy = !(await this.core.manifests.deployed(job.app));
      const defaults = await this.core.manifests.applyConfigDefaults(
        job.app,
        result.manifest,
        job.build.created_by,
      );
      for (const line of defaults) log(`-----> Manifest: ${line}\n`);
      const provisioned = result.manifest
        ? await this.core.manifests.provisionAddons(job.app, result.manifest, job.build.created_by)
        : [];
      for (const line of provisioned) log(`-----> Manifest: ${line}\n`);
      const sized = await this.core.manifests.applySizes(job.app, result.manifest, previous);
      for (const line of sized) log(`-----> Manifest: ${line}\n`);
      const release = await this.core.builds.succeed(job, result);
      // The build is done: the rollout has its own boot timeout (and its own span).
      clearTimeout(timer);
      endSpan(release);
      this.options.log.info(
        { app: job.app.name, build: job.build.number, release: release?.version },
        "build succeeded",
      );
      if (release) {
        log(`-----> Launching v${release.version}: starting the new processes beside the old ones\n`);
        const outcome = await new Promise<Release | undefined>((resolve) => {
          const done = settled.get(release.version);
          if (done) return resolve(done);
          waiters.set(release.version, resolve);
          controller.signal.addEventListener("abort", () => resolve(undefined), { once: true });
          // The runtime always settles a release; this only bounds the wait if something went badly wrong.
          setTimeout(() => resolve(undefined), this.options.releaseTimeoutSeconds * 1000).unref();
        });
        if (outcome?.status === "succeeded")
          await this.applyManifest(
            job,
            result,
            previous,
            defaults.length + provisioned.length + sized.length > 0,
            log,
          );
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (outcome?.status === "succeeded") log(`-----> Released v${release.version} (${seconds} s)\n`);
        else if (outcome) log(await this.releaseFailed(job, outcome));
        const postdeploy = result.manifest?.scripts?.postdeploy;
        if (outcome?.status === "succeeded" && firstDeploy && postdeploy)
          await this.postdeploy(job, postdeploy, log);
      }
    } catch (err) {
      endSpan(undefined, await this.failed(job, err, buildpack, log));
    } finally {
      off();
      clearTimeout(timer);
      this.output.close(buildId);
      this.#running.delete(buildId);
    }
  }

  /** Once live: cron jobs and formation defaults follow fifteen.json; the output says what changed. */
  private async applyManifest(
    job: BuildJob,
    result: BuildResult,
    previous: Manifest | null,
    changedBefore: boolean,
    log: (text: string) => void,
  ): Promise<void> {
    try {
      const lines = await this.core.manifests.applyLive(job.app, result.manifest, previous);
      for (const line of lines) log(`-----> Manifest: ${line}\n`);
      if (lines.length === 0 && !changedBefore && result.manifest)
        log("-----> Manifest: nothing to change\n");
    } catch (err) {
      // The release is live already; what could not be applied is said, and the next deploy tries again.
      const message = err instanceof Error ? err.message : String(err);
      if (!(err instanceof FifteenError))
        this.options.log.error({ err, app: job.app.name }, "manifest apply failed");
      log(` !     Manifest: could not apply cron jobs or formation: ${message}\n`);
    }
  }

  /**
   * The first successful deploy runs the manifest's `scripts.postdeploy` once, as a one-off in the live
   * release, its output in the deploy's. A failure is reported; the release stays live (it already is).
   */
  private async postdeploy(job: BuildJob, command: string, log: (text: string) => void): Promise<void> {
    if (!this.options.postdeploy) return;
    log(`-----> Running postdeploy (first deploy): ${command}\n`);
    try {
      const { name, exit } = await this.options.postdeploy(job.app, command, job.build.created_by, (line) =>
        log(`       ${line}\n`),
      );
      if (exit.code === 0 && exit.endedBy === null) log(`-----> Postdeploy done (${name})\n`);
      else
        log(
          ` !     Postdeploy ${name} failed: ${describeExit(exit)}. The release is live; run it again with \`fifteen run -a ${job.app.name} -- ${command}\`.\n`,
        );
    } catch (err) {
      log(` !     Postdeploy could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }

  /** What a deploy whose release failed ends with: why, the lines that show it, and what serves now. */
  private async releaseFailed(job: BuildJob, release: Release): Promise<string> {
    const lines = [`Release v${release.version} failed: ${release.failure ?? "see fifteen logs"}`];
    if (release.failureOutput && release.failureOutput.length > 0) {
      lines.push("Its last output:", ...release.failureOutput.map((line) => `  ${line}`));
    }
    const live = await this.core.releases.live(job.app).catch(() => undefined);
    lines.push(
      live
        ? `v${live.version} keeps serving.`
        : "There is no previous release, so no release is serving: fix the error and deploy again.",
    );
    return `\n${lines.map((line) => ` !     ${line}`).join("\n")}\n`;
  }

  /** Records the failure; resolves with its code. */
  private async failed(
    job: BuildJob,
    err: unknown,
    buildpack: string | null,
    log: (text: string) => void,
  ): Promise<string> {
    const known = err instanceof FifteenError;
    const code = known ? err.code : "INTERNAL";
    const message = known ? err.message : "The build failed unexpectedly; the platform log has the details.";
    if (!known) this.options.log.error({ err, app: job.app.name, build: job.build.number }, "build crashed");
    if (code !== "BUILD_CANCELED") log(`\n !     Build failed: ${message}\n`);
    await this.core.builds.fail(job, code, message, buildpack).catch((failErr: unknown) => {
      this.options.log.error({ err: failErr, build: job.build.id }, "could not record build failure");
    });
    this.options.log.info({ app: job.app.name, build: job.build.number, code }, "build failed");
    return code;
  }
}
