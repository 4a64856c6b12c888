// The builder: unpack a source, pick a buildpack by detection, build in a child process, pack the slug.
import { chmod, chown, lchown, lstat, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as tar from "tar";
import { checkFormationTypes, type BuildJob, type BuildResult, type SlugStore } from "../core/index.js";
import { FifteenError } from "../shared/errors.js";
import { BUILDPACKS, type Buildpack, type BuildContext } from "./buildpacks/index.js";
import { describeMemory } from "../shared/sizes.js";
import type { AppIdentity } from "../isolation/identity.js";
import type { Limiter, ProcessLimits } from "../isolation/limits.js";
import type { Sandbox } from "../isolation/sandbox.js";
import { runStep } from "./exec.js";
import { withoutSpecialBits } from "../shared/file-modes.js";
import { readManifest } from "./manifest.js";
import { unpackArchive } from "./archives.js";
import { confineLinks } from "../shared/links.js";
import { buildEnv, type BuildConfig } from "./build-env.js";
import { describeStepFailure, FAILURE_TAIL_BYTES, withoutServerPaths } from "./step-failure.js";
import { DEFAULT_TAR_LIMITS, type TarLimits } from "./tar-safety.js";
import { exists } from "./buildpacks/files.js";
import { PLATFORM_NODE, selectNode, type NodeRuntime } from "./buildpacks/node-runtime.js";
import type { Toolchain, Toolchains } from "../toolchains/toolchains.js";
import { writeSlugRuntime, type SlugRuntime } from "../toolchains/slug-runtime.js";
import { appPath } from "../shared/app-path.js";
import { commandNotFound, OutputTail } from "../shared/command-not-found.js";

export interface BuilderOptions {
  workDir: string;
  cacheDir: string;
  slugs: SlugStore;
  /** The environment every step starts from (LANG, TZ); PATH is the app's own (see app-path.ts), never this one's. */
  childEnv: Readonly<Record<string, string>>;
  /** Installs the Node engines.node asks for, and package managers; absent: the platform's Node and npm only. */
  toolchains?: Toolchains;
  /** Whether fifteen.json's cron schedules may have a seconds field (FIFTEEN_CRON_SECONDS). */
  cronSeconds?: boolean;
  /** Limits on what a source may unpack to (FIFTEEN_MAX_UNPACKED_MB). */
  sourceLimits?: TarLimits;
  /** Whether build steps run as the app's uid (per-app uids on: the platform runs as root). */
  appUids?: boolean;
  /** Each build step's limits (FIFTEEN_BUILD_MEMORY, FIFTEEN_BUILD_PROCESS_LIMIT) and how they are enforced. */
  limiter?: Limiter;
  limits?: ProcessLimits;
  /** Build steps run under it (bubblewrap), seeing the data dir only as its modes allow (`hidden`). */
  sandbox?: Sandbox;
  /** Host paths a step may read (the platform's installation), and the paths it must not look into. */
  readOnlyPaths?: string[];
  hiddenPaths?: string[];
  /** The pid registry each step is recorded in while it runs (ended by the next start after a crash). */
  registryDir?: string;
  /** The operator's npm settings (FIFTEEN_NPMRC, read at start), given to every build as its user .npmrc. */
  npmrc?: Buffer | undefined;
}

export interface BuildRun {
  job: BuildJob;
  signal: AbortSignal;
  log(text: string): void;
  /** Set as soon as detection picks a buildpack, so a failure can still report it. */
  onBuildpack(name: string): void;
  /** The app's uid (= gid): its build steps run as it when per-app uids are on. */
  uid?: number | undefined;
  /** The app's config, and the keys marked runtime-only (never given to the build). */
  config?: BuildConfig;
}

export class Builder {
  constructor(private readonly options: BuilderOptions) {}

  async build(run: BuildRun): Promise<BuildResult> {
    const { job, log } = run;
    const work = join(this.options.workDir, job.build.id);
    const dir = join(work, "app");
    const from = job.build.source.commit
      ? `commit ${job.build.source.commit}`
      : `source sha256:${job.build.source.digest}`;
    log(`-----> Build ${job.build.number} of ${job.app.name} from ${from}\n`);
    const identity =
      this.options.appUids && run.uid !== undefined ? { uid: run.uid, gid: run.uid } : undefined;
    try {
      // work/ lets app uids through to their own build directory, which only they (and root) can enter.
      await mkdir(this.options.workDir, { recursive: true });
      await chmod(this.options.workDir, identity ? 0o711 : 0o700);
      // work/<id> stays root's (0711), so the build's uid can use app/ and home/ but never swap either for a
      // link the platform would then follow when it reads the Procfile or packs the slug.
      await mkdir(work, { recursive: true, mode: 0o700 });
      await chmod(work, identity ? 0o711 : 0o700);
      for (const d of [dir, join(work, "home"), join(work, "tmp")]) await ownedDir(d, identity);
      const npmrc = await this.writeNpmrc(join(work, "home"), identity);
      // Checked again as it streams, in a child process with its own memory limit.
      await unpackArchive(job.sourcePath, dir, this.options.sourceLimits ?? DEFAULT_TAR_LIMITS, {
        owner: identity,
        signal: run.signal,
      });
      const manifest = await readManifest(dir, log, { cronSeconds: this.options.cronSeconds ?? false });
      const buildpack = manifest?.buildpack
        ? this.chosen(manifest.buildpack, log)
        : await this.detect(dir, log);
      run.onBuildpack(buildpack.name);
      // Chosen before any step runs, for every buildpack that builds a package.json (the Procfile one too).
      const node = (await exists(dir, "package.json"))
        ? await selectNode(dir, this.options.toolchains, log)
        : PLATFORM_NODE;
      const globalNpmrc = node.toolchain ? await this.options.toolchains?.npmGlobalConfig() : undefined;
      const cacheDir = join(this.options.cacheDir, job.app.name);
      await mkdir(this.options.cacheDir, { recursive: true });
      await chmod(this.options.cacheDir, identity ? 0o711 : 0o700);
      await ownedDir(cacheDir, identity, true);
      const env = buildEnv(run.config ?? { vars: {}, runtimeOnly: [] }, manifest, log);
      if (npmrc) env.npm_config_userconfig = npmrc;
      // What the buildpack puts on PATH (yarn, pnpm): the app's processes get it too.
      const tools: Toolchain[] = [];
      const processTypes = await buildpack.build(
        this.context(
          run,
          dir,
          cacheDir,
          { home: join(work, "home"), tmp: join(work, "tmp"), work },
          identity,
          { appEnv: env, node, globalNpmrc, tools },
        ),
      );
      this.checkAborted(run.signal);
      // Every process and one-off of this slug runs on the Node (and package manager) it was built with.
      await writeSlugRuntime(dir, {
        ...(node.toolchain ? { node: node.version } : {}),
        ...packageManagerOf(tools),
      });
      log(`-----> Process types: ${Object.keys(processTypes).join(", ")}\n`);
      if (manifest) checkFormationTypes(manifest, processTypes);
      // Links are resolved against the real tree: none may lead out of the slug.
      for (const change of await confineLinks(dir)) log(` !     Slug: ${change}\n`);
      const slugFile = join(work, "slug.tgz");
      const entries = await readdir(dir);
      await tar.c(
        { gzip: true, file: slugFile, cwd: dir, portable: true, filter: withoutSpecialBits },
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

  private context(
    run: BuildRun,
    dir: string,
    cacheDir: string,
    { home, tmp, work }: { home: string; tmp: string; work: string },
    identity: AppIdentity | undefined,
    {
      appEnv,
      node,
      globalNpmrc,
      tools,
    }: {
      appEnv: Record<string, string>;
      node: NodeRuntime;
      globalNpmrc: string | undefined;
      tools: Toolchain[];
    },
  ): BuildContext {
    let step = 0;
    // The build's directories mean nothing to a remote user (and are gone once it ends): shown as on Heroku.
    const paths: Array<[string, string]> = [
      [dir, "/app"],
      [home, "~"],
      [tmp, "/tmp"],
      [cacheDir, "<build cache>"],
      [work, "<build>"],
      // npm redacts the build's id (a UUID) from the paths it prints.
      [join(this.options.workDir, "***", "app"), "/app"],
      [join(this.options.workDir, "***", "home"), "~"],
      [join(this.options.workDir, "***"), "<build>"],
    ];
    return {
      dir,
      cacheDir,
      nodeVersion: node.version,
      source: { kind: run.job.build.source.kind, commit: run.job.build.source.commit },
      ...(this.options.toolchains ? { toolchains: this.options.toolchains } : {}),
      log: run.log,
      useTool: (tool) => void tools.push(tool),
      run: async (argv, extraEnv = {}) => {
        this.checkAborted(run.signal);
        // The app's config first: what the platform and the buildpack set wins over it.
        const env: Record<string, string> = {
          ...this.options.childEnv,
          ...appEnv,
          HOME: home,
          TMPDIR: tmp,
          CI: "true",
          // As Heroku: production, while the install steps still ask for dev dependencies themselves.
          NODE_ENV: appEnv.NODE_ENV ?? "production",
          PATH: appPath(
            dir,
            node.bin,
            tools.map((t) => t.bin),
          ),
          ...(node.nodedir ? { npm_config_nodedir: node.nodedir } : {}),
          // The selected Node's npm reads the platform npm's global settings (registry, cafile) as its own.
          ...(globalNpmrc ? { npm_config_globalconfig: globalNpmrc } : {}),
          ...extraEnv,
        };
        const limits = this.options.limits;
        const tail = new OutputTail(FAILURE_TAIL_BYTES);
        const { code, memoryExceeded } = await runStep(argv, {
          cwd: dir,
          env,
          signal: run.signal,
          onOutput: (text) => {
            tail.push(text);
            run.log(indent(withoutServerPaths(text, paths)));
          },
          identity,
          ...(this.options.limiter ? { limiter: this.options.limiter } : {}),
          ...(limits ? { limits } : {}),
          id: `build-${run.job.build.id}-${++step}`,
          ...(this.options.registryDir ? { registryDir: this.options.registryDir } : {}),
          ...(this.options.sandbox && this.options.sandbox.kind !== "none"
            ? {
                sandbox: {
                  sandbox: this.options.sandbox,
                  dirs: {
                    app: dir,
                    writable: [home, tmp, cacheDir],
                    readOnly: this.options.readOnlyPaths ?? [],
                    hidden: this.options.hiddenPaths ?? [],
                    exposed: [...(node.toolchain ? [node.toolchain.root] : []), ...tools.map((t) => t.root)],
                    ownUid: identity !== undefined,
                    appWritable: true,
                  },
                },
              }
            : {}),
        });
        this.checkAborted(run.signal);
        if (memoryExceeded && limits) {
          throw new FifteenError(
            "BUILD_COMMAND_FAILED",
            `\`${argv.join(" ")}\` exceeded the build memory limit of ${describeMemory(limits.memoryMb)} (FIFTEEN_BUILD_MEMORY) and was stopped.`,
          );
        }
        const notFound = commandNotFound(code, tail.text, argv);
        if (notFound) {
          throw new FifteenError(
            "BUILD_COMMAND_FAILED",
            `${notFound} (\`${argv.join(" ")}\` exited with code ${code}). Add the package that provides it to package.json (devDependencies for build tools) and deploy again.`,
          );
        }
        if (code !== 0) {
          const shown = argv.map((arg) => withoutServerPaths(arg, paths));
          throw new FifteenError(
            "BUILD_COMMAND_FAILED",
            describeStepFailure(shown, code, withoutServerPaths(tail.text, paths), {
              app: run.job.app.name,
              build: run.job.build.number,
            }),
          );
        }
      },
    };
  }

  /** The operator's .npmrc as the build's user config (npm, yarn 1 and pnpm read it), readable by its uid only. */
  private async writeNpmrc(home: string, identity: AppIdentity | undefined): Promise<string | undefined> {
    if (!this.options.npmrc) return undefined;
    const file = join(home, ".npmrc");
    // home/ is fresh and the build's uid has run nothing yet: O_EXCL all the same.
    await writeFile(file, this.options.npmrc, { flag: "wx", mode: 0o600 });
    if (identity) await chown(file, identity.uid, identity.gid);
    return file;
  }

  private checkAborted(signal: AbortSignal): void {
    if (signal.aborted)
      throw signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
  }
}

function packageManagerOf(tools: Toolchain[]): Pick<SlugRuntime, "packageManager"> {
  for (const { kind, version } of tools)
    if (kind === "yarn" || kind === "pnpm") return { packageManager: { name: kind, version } };
  return {};
}

/** Heroku-style indentation for step output, so the `----->` headers stand out. */
function indent(text: string): string {
  return text.replace(/^(?=.)/gm, "       ");
}

/**
 * A directory the build's uid owns (mode 0700). An existing one (a cache from before per-app uids) is handed
 * over with everything in it, once.
 */
async function ownedDir(dir: string, identity: AppIdentity | undefined, recursive = false): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (!identity) return;
  // Never through a link: a symlink planted in a cache must not hand the platform's files over.
  const stat = await lstat(dir);
  if (stat.isSymbolicLink()) throw new Error(`${dir} is a symbolic link`);
  if (stat.uid !== identity.uid && recursive) {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }))
      await lchown(join(entry.parentPath, entry.name), identity.uid, identity.gid).catch(() => undefined);
  }
  await chown(dir, identity.uid, identity.gid);
  await chmod(dir, 0o700);
}
