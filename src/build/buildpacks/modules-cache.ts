// The node_modules build cache: a pristine copy of the installed tree, restored instead of installing when the
// lockfile, the dependency fields of package.json, the Node version, the architecture and the package manager
// are all unchanged, so a redeploy skips the install and native modules are not rebuilt.
import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { lstat, open, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readAppFile } from "./files.js";
import type { BuildContext } from "./types.js";

/** The cached tree and its key, inside the app's cache dir (owned by the app's uid). */
const CACHED = "node_modules";
const KEY_FILE = "node_modules.key";

/** The package.json fields that change what an install produces (besides the lockfile itself). */
const DEPENDENCY_FIELDS = [
  "dependencies",
  "devDependencies",
  "optionalDependencies",
  "peerDependencies",
  "bundleDependencies",
  "overrides",
  "resolutions",
  "workspaces",
  "pnpm",
] as const;

export interface ModulesKey {
  /** The package manager that installs the tree (npm, yarn, pnpm), with its version when it is pinned. */
  manager: string;
  /** The lockfile's name, and what the key covers, for the build output. */
  lockfile: string;
  node: string;
  arch: string;
  /** sha256 over the lockfile, package.json's dependency fields, and the fields above. */
  digest: string;
}

/** The key of the tree an install of this app would produce, or undefined without a lockfile. */
export async function modulesKey(
  ctx: BuildContext,
  manager: string,
  lockfile: string,
): Promise<ModulesKey | undefined> {
  const lock = await digestOf(join(ctx.dir, lockfile));
  if (lock === undefined) return undefined;
  const pkg = JSON.parse((await readAppFile(ctx.dir, "package.json")) ?? "{}") as Record<string, unknown>;
  const fields = Object.fromEntries(DEPENDENCY_FIELDS.map((f) => [f, pkg[f] ?? null]));
  const hash = createHash("sha256");
  for (const part of [manager, lockfile, ctx.nodeVersion, process.arch, JSON.stringify(fields), lock])
    hash.update(`${part.length}:${part}\n`);
  return { manager, lockfile, node: ctx.nodeVersion, arch: process.arch, digest: hash.digest("hex") };
}

/**
 * Copies the cached tree into the app when its key matches; true if it did (the install is skipped). The copy
 * runs as a build step (the app's uid, in the build's sandbox), so the platform never follows what is cached.
 */
export async function restoreModules(ctx: BuildContext, key: ModulesKey): Promise<boolean> {
  const stored = await readKey(ctx.cacheDir);
  const cached = await lstat(join(ctx.cacheDir, CACHED)).catch(() => undefined);
  if (stored !== key.digest || !cached?.isDirectory()) {
    ctx.log(
      stored === undefined
        ? "-----> No node_modules in the build cache yet: installing\n"
        : `-----> ${key.lockfile}, Node ${key.node}, ${key.arch} or ${key.manager} changed since the cached node_modules: installing\n`,
    );
    return false;
  }
  const started = Date.now();
  try {
    await ctx.run(["rm", "-rf", "--", join(ctx.dir, "node_modules")]);
    await ctx.run(["cp", "-a", "--", join(ctx.cacheDir, CACHED), join(ctx.dir, "node_modules")]);
  } catch {
    ctx.log(" !     Could not restore node_modules from the build cache: installing\n");
    await ctx.run(["rm", "-rf", "--", join(ctx.dir, "node_modules")]).catch(() => undefined);
    return false;
  }
  ctx.log(
    `-----> Restored node_modules from the build cache (${key.lockfile}, Node ${key.node}, ${key.arch} unchanged): install skipped (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  return true;
}

/**
 * Keeps a copy of the freshly installed tree (before the build script and pruning change it) with its key. A
 * failure costs the next build its shortcut, never this build.
 */
export async function saveModules(ctx: BuildContext, key: ModulesKey): Promise<void> {
  const fresh = join(ctx.cacheDir, `${CACHED}.new`);
  const started = Date.now();
  try {
    // The key goes first: a copy interrupted halfway never looks current.
    await rm(join(ctx.cacheDir, KEY_FILE), { force: true });
    await ctx.run(["rm", "-rf", "--", fresh]);
    await ctx.run(["cp", "-a", "--", join(ctx.dir, "node_modules"), fresh]);
    await ctx.run(["rm", "-rf", "--", join(ctx.cacheDir, CACHED)]);
    await ctx.run(["mv", "--", fresh, join(ctx.cacheDir, CACHED)]);
    // O_EXCL: never written through a link planted in the (app-owned) cache dir.
    await writeFile(join(ctx.cacheDir, KEY_FILE), `${key.digest}\n`, { flag: "wx", mode: 0o644 });
    ctx.log(
      `-----> Saved node_modules in the build cache for the next build (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
    );
  } catch {
    ctx.log(" !     Could not save node_modules in the build cache; the next build installs again\n");
  }
}

/** sha256 of a regular file of the app's (never through a link; lockfiles may be megabytes). */
async function digestOf(path: string): Promise<string | undefined> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
    () => undefined,
  );
  if (!handle) return undefined;
  try {
    if (!(await handle.stat()).isFile()) return undefined;
    const hash = createHash("sha256");
    for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
    return hash.digest("hex");
  } finally {
    await handle.close();
  }
}

async function readKey(cacheDir: string): Promise<string | undefined> {
  const path = join(cacheDir, KEY_FILE);
  const info = await lstat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  return (await readFile(path, "utf8").catch(() => "")).trim();
}
