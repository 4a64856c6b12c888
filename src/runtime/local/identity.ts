// Per-app uids: whether this platform can run each app as its own unprivileged user, and which ids are taken.
import { readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname } from "node:path";

/** The uid and gid one app's processes and builds run as (gid = uid; no supplementary groups). */
export interface AppIdentity {
  uid: number;
  gid: number;
}

export interface AppUidsStatus {
  on: boolean;
  /** Why they are off (or what is in place when on), for the log and `fifteen doctor`. */
  detail: string;
}

/**
 * On when the platform runs as root and every directory above the data dir lets other users through
 * (an app's uid must reach its own process and build directories inside it).
 */
export async function appUidsStatus(dataDir: string): Promise<AppUidsStatus> {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) {
    return { on: false, detail: "the platform does not run as root, so every process runs as its user" };
  }
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    const mode = await stat(dir).then(
      (s) => s.mode,
      () => 0,
    );
    if ((mode & 0o001) === 0) {
      return {
        on: false,
        detail: `${dir} is not searchable by other users (mode ${(mode & 0o777).toString(8).padStart(4, "0")}), so app uids could not reach the data dir; chmod o+x it or move FIFTEEN_DATA_DIR`,
      };
    }
    if (dir === dirname(dir)) break;
  }
  return { on: true, detail: "each app runs as its own uid and gid, without supplementary groups" };
}

/** Every uid and gid /etc/passwd and /etc/group name: app ids are allocated around them. */
export function systemIds(): ReadonlySet<number> {
  const ids = new Set<number>();
  for (const file of ["/etc/passwd", "/etc/group"]) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n")) {
      const [, , id, gid] = line.split(":");
      if (id && /^\d+$/.test(id)) ids.add(Number(id));
      if (file === "/etc/passwd" && gid && /^\d+$/.test(gid)) ids.add(Number(gid));
    }
  }
  return ids;
}
