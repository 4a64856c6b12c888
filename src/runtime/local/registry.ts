// The pid registry: which process groups this platform started, so a restart after SIGKILL can reap them.
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The kernel's start time of a pid (field 22 of /proc/PID/stat), to tell our process from a reused pid. */
async function startTime(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (!stat) return undefined;
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

export async function remember(dir: string, id: string, pid: number): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, `${id}.json`), JSON.stringify({ pid, start: await startTime(pid) }), {
    mode: 0o600,
  });
}

export async function forget(dir: string, id: string): Promise<void> {
  await rm(join(dir, `${id}.json`), { force: true });
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Signals every member of a process group but its leader: under bubblewrap the leader is bwrap, which would
 * die of the signal instead of passing it on, while the command (its child) should get it, as in a terminal.
 */
export function signalMembers(pgid: number, signal: NodeJS.Signals): void {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === pgid) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // After "(comm)": state, ppid, pgrp.
    const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
    if (pgrp === pgid) {
      try {
        process.kill(Number(entry), signal);
      } catch {
        // gone meanwhile
      }
    }
  }
}

export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills every process group an earlier run left registered; returns how many were still alive. */
export async function reap(dir: string): Promise<number> {
  const files = await readdir(dir).catch(() => [] as string[]);
  let reaped = 0;
  for (const file of files) {
    const path = join(dir, file);
    const entry = JSON.parse(await readFile(path, "utf8").catch(() => "{}")) as {
      pid?: number;
      start?: string;
    };
    const leader = entry.pid ? await startTime(entry.pid) : undefined;
    // Ours if the leader is the one we started, or if it is gone but its group lives on (Linux does not hand
    // out a pid again while a process group still uses it as its id).
    const ours =
      entry.pid && entry.start && (leader === entry.start || (leader === undefined && groupAlive(entry.pid)));
    if (entry.pid && ours) {
      killGroup(entry.pid, "SIGKILL");
      // Wait until it is gone: its port and files must be free before anything replaces it.
      for (let i = 0; i < 250 && groupAlive(entry.pid); i++) await new Promise((r) => setTimeout(r, 20));
      reaped += 1;
    }
    await rm(path, { force: true });
  }
  return reaped;
}
