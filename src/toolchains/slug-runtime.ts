// The runtime a slug was built for (its Node version), written into the slug by the build and read when a
// release is unpacked, so every process, one-off and promotion of that slug runs on the same Node.
import { mkdir, open, rm, writeFile } from "node:fs/promises";
import { constants } from "node:fs";
import { join } from "node:path";

export const RUNTIME_DIR = ".fifteen";
export const RUNTIME_FILE = join(RUNTIME_DIR, "runtime.json");

export interface SlugRuntime {
  /** An exact Node version from the registry; absent: the platform's Node. */
  node?: string;
  /** The package manager the app was built with, other than npm, so `web: yarn start` finds it. */
  packageManager?: { name: "yarn" | "pnpm"; version: string };
}

const EXACT_VERSION = /^\d+\.\d+\.\d+$/;

/**
 * Written by the platform after the build steps are over: whatever the app left at .fifteen (a link, a
 * directory of its own) is replaced, never followed.
 */
export async function writeSlugRuntime(appDir: string, runtime: SlugRuntime): Promise<void> {
  await rm(join(appDir, RUNTIME_DIR), { recursive: true, force: true });
  if (runtime.node === undefined && runtime.packageManager === undefined) return;
  await mkdir(join(appDir, RUNTIME_DIR), { mode: 0o755 });
  await writeFile(join(appDir, RUNTIME_FILE), `${JSON.stringify(runtime)}\n`, { mode: 0o644, flag: "wx" });
}

/** The slug's runtime; nothing readable (an older slug, a file that is not ours): the platform's Node. */
export async function readSlugRuntime(appDir: string): Promise<SlugRuntime> {
  let handle;
  try {
    handle = await open(
      join(appDir, RUNTIME_FILE),
      constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
    );
    const info = await handle.stat();
    if (!info.isFile() || info.size > 4096) return {};
    const parsed = JSON.parse(await handle.readFile("utf8")) as SlugRuntime | null;
    const runtime: SlugRuntime = {};
    const node = parsed?.node;
    if (typeof node === "string" && EXACT_VERSION.test(node)) runtime.node = node;
    const pm = parsed?.packageManager;
    if (
      (pm?.name === "yarn" || pm?.name === "pnpm") &&
      typeof pm.version === "string" &&
      EXACT_VERSION.test(pm.version)
    )
      runtime.packageManager = { name: pm.name, version: pm.version };
    return runtime;
  } catch {
    return {};
  } finally {
    await handle?.close();
  }
}
