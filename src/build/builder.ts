// The builder: unpack a source, pick a buildpack by detection, build in a child process, pack the slug.
import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import * as tar from "tar";
import { checkFormationTypes, type BuildJob, type BuildResult, type SlugStore } from "../core/index.js";
import { FifteenError } from "../shared/errors.js";
import { BUILDPACKS, type Buildpack, type BuildContext } from "./buildpacks/index.js";
import { runStep } from "./exec.js";
import { readManifest } from "./manifest.js";

export interface BuilderOptions {
  workDir: string;
  cacheDir: string;
  slugs: SlugStore;
  childEnv: Readonly<Record<string, string>>;
  /** Whether fifteen.json's cron schedules may have a seconds field (FIFTEEN_CRON_SECONDS). */
  cronSeconds?: boolean;
}

export interface BuildRun {
  job: BuildJob;
  signal: AbortSignal;
  log(text: string): void;
  /** Set as soon as detection picks a buildpack, so a failure can still report it. */
  onBuildpack(name: string): void;
}

export class Builder {
  constructor(private readonly options: BuilderOptions) {}

  async build(run: BuildRun): Promise<BuildResult> {
    const { job, log } = run;
    const work = join(this.options.workDir, job.build.id);
    const dir = join(work, "app");
    const from = job.source.commit ? `commit ${job.source.commit}` : `source sha256:${job.source.digest}`;
    log(`-----> Build ${job.build.number} of ${job.app.name} from ${from}\n`);
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await mkdir(join(work, "home"), { recursive: true, mode: 0o700 });
      await tar.x({ file: job.sourcePath, cwd: dir, strict: true, preservePaths: false });
      const manifest = await readManifest(dir, log, { cronSeconds: this.options.cronSeconds ?? false });
      const buildpack = manifest?.buildpack
        ? this.chosen(manifest.buildpack, log)
        : await this.detect(dir, log);
      run.onBuildpack(buildpack.name);
      const cacheDir = join(this.options.cacheDir, job.app.name);
      await mkdir(cacheDir, { recursive: true, mode: 0o700 });
      const processTypes = await buildpack.build(this.context(run, dir, cacheDir, join(work, "home")));
      this.checkAborted(run.signal);
      log(`-----> Process types: ${Object.keys(processTypes).join(", ")}\n`);
      if (manifest) checkFormationTypes(manifest, processTypes);
      const slugFile = join(work, "slug.tgz");
      const entries = await readdir(dir);
      await tar.c(
        { gzip: true, file: slugFile, cwd: dir, portable: true },
        entries.length > 0 ? entries : ["."],
      );
      const { digest, size } = await this.options.slugs.put(slugFile);
      log(`-----> Compressed slug: ${(size / 1024).toFixed(1)} KB, sha256:${digest}\n`);
      return { buildpack: buildpack.name, slugDigest: digest, processTypes, manifest };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /** The buildpack fifteen.json names (the schema allows only known names). */
  private chosen(name: string, log: (text: string) => void): Buildpack {
    const buildpack = BUILDPACKS.find((b) => b.name === name);
    if (!buildpack)
      throw new FifteenError("MANIFEST_INVALID", `fifteen.json: /buildpack: no buildpack "${name}".`);
    log(`-----> Using the ${buildpack.name} buildpack (set in fifteen.json; detection skipped)\n`);
    return buildpack;
  }

  private async detect(dir: string, log: (text: string) => void): Promise<Buildpack> {
    log("-----> Detecting buildpack\n");
    for (const buildpack of BUILDPACKS) {
      const { matched, reason } = await buildpack.detect(dir);
      log(`       ${buildpack.name}: ${matched ? "yes" : "no"} (${reason})\n`);
      if (matched) {
        log(`-----> Using the ${buildpack.name} buildpack\n`);
        return buildpack;
      }
    }
    throw new FifteenError(
      "NO_BUILDPACK",
      "No buildpack matched: add package.json and package-lock.json (node), index.html (static site) " +
        "or a Procfile (anything else).",
    );
  }

  private context(run: BuildRun, dir: string, cacheDir: string, home: string): BuildContext {
    return {
      dir,
      cacheDir,
      log: run.log,
      run: async (argv, extraEnv = {}) => {
        this.checkAborted(run.signal);
        const env = { ...this.options.childEnv, HOME: home, CI: "true", ...extraEnv };
        const code = await runStep(argv, {
          cwd: dir,
          env,
          signal: run.signal,
          onOutput: (text) => run.log(indent(text)),
        });
        this.checkAborted(run.signal);
        if (code !== 0) {
          throw new FifteenError("BUILD_COMMAND_FAILED", `\`${argv.join(" ")}\` exited with code ${code}.`);
        }
      },
    };
  }

  private checkAborted(signal: AbortSignal): void {
    if (signal.aborted)
      throw signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
  }
}

/** Heroku-style indentation for step output, so the `----->` headers stand out. */
function indent(text: string): string {
  return text.replace(/^(?=.)/gm, "       ");
}
