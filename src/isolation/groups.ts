// Process groups as /proc shows them: whether a pid is still the process we started (same kernel start time,
// not a zombie), who is in a group, signalling a group, and waiting until groups are gone.
import { readdirSync, readFileSync } from "node:fs";

export interface ProcStat {
  /** R, S, D, Z (zombie), X (dead)… */
  state: string;
  ppid: number;
  pgrp: number;
  /** Field 22: when the process started, in clock ticks since boot; with the pid, it names one process. */
  start: string;
}

/** Fields of /proc/PID/stat; undefined once the pid is gone. */
export function procStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // After "(comm)", which may hold spaces and parentheses: state, ppid, pgrp, …, starttime (22nd field).
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return {
    state: fields[0] ?? "",
    ppid: Number(fields[1]),
    pgrp: Number(fields[2]),
    start: fields[19] ?? "",
  };
}

/** A zombie has exited: it only waits for its parent (or init) to collect its status. */
function running(stat: ProcStat | undefined): stat is ProcStat {
  return stat !== undefined && stat.state !== "Z" && stat.state !== "X";
}

/** Whether `pid` is still the process that had kernel start time `start`, and has not exited. */
export function stillRunning(pid: number, start: string | undefined): boolean {
  const stat = procStat(pid);
  return running(stat) && (start === undefined || stat.start === start);
}

function pids(): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** Every process group with at least one member that has not exited. */
function liveGroups(): Set<number> {
  const out = new Set<number>();
  for (const pid of pids()) {
    const stat = procStat(pid);
    if (running(stat)) out.add(stat.pgrp);
  }
  return out;
}

/** Every member of a process group (read from /proc), the leader first. */
export function groupMembers(pgid: number): number[] {
  const out = [pgid];
  for (const pid of pids()) if (pid !== pgid && procStat(pid)?.pgrp === pgid) out.push(pid);
  return out;
}

export function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/**
 * Signals every member of a process group but its leader: under bubblewrap the leader is bwrap, which would
 * die of the signal instead of passing it on, while the command (its child) should get it, as in a terminal.
 */
export function signalMembers(pgid: number, signal: NodeJS.Signals): void {
  for (const pid of groupMembers(pgid).slice(1)) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone meanwhile
    }
  }
}

/** Whether any member of the group has not exited (zombies waiting for init do not count). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  if (running(procStat(pgid))) return true;
  return groupMembers(pgid)
    .slice(1)
    .some((pid) => running(procStat(pid)));
}

/**
 * Resolves once none of the groups has a member left (zombies do not count), or after `ms`; one /proc scan
 * per tick for all of them, however many there are. Resolves with the groups still alive.
 */
export async function untilGone(pgids: readonly number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let left = [...pgids];
  for (let pause = 10; left.length > 0; pause = Math.min(pause * 2, 100)) {
    const live = liveGroups();
    left = left.filter((pgid) => live.has(pgid));
    if (left.length === 0 || Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, pause));
  }
  return left;
}

/** Processes whose environment names a path under one of `roots` (as HOME or TMPDIR), with that path. */
export function processesUnder(roots: readonly string[]): Array<{ pid: number; pgrp: number; path: string }> {
  const out: Array<{ pid: number; pgrp: number; path: string }> = [];
  for (const pid of pids()) {
    if (pid === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, "utf8");
    } catch {
      continue;
    }
    for (const variable of environ.split("\0")) {
      if (!variable.startsWith("HOME=") && !variable.startsWith("TMPDIR=")) continue;
      const path = variable.slice(variable.indexOf("=") + 1);
      if (!roots.some((root) => path.startsWith(`${root}/`))) continue;
      const stat = procStat(pid);
      if (running(stat)) out.push({ pid, pgrp: stat.pgrp, path });
      break;
    }
  }
  return out;
}
