// The PATH of everything an app runs (build steps, processes, one-offs): the app's node_modules/.bin, its
// package manager, its Node, then the system's standard directories. Never the platform's own PATH, whose
// tools (TypeScript in the platform's node_modules/.bin, folders under /root) are not the app's.
import { dirname, join } from "node:path";

export const SYSTEM_PATH: readonly string[] = [
  "/usr/local/sbin",
  "/usr/local/bin",
  "/usr/sbin",
  "/usr/bin",
  "/sbin",
  "/bin",
];

/** The bin directory of the Node the platform runs on: apps with no engines.node use it. */
export const PLATFORM_NODE_BIN = dirname(process.execPath);

/**
 * `appDir` is the app's directory as the command sees it; `tools` come before Node (a pinned yarn wins over
 * one the system may have), `after` after the system's directories (the platform's `fifteen`).
 */
export function appPath(
  appDir: string,
  nodeBin: string,
  tools: readonly string[] = [],
  after: readonly string[] = [],
): string {
  const dirs = [join(appDir, "node_modules", ".bin"), ...tools, nodeBin, ...SYSTEM_PATH, ...after];
  return [...new Set(dirs)].join(":");
}
