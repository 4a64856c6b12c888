// The node buildpack: install exactly the lockfile (npm, yarn 1 or pnpm), or restore node_modules from the build
// cache when nothing it depends on changed, run the build script when present, then prune dev dependencies.
import { constants } from "node:fs";
import { lstat, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { FifteenError } from "../../shared/errors.js";
import { restoreBuildCaches, saveBuildCaches } from "./build-caches.js";
import { exists, readAppFile, readProcfile } from "./files.js";
import { modulesKey, restoreModules, saveModules } from "./modules-cache.js";
import {
  detectPackageManager,
  LOCKFILES,
  providePackageManager,
  type PackageManager,
} from "./package-managers.js";
import type { Buildpack, BuildContext } from "./types.js";

interface PackageJson {
  scripts?: Record<string, string>;
  cacheDirectories?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  packageManager?: unknown;
  workspaces?: unknown;
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

/** The app's own lifecycle scripts an install runs after installing, in its order. */
const ROOT_INSTALL_SCRIPTS = ["preinstall", "install", "postinstall", "prepare"] as const;

/**
 * Whether the installed tree is all under the app's own node_modules (what the cache keeps): workspaces may
 * install a package under a workspace's node_modules instead, and an npm lockfile older than npm 7 does not say.
 */
async function cacheableTree(dir: string, pkg: PackageJson, manager: PackageManager): Promise<boolean> {
  if (manager.name !== "npm")
    return pkg.workspaces === undefined && !(await exists(dir, "pnpm-workspace.yaml"));
  try {
    const text = await readFile(join(dir, manager.lockfile), {
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
    const manager = await detectPackageManager(ctx.dir, pkg.packageManager, ctx.cacheDir).catch(
      (err: unknown) => {
        throw err instanceof FifteenError && err.code === "LOCKFILE_MISSING"
          ? new FifteenError("LOCKFILE_MISSING", missingLockfile(ctx, err.message, pkg))
          : err;
      },
    );
    await providePackageManager(ctx, manager);
    const { env } = manager;
    if (manager.name === "npm" && (await nothingToInstall(ctx.dir, pkg))) {
      ctx.log("-----> No dependencies in package.json and package-lock.json: nothing to install\n");
      await buildScript(ctx, pkg, manager);
      return processTypes(ctx, pkg);
    }
    const key = (await cacheableTree(ctx.dir, pkg, manager))
      ? await modulesKey(
          ctx,
          manager.version ? `${manager.name}@${manager.version}` : manager.name,
          manager.lockfile,
        )
      : undefined;
    if (!key)
      ctx.log(
        "-----> node_modules is not kept between builds: the lockfile predates npm 7, or workspaces install outside node_modules\n",
      );
    if (!key || !(await restoreModules(ctx, key))) {
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
      if (key) await saveModules(ctx, key);
    } else {
      // The install would also have run the app's own install scripts, which may write outside node_modules.
      for (const script of ROOT_INSTALL_SCRIPTS) {
        if (!pkg.scripts?.[script]) continue;
        const argv = [manager.name, "run", script];
        ctx.log(`-----> Running the app's ${script} script (the install would have): ${argv.join(" ")}\n`);
        await ctx.run(argv, env);
      }
    }
    await buildScript(ctx, pkg, manager);
    ctx.log("-----> Pruning dev dependencies\n");
    await ctx.run(manager.prune, env);
    return processTypes(ctx, pkg);
  },
};

/** The build script when there is one, between restoring the framework caches and keeping them again. */
async function buildScript(ctx: BuildContext, pkg: PackageJson, manager: PackageManager): Promise<void> {
  if (!pkg.scripts?.build) return;
  const caches = await restoreBuildCaches(ctx, pkg);
  ctx.log(`-----> Building: ${manager.build.join(" ")}\n`);
  await ctx.run(manager.build, manager.env);
  await saveBuildCaches(ctx, caches);
}

/** The missing-lockfile message, with how to add it for where the source came from. */
function missingLockfile(ctx: BuildContext, message: string, pkg: PackageJson): string {
  if (ctx.source?.kind !== "git")
    return `${message} In a git work tree, \`fifteen deploy\` uploads only tracked files: \`git add\` the lockfile too.`;
  const named =
    typeof pkg.packageManager === "string" ? /^(yarn|pnpm)/.exec(pkg.packageManager)?.[1] : undefined;
  const { file, make } = LOCKFILES[(named as "yarn" | "pnpm" | undefined) ?? "npm"];
  const commit = ctx.source.commit ? ` ${ctx.source.commit.slice(0, 8)}` : "";
  return (
    `${file} is not in the pushed commit${commit}. Run \`${make}\` if you have none, then ` +
    `\`git add ${file} && git commit\`, and push again (builds install exactly what the lockfile says; ` +
    "yarn.lock and pnpm-lock.yaml work too). If git ignores it, remove it from .gitignore first."
  );
}

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
