// Disk limits for local processes: the platform (root) mounts a tmpfs of the process's size for its home and tmp,
// so a write past the limit fails with ENOSPC and everything goes when the process ends (the mount with it).
import { execFile } from "node:child_process";
import { readFile, rm, statfs } from "node:fs/promises";
import { promisify } from "node:util";
import type { AppIdentity } from "../../isolation/identity.js";

const run = promisify(execFile);

/** Mounts a tmpfs of `sizeMb` at `dir` (which exists), owned by `owner` (or root), that nothing can run setuid from. */
export async function mountDisk(dir: string, sizeMb: number, owner?: AppIdentity): Promise<void> {
  const ids = owner ? `,uid=${owner.uid},gid=${owner.gid}` : "";
  await run("mount", [
    "-t",
    "tmpfs",
    "-o",
    `size=${sizeMb}m,mode=0700,nosuid,nodev${ids}`,
    "fifteen-disk",
    "--",
    dir,
  ]);
}

/** Whether the tmpfs at `dir` is full (a write to it has had, or would have, ENOSPC). */
export async function diskFull(dir: string): Promise<boolean> {
  const stats = await statfs(dir).catch(() => undefined);
  // A write that did not fit fails without filling the last blocks: under 64 KiB left counts as full.
  return stats !== undefined && stats.blocks > 0 && stats.bavail * stats.bsize < 64 * 1024;
}

/** Mount points under `dir` (from /proc/self/mountinfo), deepest first; octal escapes (\040 for a space) decoded. */
async function mountsUnder(dir: string): Promise<string[]> {
  const text = await readFile("/proc/self/mountinfo", "utf8").catch(() => "");
  const prefix = dir.endsWith("/") ? dir : `${dir}/`;
  return text
    .split("\n")
    .map((line) => line.split(" ")[4] ?? "")
    .map((path) => path.replace(/\\([0-7]{3})/g, (_, code: string) => String.fromCharCode(parseInt(code, 8))))
    .filter((path) => path === dir || path.startsWith(prefix))
    .sort((a, b) => b.length - a.length);
}

/**
 * Removes a process's (or the whole run) directory, unmounting its disks first (also those of a run the
 * platform lost in a crash): rm alone would empty a mounted disk and then fail on its mount point.
 */
export async function removeDir(dir: string): Promise<void> {
  for (const mount of await mountsUnder(dir)) {
    // Lazily if something still holds it: it is detached now and freed once that lets go.
    await run("umount", ["--", mount]).catch(() => run("umount", ["-l", "--", mount]).catch(() => undefined));
  }
  // Retried: an app may still be writing, or links anywhere may make one pass fail; a failure must not wedge a queue.
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}

/** Whether this platform can mount disks (it runs as root and the kernel lets it mount a tmpfs). */
export async function canMountDisks(probeDir: string): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  try {
    await mountDisk(probeDir, 1);
    await removeDir(probeDir);
    return true;
  } catch {
    await rm(probeDir, { recursive: true, force: true }).catch(() => undefined);
    return false;
  }
}
