// How `fifteen down` reaches the platform running on a data dir: its pid (the run flag file), SIGTERM, and a
// request file that turns that SIGTERM into a stop of everything; and, with no platform running, the end of
// the apps and the router a handoff left serving. See docs/processes.md#restarting-the-platform.
import { readFileSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { killGroup, stillRunning, untilGone } from "../isolation/groups.js";
import { readRecords, reap, recordAlive } from "../isolation/registry.js";
import { stopRedisServers } from "../addons/redis-dedicated.js";
import { pino } from "pino";

/** The file `fifteen up` keeps its pid in while it runs (the run flag: src/logs/unclean-stop.ts). */
export const RUN_FLAG = "running";
/** Present when the next SIGTERM must stop the apps too (`fifteen down --stop-apps`). */
const STOP_APPS_REQUEST = "stop-apps";

/** Directories whose pid records name what outlives the platform: app processes and the router. */
const REGISTRIES = ["pids", "router-pid"];

/** The pid of the `fifteen up` running on this data dir, if one is. */
export async function runningPlatform(dataDir: string): Promise<number | undefined> {
  const text = await readFile(join(dataDir, RUN_FLAG), "utf8").catch(() => "");
  const pid = Number(text.trim());
  if (!Number.isSafeInteger(pid) || pid <= 0 || !stillRunning(pid, undefined)) return undefined;
  // The file outlives a crash, and its pid may name another process since: only a `fifteen … up` counts.
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return argv.includes("up") ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Asks the platform's next SIGTERM to stop the apps, the router and the add-on servers too. */
export async function requestStopApps(dataDir: string): Promise<void> {
  await writeFile(join(dataDir, STOP_APPS_REQUEST), `${process.pid}\n`, { mode: 0o600 });
}

/** Whether `fifteen down --stop-apps` asked for this stop (the request is used up). */
export async function takeStopAppsRequest(dataDir: string): Promise<boolean> {
  const file = join(dataDir, STOP_APPS_REQUEST);
  const asked = await readFile(file).then(
    () => true,
    () => false,
  );
  if (asked) await rm(file, { force: true });
  return asked;
}

/** Waits up to `ms` for a process to end; whether it did. */
export async function ended(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (stillRunning(pid, undefined)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/**
 * With no platform running: the apps' processes, the router and the add-on servers a handoff left serving get SIGTERM, SIGKILL
 * after the grace period; their records go. Directories, disks and cgroups are swept by the next `fifteen up`.
 * Returns how many were running.
 */
export async function stopLeftovers(dataDir: string, graceSeconds: number): Promise<number> {
  const dirs = REGISTRIES.map((name) => join(dataDir, name));
  const records = (await Promise.all(dirs.map(readRecords))).flat();
  // Only groups whose leader is still the process we recorded: a reused pid is someone else's.
  const live = records.filter(recordAlive).map((r) => r.pid as number);
  for (const pid of live) killGroup(pid, "SIGTERM");
  await untilGone(live, graceSeconds * 1000);
  for (const dir of dirs) await reap(dir);
  // Dedicated redis servers outlive the platform too; they keep their own pid records.
  const redis = await stopRedisServers(join(dataDir, "addons", "redis"), pino({ enabled: false }));
  return live.length + redis;
}
