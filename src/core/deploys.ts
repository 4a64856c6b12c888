// Deploys: what happens to a built slug. Before its release, fifteen.json's config defaults, add-ons and sizes;
// then the release; once the release settles, the rest of the manifest (cron jobs, formation, postdeploy) and the
// outcome, all said in the deploy's output.
import { FifteenError } from "../shared/errors.js";
import type { App } from "./types.js";
import type { BuildJob, BuildResult, BuildService } from "./builds.js";
import type { EventBus } from "./events.js";
import type { Manifest, ManifestService } from "./manifest/index.js";
import { describeExit } from "./one-off-exit.js";
import type { OneOffExit } from "./ports.js";
import type { ReleaseService } from "./releases.js";
import type { Release } from "./types.js";

/** Runs a deploy's postdeploy command as a one-off in the app's live release, its lines to `tee`. */
export type PostdeployRunner = (
  app: App,
  command: string,
  actor: string,
  tee: (line: string) => void,
) => Promise<{ name: string; exit: OneOffExit }>;

/** Where a deploy is told: the build's output, and the platform log for what went unexpectedly wrong. */
export interface DeployOutput {
  /** Appends whole lines to the deploy's output. */
  log(text: string): void;
  /** A failure that is no FifteenError: the output shows only its message, the platform log the rest. */
  unexpected(err: unknown, message: string): void;
  /** When the deploy began (ms since the epoch): the "Released" line says how long it took. */
  startedAt: number;
  /** Runs scripts.postdeploy; without one, a first deploy has nothing to run it with. */
  postdeploy?: PostdeployRunner | undefined;
}

/** A deploy whose release is written and rolling out. */
export interface Deploy {
  release: Release;
  /**
   * Waits for the release to settle, then (once live) applies the rest of the manifest and runs postdeploy, and
   * says the outcome. Resolves with the settled release, or undefined if `signal` aborted first: then nothing
   * more is applied or said. Call it once: it ends the deploy's watch on release events.
   */
  settled(signal: AbortSignal): Promise<Release | undefined>;
}

/** The releases of one app that settle from the moment a deploy starts watching. */
class SettleWatch {
  readonly #seen = new Map<number, Release>();
  readonly #waiters = new Map<number, (release: Release) => void>();
  readonly stop: () => void;

  constructor(events: EventBus, appId: string) {
    this.stop = events.on("release.settled", ({ app, release }) => {
      if (app.id !== appId) return;
      this.#seen.set(release.version, release);
      this.#waiters.get(release.version)?.(release);
    });
  }

  /** Release `version` once settled; undefined if `signal` aborts first. */
  wait(version: number, signal: AbortSignal): Promise<Release | undefined> {
    return new Promise((resolve) => {
      const done = this.#seen.get(version);
      if (done) return resolve(done);
      this.#waiters.set(version, resolve);
      signal.addEventListener("abort", () => resolve(undefined), { once: true });
    });
  }
}

export class DeployService {
  constructor(
    private readonly events: EventBus,
    private readonly builds: BuildService,
    private readonly releases: ReleaseService,
    private readonly manifests: ManifestService,
  ) {}

  /**
   * Applies what fifteen.json asks before the release (config defaults on a first deploy, add-ons, sizes), then
   * records the build's success and its release. Undefined when the build was canceled meanwhile (no release).
   * Throws what failed the deploy, before any release exists.
   */
  async release(job: BuildJob, result: BuildResult, output: DeployOutput): Promise<Deploy | undefined> {
    const { app } = job;
    const actor = job.build.createdBy;
    // Listen before the release exists: a rollout with nothing to start settles at once.
    const watch = new SettleWatch(this.events, app.id);
    try {
      // Read before the release exists: formation defaults compare against what was live until now.
      const previous = await this.manifests.live(app);
      const firstDeploy = !(await this.manifests.deployed(app));
      const say = (lines: string[]) => {
        for (const line of lines) output.log(`-----> Manifest: ${line}\n`);
        return lines.length;
      };
      let changes = say(await this.manifests.applyConfigDefaults(app, result.manifest, actor));
      if (result.manifest) changes += say(await this.manifests.provisionAddons(app, result.manifest, actor));
      changes += say(await this.manifests.applySizes(app, result.manifest, previous));
      const release = await this.builds.succeed(job, result);
      if (!release) {
        watch.stop();
        return undefined;
      }
      output.log(`-----> Launching v${release.version}: starting the new processes beside the old ones\n`);
      const live = { job, manifest: result.manifest, previous, firstDeploy, changedBefore: changes > 0 };
      return {
        release,
        settled: (signal) =>
          this.#settled(watch.wait(release.version, signal), live, output).finally(watch.stop),
      };
    } catch (err) {
      watch.stop();
      throw err;
    }
  }

