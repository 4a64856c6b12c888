// Framework build caches kept between builds: `.next/cache` always, plus package.json `cacheDirectories` (as
// Heroku reads it), restored before the build script and saved after it; only real directories inside the app.
import { lstat } from "node:fs/promises";
import { join, posix } from "node:path";
import type { BuildContext } from "./types.js";

const DEFAULT_DIRS = [".next/cache"];
/** node_modules has its own cache (modules-cache.ts), keyed on the lockfile. */
const OWN_CACHE = new Set(["node_modules"]);
const MAX_DIRS = 20;

export interface BuildCaches {
  dirs: string[];
}

/** The app-relative directories to keep: `.next/cache` and the valid entries of `cacheDirectories`. */
export function cacheDirectories(ctx: BuildContext, declared: unknown): string[] {
  const dirs = [...DEFAULT_DIRS];
  if (declared === undefined) return dirs;
  if (!Array.isArray(declared)) {
    ctx.log(" !     package.json cacheDirectories is not a list of paths: ignored\n");
    return dirs;
  }
  for (const entry of declared.slice(0, MAX_DIRS)) {
    const path = typeof entry === "string" ? posix.normalize(entry).replace(/\/+$/, "") : "";
    if (path === "" || path === "." || path.startsWith("/") || path.split("/").includes("..")) {
      ctx.log(` !     cacheDirectories: ${JSON.stringify(entry)} is not a path inside the app: ignored\n`);
      continue;
    }
    if (!OWN_CACHE.has(path) && !dirs.includes(path)) dirs.push(path);
  }
  return dirs;
}

/** Where a directory's copy is kept in the app's cache dir. */
function cachedPath(ctx: BuildContext, dir: string): string {
  return join(ctx.cacheDir, "build-caches", encodeURIComponent(dir));
}

/**
 * What `dir` (app-relative) is: "dir" when it and every directory on the way are real directories, "missing"
 * when some part does not exist (and none on the way is a link), "unsafe" for a link or a file on the way.
 */
async function kind(root: string, dir: string): Promise<"dir" | "missing" | "unsafe"> {
  let at = root;
  for (const part of dir.split("/")) {
    at = join(at, part);
    const info = await lstat(at).catch(() => undefined);
    if (!info) return "missing";
    if (!info.isDirectory()) return "unsafe";
  }
  return "dir";
}

/** Puts each cached directory back in place (never through a link); returns what to save after the build. */
export async function restoreBuildCaches(
  ctx: BuildContext,
  pkg: { cacheDirectories?: unknown },
): Promise<BuildCaches> {
  const dirs = cacheDirectories(ctx, pkg.cacheDirectories);
  for (const dir of dirs) {
    const cached = cachedPath(ctx, dir);
    const stored = await lstat(cached).catch(() => undefined);
    if (!stored?.isDirectory()) {
      // .next/cache is looked for in every app: only a declared directory is worth a line.
      if (!DEFAULT_DIRS.includes(dir)) ctx.log(`-----> Build cache: nothing kept for ${dir} yet\n`);
      continue;
    }
    // Only into a place that does not exist yet, below real directories: a link in the source leads nowhere.
    if ((await kind(ctx.dir, dir)) !== "missing" || (await kind(ctx.dir, posix.dirname(dir))) === "unsafe") {
      ctx.log(` !     Build cache: ${dir} is in the source already, or below a link: not restored\n`);
      continue;
    }
    try {
      // As a build step: the app's uid, in the build's sandbox.
      if (posix.dirname(dir) !== ".") await ctx.run(["mkdir", "-p", "--", join(ctx.dir, posix.dirname(dir))]);
      await ctx.run(["cp", "-a", "--", cached, join(ctx.dir, dir)]);
      ctx.log(`-----> Build cache: restored ${dir}\n`);
    } catch {
      ctx.log(` !     Build cache: could not restore ${dir}\n`);
    }
  }
  return { dirs };
}

/** After the build script: keeps a copy of each cache directory it left (a real directory inside the app). */
export async function saveBuildCaches(ctx: BuildContext, caches: BuildCaches): Promise<void> {
  for (const dir of caches.dirs) {
    const state = await kind(ctx.dir, dir);
    if (state === "missing") continue;
    if (state === "unsafe") {
      ctx.log(
        ` !     Build cache: ${dir} is not a directory of the app's own (a link or a file): not kept\n`,
      );
      continue;
    }
    const cached = cachedPath(ctx, dir);
    try {
      await ctx.run(["mkdir", "-p", "--", join(ctx.cacheDir, "build-caches")]);
      await ctx.run(["rm", "-rf", "--", `${cached}.new`]);
      await ctx.run(["cp", "-a", "--", join(ctx.dir, dir), `${cached}.new`]);
      await ctx.run(["rm", "-rf", "--", cached]);
      await ctx.run(["mv", "--", `${cached}.new`, cached]);
      ctx.log(`-----> Build cache: kept ${dir} for the next build\n`);
    } catch {
      ctx.log(` !     Build cache: could not keep ${dir}\n`);
    }
  }
}
