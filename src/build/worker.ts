// The build worker: runs queued builds one at a time per app, with a time limit, cancel and shutdown, and hands
// each slug to core (core.deploys), streaming the deploy's output until its release settles.
import { SpanStatusCode, type Tracer } from "@opentelemetry/api";
import { ATTR_ERROR_TYPE } from "@opentelemetry/semantic-conventions";
import type { Logger } from "pino";
import type { BuildJob, BuildOutput, Core, PostdeployRunner, Release } from "../core/index.js";
import { FifteenError } from "../shared/errors.js";
import { KeyedQueue } from "../shared/keyed-queue.js";
import { noopTracer } from "../telemetry/tracing.js";
import type { Builder } from "./builder.js";

export class BuildWorker {
  /** One build at a time per app, apps side by side; none before `#ready`. */
  readonly #queue = new KeyedQueue(() => this.#ready);
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
      postdeploy?: PostdeployRunner;
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
    await this.#queue.settled();
  }

  private enqueue(appId: string, buildId: string): void {
    void this.#queue.run(appId, () => this.run(appId, buildId));
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
      const deploy = await this.core.deploys.release(job, result, {
        log,
        unexpected: (err, message) => this.options.log.error({ err, app: job.app.name }, message),
        startedAt: started,
        postdeploy: this.options.postdeploy,
      });
      // The build is done: the rollout has its own boot timeout (and its own span).
      clearTimeout(timer);
      endSpan(deploy?.release);
      this.options.log.info(
        { app: job.app.name, build: job.build.number, release: deploy?.release.version },
        "build succeeded",
      );
      if (deploy) {
        // From here an abort (the app destroyed, shutdown) only ends the wait for the release's outcome.
        const waiting = new AbortController();
        this.#running.set(buildId, { appId, controller: waiting });
        // The runtime always settles a release; the time limit only bounds the wait if something went badly wrong.
        await deploy.settled(
          AbortSignal.any([waiting.signal, AbortSignal.timeout(this.options.releaseTimeoutSeconds * 1000)]),
        );
      }
    } catch (err) {
      endSpan(undefined, await this.failed(job, err, buildpack, log));
    } finally {
      clearTimeout(timer);
      this.output.close(buildId);
      this.#running.delete(buildId);
    }
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