  /** Once the release settled: the rest of the manifest and postdeploy if it is live, and the outcome. */
  async #settled(
    settling: Promise<Release | undefined>,
    live: LiveSteps,
    output: DeployOutput,
  ): Promise<Release | undefined> {
    const outcome = await settling;
    if (!outcome) return undefined;
    const { job, manifest } = live;
    if (outcome.status !== "succeeded") {
      output.log(await this.#releaseFailed(job.app, outcome));
      return outcome;
    }
    await this.#applyLive(live, output);
    const seconds = ((Date.now() - output.startedAt) / 1000).toFixed(1);
    output.log(`-----> Released v${outcome.version} (${seconds} s)\n`);
    const postdeploy = manifest?.scripts?.postdeploy;
    if (live.firstDeploy && postdeploy && output.postdeploy)
      await this.#postdeploy(job, postdeploy, output.postdeploy, output);
    return outcome;
  }

  /** Once live: cron jobs and formation defaults follow fifteen.json; the output says what changed. */
  async #applyLive(
    { job, manifest, previous, changedBefore }: LiveSteps,
    output: DeployOutput,
  ): Promise<void> {
    try {
      const lines = await this.manifests.applyLive(job.app, manifest, previous);
      for (const line of lines) output.log(`-----> Manifest: ${line}\n`);
      if (lines.length === 0 && !changedBefore && manifest)
        output.log("-----> Manifest: nothing to change\n");
    } catch (err) {
      // The release is live already; what could not be applied is said, and the next deploy tries again.
      const message = err instanceof Error ? err.message : String(err);
      if (!(err instanceof FifteenError)) output.unexpected(err, "manifest apply failed");
      output.log(` !     Manifest: could not apply cron jobs or formation: ${message}\n`);
    }
  }

  /**
   * The first successful deploy runs the manifest's `scripts.postdeploy` once, as a one-off in the live
   * release, its output in the deploy's. A failure is reported; the release stays live (it already is).
   */
  async #postdeploy(
    job: BuildJob,
    command: string,
    run: PostdeployRunner,
    output: DeployOutput,
  ): Promise<void> {
    const log = (text: string) => output.log(text);
    log(`-----> Running postdeploy (first deploy): ${command}\n`);
    try {
      const { name, exit } = await run(job.app, command, job.build.createdBy, (line) =>
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
  async #releaseFailed(app: App, release: Release): Promise<string> {
    const lines = [`Release v${release.version} failed: ${release.failure ?? "see fifteen logs"}`];
    if (release.failureOutput && release.failureOutput.length > 0) {
      lines.push("Its last output:", ...release.failureOutput.map((line) => `  ${line}`));
    }
    const live = await this.releases.live(app).catch(() => undefined);
    lines.push(
      live
        ? `v${live.version} keeps serving.`
        : "There is no previous release, so no release is serving: fix the error and deploy again.",
    );
    return `\n${lines.map((line) => ` !     ${line}`).join("\n")}\n`;
  }
}

/** What a deploy applies once its release is live, as read before the release was written. */
interface LiveSteps {
  job: BuildJob;
  manifest: Manifest | null;
  /** The manifest of the release that was live before. */
  previous: Manifest | null;
  firstDeploy: boolean;
  /** Whether the steps before the release changed anything (else "nothing to change" when nothing changes now). */
  changedBefore: boolean;
}
