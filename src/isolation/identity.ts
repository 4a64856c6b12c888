// Per-app uids: whether this platform can run each app as its own unprivileged user, and which ids are taken.
import { readdirSync, readFileSync } from "node:fs";
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
  /** A directory above the data dir app uids cannot pass through: the platform refuses to start then. */
  blockedBy?: { dir: string; mode: number };
}

/**
 * On when the platform runs as root; then every directory above the data dir must let other users through
 * (an app's uid must reach its own process and build directories inside it), or the status names the one
 * that does not.
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
        detail: `${dir} is not searchable by other users (mode ${octal(mode)}), so app uids could not reach the data dir`,
        blockedBy: { dir, mode },
      };
    }
    if (dir === dirname(dir)) break;
  }
  return { on: true, detail: "each app runs as its own uid and gid, without supplementary groups" };
}

/** The colon-separated fields of each line of the files that exist (/etc/passwd and its kind). */
function colonRecords(files: string[]): Array<{ file: string; fields: string[] }> {
  const records: Array<{ file: string; fields: string[] }> = [];
  for (const file of files) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n")) records.push({ file, fields: line.split(":") });
  }
  return records;
}

const isId = (field: string | undefined): field is string => field !== undefined && /^\d+$/.test(field);

/** Every uid and gid /etc/passwd and /etc/group name: app ids are allocated around them. */
export function systemIds(): ReadonlySet<number> {
  const ids = new Set<number>();
  for (const { file, fields } of colonRecords(["/etc/passwd", "/etc/group"])) {
    const [, , id, gid] = fields;
    if (isId(id)) ids.add(Number(id));
    if (file === "/etc/passwd" && isId(gid)) ids.add(Number(gid));
  }
  return ids;
}

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(4, "0");

/** Why `fifteen up` refuses a data dir that app uids cannot reach, and the two ways out. */
export function unreachableDataDir(dataDir: string, blockedBy: { dir: string; mode: number }): string {
  return (
    `the data dir ${dataDir} is inside ${blockedBy.dir} (mode ${octal(blockedBy.mode)}), which other users ` +
    `cannot pass through, so no app process (each runs as its own uid) could reach its files. Either let ` +
    `them through with \`chmod o+x ${blockedBy.dir}\` (they can pass, not list it), or set FIFTEEN_DATA_DIR to ` +
    `a directory outside it, e.g. FIFTEEN_DATA_DIR=/var/lib/fifteen/data.`
  );
}

/** The uid of every process running on this host now (another platform's apps among them). */
export function liveUids(): ReadonlySet<number> {
  const ids = new Set<number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, "utf8"))?.[1];
      if (uid) ids.add(Number(uid));
    } catch {
      // gone meanwhile
    }
  }
  return ids;
}

/** The subordinate id ranges (/etc/subuid, /etc/subgid) user namespaces map: never app uids. */
export function subordinateRanges(): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const { fields } of colonRecords(["/etc/subuid", "/etc/subgid"])) {
    const [, start, count] = fields;
    if (isId(start) && isId(count)) out.push({ start: Number(start), end: Number(start) + Number(count) });
  }
  return out;
}
