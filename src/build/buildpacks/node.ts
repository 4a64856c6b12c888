// The node buildpack: install exactly the lockfile (npm, yarn 1 or pnpm) with a per-app cache, run the build
// script when present, then prune dev dependencies.
import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import { FifteenError } from "../../shared/errors.js";
import { exists, readAppFile, readProcfile } from "./files.js";
import { detectPackageManager, providePackageManager } from "./package-managers.js";
import type { Buildpack, BuildContext } from "./types.js";

interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  packageManager?: unknown;
}

/**
 * Whether there is nothing to install: package.json declares no dependencies and the lockfile (npm 7+
 * format) lists no package but the app itself. Then `npm ci` and `npm prune` would only cost time.
 */
async function nothingToInstall(dir: string, pkg: PackageJson): Promise<boolean> {
  const declared = [pkg.dependencies, pkg.devDependencies, pkg.optionalDependencies].some(
    (deps) => deps && Object.keys(deps).length > 0,
  );
  if (declared) return false;
  try {
    const lock = JSON.parse((await readAppFile(dir, "package-lock.json")) ?? "") as {
      lockfileVersion?: number;
      packages?: Record<string, unknown>;
    };
    return (lock.lockfileVersion ?? 0) >= 2 && Object.keys(lock.packages ?? { x: 1 }).every((k) => k === "");
  } catch {
    return false;
  }
}

async function readPackageJson(dir: string): Promise<PackageJson> {
  try {
    const parsed: unknown = JSON.parse((await readAppFile(dir, "package.json")) ?? "");
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new Error("not an object");
    return parsed as PackageJson;
  } catch (err) {
    throw new FifteenError(
      "PACKAGE_JSON_INVALID",
      `package.json is not valid JSON (${err instanceof Error ? err.message : String(err)}); fix it and deploy again.`,
    );
  }
}

/** Files and bytes in npm's content cache: what this build can reuse from earlier ones. */
async function cacheSize(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  // The cache belongs to the app's uid: count what is there without following a link it planted.
  const root = join(dir, "_cacache", "content-v2");
  for (const step of [join(dir, "_cacache"), root]) {
    const info = await lstat(step).catch(() => undefined);
    if (!info?.isDirectory()) return { files, bytes };
  }
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const info = await lstat(join(entry.parentPath, entry.name)).catch(() => undefined);
    if (info?.isFile()) {
      files += 1;
      bytes += info.size;
    }
  }
  return { files, bytes };
}

export const nodeBuildpack: Buildpack = {
  name: "node",

  async detect(dir) {
    return (await exists(dir, "package.json"))
      ? { matched: true, reason: "package.json found" }
      : { matched: false, reason: "no package.json" };
  },

  async build(ctx: BuildContext) {
    const pkg = await readPackageJson(ctx.dir);
    const manager = await detectPackageManager(ctx.dir, pkg.packageManager, ctx.cacheDir);
    await providePackageManager(ctx, manager);
    const { env } = manager;
    const buildStep = async () => {
      if (!pkg.scripts?.build) return;
      ctx.log(`-----> Building: ${manager.build.join(" ")}\n`);
      await ctx.run(manager.build, env);
    };
    if (manager.name === "npm" && (await nothingToInstall(ctx.dir, pkg))) {
      ctx.log("-----> No dependencies in package.json and package-lock.json: nothing to install\n");
      await buildStep();
      return processTypes(ctx, pkg);
    }
    if (manager.name === "npm") {
      const cached = await cacheSize(join(ctx.cacheDir, "npm"));
      ctx.log(
        cached.files > 0
          ? `-----> Restoring dependency cache: ${cached.files} files, ${(cached.bytes / 1048576).toFixed(1)} MB from earlier builds\n`
          : "-----> Dependency cache is empty (first build of this app)\n",
      );
    }
    ctx.log(
      `-----> Installing dependencies: ${manager.install.slice(0, 3).join(" ")} (${manager.lockfile})\n`,
    );
    await ctx.run(manager.install, env);
    await buildStep();
    ctx.log("-----> Pruning dev dependencies\n");
    await ctx.run(manager.prune, env);
    return processTypes(ctx, pkg);
  },
};

async function processTypes(ctx: BuildContext, pkg: PackageJson): Promise<Record<string, string>> {
  const procfile = await readProcfile(ctx.dir);
  if (procfile) return procfile;
  const start = pkg.scripts?.start;
  if (start && (pkg.scripts?.prestart || pkg.scripts?.poststart)) {
    ctx.log(
      "-----> No Procfile: using `web: npm start` (the start script has prestart or poststart steps)\n",
    );
    return { web: "npm start" };
  }
  if (start) {
    // What npm start would run, with the same PATH (node_modules/.bin first), minus a resident npm process.
    ctx.log(
      `-----> No Procfile: web runs the start script, \`${start}\`, directly (no npm process beside it; ` +
        "write `web: npm start` in a Procfile to keep one)\n",
    );
    return { web: start };
  }
  if (await exists(ctx.dir, "server.js")) {
    ctx.log("-----> No Procfile and no start script: using `web: node server.js`, as npm start would\n");
    return { web: "node server.js" };
  }
  throw new FifteenError(
    "NO_PROCESS_TYPES",
    'Nothing to run: add a Procfile (for example "web: node server.js") or a "start" script to package.json.',
  );
}
