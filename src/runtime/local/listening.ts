// Which TCP ports a process group listens on, read from /proc: its members' socket inodes matched against the
// LISTEN entries of their network namespace's tcp tables (to notice an app that ignores $PORT).
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { groupMembers } from "../../isolation/groups.js";

/** The `st` column of /proc/net/tcp for a listening socket. */
const LISTEN = "0A";

/** Socket inodes a process holds open; none if it is gone or its fds cannot be read. */
function socketInodes(pid: number): string[] {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) out.push(match[1]);
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

/** Listening sockets in a tcp table (/proc/PID/net/tcp or tcp6): inode → port. */
function listeners(path: string): Map<string, number> | undefined {
  const out = new Map<string, number>();
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  for (const row of text.split("\n").slice(1)) {
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
    const fields = row.trim().split(/\s+/);
    const local = fields[1];
    const inode = fields[9];
    if (fields[3] !== LISTEN || !local || !inode) continue;
    out.set(inode, parseInt(local.slice(local.lastIndexOf(":") + 1), 16));
  }
  return out;
}

/** The TCP ports any member of the process group listens on, sorted; [] if none (or /proc cannot tell). */
export function listeningPorts(pgid: number): number[] {
  const members = groupMembers(pgid);
  const inodes = new Set(members.flatMap(socketInodes));
  if (inodes.size === 0) return [];
  const ports = new Set<number>();
  // Members share one network namespace (the sandbox does not give them their own): the first member whose
  // tables can be read (the leader may have exited) shows them.
  for (const table of ["tcp", "tcp6"]) {
    for (const pid of members) {
      const found = listeners(`/proc/${pid}/net/${table}`);
      if (!found) continue;
      for (const [inode, port] of found) if (inodes.has(inode)) ports.add(port);
      break;
    }
  }
  return [...ports].sort((a, b) => a - b);
}
