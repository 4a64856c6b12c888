// The pid registry: one record per process this platform runs (supervised, one-off, build step), written BEFORE
// it is spawned and given its pid and kernel start time right after, so a restart after SIGKILL finds every one.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { groupAlive, killGroup, procStat, stillRunning, untilGone } from "./groups.js";

export { groupAlive, killGroup, signalMembers } from "./groups.js";

/** `Spec`: what the driver running the process needs to adopt it again after a restart. */
export interface ProcessRecord<Spec = unknown> {
  kind: "process" | "one-off" | "build" | "other";
  /** The file's name: a process id, a build step's id, "router". */
  id: string;
  /** The supervised process's spec (the local driver's: all but its env, as config vars stay in the store, sealed). */
  spec?: Spec;
  /** Its directory (run/<app>/<id>), whose output FIFO a restart reads. */
  dir?: string;
  /** The cgroup the limiter made for it (named by this id), ended with it. */
  cgroup?: string;
  /** Leader of its process group, and its kernel start time: absent until it is spawned. */
  pid?: number;
  start?: string;
  port?: number | null;
  /** Whether it was up (a web process: serving) when last recorded. */
  up?: boolean;
}

/** Writes a record in one rename, so a crash never leaves half of one; synchronous, so no await sits between
 * a spawn and the record of its pid. */
export function record(dir: string, entry: ProcessRecord): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${entry.id}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(entry), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** The record once spawned: its pid and the kernel's start time for it (to tell it from a reused pid). */
export function recordSpawned<Spec>(
  dir: string,
  entry: ProcessRecord<Spec>,
  pid: number,
): ProcessRecord<Spec> {
  const spawned = { ...entry, pid, start: procStat(pid)?.start };
  record(dir, spawned);
  return spawned;
}

export async function forget(dir: string, id: string): Promise<void> {
  await rm(join(dir, `${id}.json`), { force: true });
}

/** Records a process that is already running (the router). */
export async function remember(dir: string, id: string, pid: number): Promise<void> {
  recordSpawned(dir, { kind: "other", id }, pid);
}

/** Every record an earlier run left (unreadable ones, cut by a crash, are skipped: the scan finds those). */
export async function readRecords<Spec = unknown>(dir: string): Promise<ProcessRecord<Spec>[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(".json"));
  const out: ProcessRecord<Spec>[] = [];
  for (const file of files) {
    const text = await readFile(join(dir, file), "utf8").catch(() => "");
    try {
      const entry = JSON.parse(text) as ProcessRecord<Spec>;
      if (typeof entry.id === "string") out.push(entry);
    } catch {
      await rm(join(dir, file), { force: true });
    }
  }
  return out;
}

/** Whether the recorded process still runs: its pid is the process we started, and it has not exited. */
export function recordAlive(entry: ProcessRecord): boolean {
  return entry.pid !== undefined && entry.start !== undefined && stillRunning(entry.pid, entry.start);
}

/**
 * Whether anything of the recorded group may still run: its leader is the process we started (even a zombie),
 * or is gone while members of its group live on (Linux does not hand out a pid again while a process group
 * still uses it as its id). Not when the pid now names another process.
 */
function groupLeft(entry: ProcessRecord): boolean {
  if (!entry.pid || !entry.start) return false;
  const leader = procStat(entry.pid);
  if (leader && leader.start !== entry.start) return false;
  return groupAlive(entry.pid);
}

/** Ends the groups of these records all at once (SIGKILL) and waits until they are gone; returns how many. */
export async function endRecorded(entries: readonly ProcessRecord[]): Promise<number> {
  const live = entries.filter(groupLeft).map((e) => e.pid as number);
  for (const pid of live) killGroup(pid, "SIGKILL");
  await untilGone(live, 5000);
  return live.length;
}

/** Kills every process group an earlier run left registered, in parallel; returns how many were still alive. */
export async function reap(dir: string): Promise<number> {
  const entries = await readRecords(dir);
  const ended = await endRecorded(entries);
  await Promise.all(entries.map((e) => forget(dir, e.id)));
  return ended;
}
