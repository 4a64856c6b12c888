// The node buildpack: npm ci with a per-app cache, npm run build when present, then prune dev dependencies.
import { constants } from "node:fs";
import { lstat, readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { FifteenError } from "../../shared/errors.js";
import { restoreBuildCaches, saveBuildCaches } from "./build-caches.js";
import { exists, readAppFile, readProcfile } from "./files.js";
import { modulesKey, restoreModules, saveModules } from "./modules-cache.js";
import type { Buildpack, BuildContext } from "./types.js";

interface PackageJson {
  scripts?: Record<string, string>;
  cacheDirectories?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
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

/**
 * Where node-gyp finds the headers of the Node that builds, when they are installed beside it (`/usr/include/node`
 * for a distribution's Node): a native module then compiles without downloading them from nodejs.org.
 */
async function nodeHeaders(ctx: BuildContext): Promise<Record<string, string>> {
  if (ctx.nodeVersion !== process.versions.node) return {};
  const prefix = dirname(dirname(process.execPath));
  return (await exists(prefix, join("include", "node", "node_version.h")))
    ? { npm_config_nodedir: prefix }
    : {};
}

/** The app's own lifecycle scripts `npm ci` runs after installing, in its order. */
const ROOT_INSTALL_SCRIPTS = ["preinstall", "install", "postinstall", "prepare"] as const;

/**
 * Whether the installed tree is all under the app's own node_modules (what the cache keeps): npm workspaces may
 * install a package under a workspace's node_modules instead, and an old lockfile does not say.
 */
async function cacheableTree(dir: string, lockfile: string): Promise<boolean> {
  try {
    const text = await readFile(join(dir, lockfile), {
      encoding: "utf8",
      flag: constants.O_RDONLY | constants.O_NOFOLLOW,
    });
    const lock = JSON.parse(text) as { lockfileVersion?: number; packages?: Record<string, unknown> };
    if ((lock.lockfileVersion ?? 0) < 2) return false;
    return Object.keys(lock.packages ?? {}).every(
      (path) => !path.includes("node_modules/") || path.startsWith("node_modules/"),
    );
  } catch {
    return false;
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
    const lockfile = (await exists(ctx.dir, "npm-shrinkwrap.json"))
      ? "npm-shrinkwrap.json"
      : (await exists(ctx.dir, "package-lock.json"))
        ? "package-lock.json"
        : undefined;
    if (!lockfile) {
      throw new FifteenError("LOCKFILE_MISSING", missingLockfile(ctx));
    }
    const npmCache = join(ctx.cacheDir, "npm");
    const env = {
      npm_config_cache: npmCache,
      npm_config_update_notifier: "false",
      npm_config_fund: "false",
      ...(await nodeHeaders(ctx)),
    };
    if (await nothingToInstall(ctx.dir, pkg)) {
      ctx.log("-----> No dependencies in package.json and package-lock.json: nothing to install\n");
      await buildScript(ctx, pkg, env);
      return processTypes(ctx, pkg);
    }
    const key = (await cacheableTree(ctx.dir, lockfile)) ? await modulesKey(ctx, "npm", lockfile) : undefined;
    if (!key)
      ctx.log(
        "-----> node_modules is not kept between builds: the lockfile predates npm 7, or workspaces install outside node_modules\n",
      );
    if (!key || !(await restoreModules(ctx, key))) {
      const cached = await cacheSize(npmCache);
      ctx.log(
        cached.files > 0
          ? `-----> Restoring dependency cache: ${cached.files} files, ${(cached.bytes / 1048576).toFixed(1)} MB from earlier builds\n`
          : "-----> Dependency cache is empty (first build of this app)\n",
      );
      ctx.log("-----> Installing dependencies: npm ci\n");
      await ctx.run(["npm", "ci", "--prefer-offline", "--no-audit", "--include=dev"], env);
      if (key) await saveModules(ctx, key);
    } else {
      // npm ci would also have run the app's own install scripts, which may write outside node_modules.
      for (const script of ROOT_INSTALL_SCRIPTS) {
        if (!pkg.scripts?.[script]) continue;
        ctx.log(`-----> Running the app's ${script} script (npm ci would have): npm run ${script}\n`);
        await ctx.run(["npm", "run", script], env);
      }
    }
    await buildScript(ctx, pkg, env);
    ctx.log("-----> Pruning dev dependencies\n");
    await ctx.run(["npm", "prune", "--omit=dev", "--no-audit"], env);
    return processTypes(ctx, pkg);
  },
};

/** `npm run build` when there is one, between restoring the framework caches and keeping them again. */
async function buildScript(ctx: BuildContext, pkg: PackageJson, env: Record<string, string>): Promise<void> {
  if (!pkg.scripts?.build) return;
  const caches = await restoreBuildCaches(ctx, pkg);
  ctx.log("-----> Building: npm run build\n");
  await ctx.run(["npm", "run", "build"], env);
  await saveBuildCaches(ctx, caches);
}

/** Why there is no lockfile, by where the source came from, and how to add it. */
function missingLockfile(ctx: BuildContext): string {
  const why = "(builds use `npm ci`, which installs exactly what the lockfile says)";
  if (ctx.source?.kind === "git")
    return (
      `package-lock.json is not in the pushed commit${ctx.source.commit ? ` ${ctx.source.commit.slice(0, 8)}` : ""}. ` +
      "Run `npm install` if you have none, then `git add package-lock.json && git commit`, and push again " +
      `${why}. If git ignores it, remove it from .gitignore first.`
    );
  return (
    "package-lock.json is missing from the upload. Run `npm install` in the app directory to create it and deploy " +
    `again ${why}. In a git work tree, \`fifteen deploy\` uploads only tracked files: \`git add package-lock.json\` too.`
  );
}

async function processTypes(ctx: BuildContext, pkg: PackageJson): Promise<Record<string, string>> {
  const procfile = await readProcfile(ctx.dir);
  if (procfile) return procfile;
  if (pkg.scripts?.start) {
    ctx.log("-----> No Procfile: using `web: npm start` from the start script\n");
    return { web: "npm start" };
  }
  throw new FifteenError(
    "NO_PROCESS_TYPES",
    'Nothing to run: add a Procfile (for example "web: node server.js") or a "start" script to package.json.',
  );
}
