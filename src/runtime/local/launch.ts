// What every local process shares, supervised or one-off: a fresh directory with its own copy of the slug,
// the environment, the sandboxed argv, its uid and limits, and stopping the whole process group.
import { chmod, chown, mkdir, rm } from "node:fs/promises";
import { join, posix } from "node:path";
import type { Readable } from "node:stream";
import * as tar from "tar";
import { verifySlug } from "../../shared/digests.js";
import { withoutSpecialBits } from "../../shared/file-modes.js";
import { describeMemory } from "../../shared/sizes.js";
import type { AppIdentity } from "./identity.js";
import { noLimits, type Enforcement, type Limiter, type ProcessLimits } from "./limits.js";
import { forget, groupAlive, killGroup, signalMembers } from "./registry.js";
import type { Sandbox } from "./sandbox.js";

/** The platform's default memory limit per process when neither the formation nor the caller sets one. */
export const DEFAULT_MEMORY_MB = 512;
export const DEFAULT_PROCESS_LIMIT = 256;

/** Which process a line or event belongs to. */
export interface ProcessTag {
  id: string;
  appId: string;
  app: string;
  type: string;
  index: number;
}

export interface LaunchHost {
  runDir: string;
  registryDir: string;
  slugPath(digest: string): string;
  baseEnv: Readonly<Record<string, string>>;
  sandbox: Sandbox;
  /** Host paths processes may read inside the sandbox (the platform's bin directory, for `fifteen static`). */
  readOnlyPaths: string[];
  /** Directories no process may look into (the data dir), but for its own directories inside. */
  hiddenPaths?: string[];
  /** Whether each process runs as its app's uid (the spec's `uid`): on when the platform runs as root. */
  appUids?: boolean;
  /** How memory and process-count limits are enforced (none by default, as for `fifteen dev`). */
  limiter?: Limiter;
  /** Defaults: memory per process when the spec has none, and the process-count limit. */
  defaultMemoryMb?: number;
  processLimit?: number;
  output(tag: ProcessTag, text: string): void;
  platformLog(tag: ProcessTag, text: string): void;
  /** Replaces the default (a fresh copy of the slug): `fifteen dev` runs in the working directory instead. */
  prepare?(tag: ProcessTag, run: LaunchRun): Promise<Launch>;
}

export interface LaunchRun {
  slugDigest: string;
  env: Record<string, string>;
  command: string[];
  /** The app's uid (and gid), used when per-app uids are on. */
  uid?: number | undefined;
  memoryMb?: number | undefined;
}

export interface Launch {
  dir: string;
  cwd: string;
  env: Record<string, string>;
  file: string;
  args: string[];
  /** Spread into spawn's options: the app's uid and gid when per-app uids are on (libuv drops all groups). */
  ids?: Partial<AppIdentity>;
  /** Absent: the host's defaults (or none, without a limiter). */
  limits?: ProcessLimits;
}

export function identityOf(host: LaunchHost, run: { uid?: number | undefined }): AppIdentity | undefined {
  return host.appUids && run.uid !== undefined ? { uid: run.uid, gid: run.uid } : undefined;
}

export function limitsOf(host: LaunchHost, run: { memoryMb?: number | undefined }): ProcessLimits {
  return {
    memoryMb: run.memoryMb ?? host.defaultMemoryMb ?? DEFAULT_MEMORY_MB,
    processes: host.processLimit ?? DEFAULT_PROCESS_LIMIT,
  };
}

async function ensureDir(dir: string, mode: number, owner?: AppIdentity): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
  if (owner) await chown(dir, owner.uid, owner.gid);
  await chmod(dir, mode);
}

export function processDir(host: LaunchHost, tag: ProcessTag): string {
  return join(host.runDir, tag.appId, tag.id);
}

/** Share nothing: every start gets a fresh copy of the slug, home and tmp. */
export async function prepare(host: LaunchHost, tag: ProcessTag, run: LaunchRun): Promise<Launch> {
  if (host.prepare) return host.prepare(tag, run);
  const dir = processDir(host, tag);
  const identity = identityOf(host, run);
  await removeTree(dir);
  // run/ lets app uids through; run/<app>/ only the app's group; the process dir and release are root's.
  await ensureDir(host.runDir, identity ? 0o711 : 0o700);
  await ensureDir(
    join(host.runDir, tag.appId),
    identity ? 0o710 : 0o700,
    identity && { uid: 0, gid: identity.gid },
  );
  await ensureDir(dir, identity ? 0o755 : 0o700);
  await ensureDir(join(dir, "app"), identity ? 0o755 : 0o700);
  for (const sub of ["home", "tmp"]) await ensureDir(join(dir, sub), 0o700, identity);
  const slug = host.slugPath(run.slugDigest);
  await verifySlug(slug, run.slugDigest);
  await unpackSlug(slug, join(dir, "app"));
  const env: Record<string, string> = {
    ...host.baseEnv,
    ...run.env,
    HOME: join(dir, "home"),
    TMPDIR: join(dir, "tmp"),
  };
  const [sandboxed, sandboxArgs] = host.sandbox.argv(run.command, {
    app: join(dir, "app"),
    writable: [join(dir, "home"), join(dir, "tmp")],
    readOnly: host.readOnlyPaths,
    hidden: host.hiddenPaths ?? [],
    ownUid: identity !== undefined,
  });
  const limits = limitsOf(host, run);
  const [file, args] = (host.limiter ?? noLimits).wrap(sandboxed, sandboxArgs, limits);
  return { dir, cwd: join(dir, "app"), env, file, args, ids: identity ?? {}, limits };
}

/**
 * Removes a process directory whatever is in it (links anywhere, files an app is still writing): retried
 * rather than failing a stop or a start, which would wedge the app's queue.
 */
export async function removeTree(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}

/**
 * Unpacks a (verified) slug. Extraction runs to its end even when an entry is refused, so nothing is still
 * being written when the caller cleans up; a link out of the directory (a slug built before links were
 * confined) is skipped, not followed.
 */
async function unpackSlug(file: string, cwd: string): Promise<void> {
  const problems: string[] = [];
  await tar.x({
    file,
    cwd,
    strict: false,
    preserveOwner: false,
    onwarn: (code, message) => {
      if (code !== "TAR_ENTRY_INFO") problems.push(`${code}: ${String(message)}`);
    },
    // A setuid file in a slug must not become root's setuid file here.
    filter: (path, entry) => {
      if ("linkpath" in entry && entry.type === "SymbolicLink" && leavesDir(path, entry.linkpath ?? ""))
        return false;
      return withoutSpecialBits(path, entry);
    },
  });
  if (problems.length > 0) throw new Error(`the slug could not be unpacked (${problems.join("; ")})`);
}

/** Lexically: the slug's links were resolved against the real tree when it was packed. */
function leavesDir(path: string, target: string): boolean {
  if (target.startsWith("/")) return true;
  const resolved = posix.normalize(posix.join(posix.dirname(path), target));
  return resolved === ".." || resolved.startsWith("../");
}

/**
 * Puts a just-spawned process under its limits. If that fails the process is stopped: it never runs
 * without the limits the platform promised.
 */
export async function enforceLimits(
  host: LaunchHost,
  tag: ProcessTag & { name: string },
  pid: number,
  limits: ProcessLimits,
): Promise<Enforcement> {
  try {
    return await (host.limiter ?? noLimits).enforce(tag.id, pid, limits);
  } catch (err) {
    host.platformLog(
      tag,
      `${tag.name} could not be put under its limits (${err instanceof Error ? err.message : String(err)}): stopping it`,
    );
    killGroup(pid, "SIGKILL");
    return noLimits.enforce(tag.id, pid, limits);
  }
}

/** The platform line for a process the memory limit ended. */
export function memoryExceeded(name: string, limits: ProcessLimits): string {
  return `${name} exceeded its memory limit of ${describeMemory(limits.memoryMb)} and was stopped`;
}

/**
 * `signal` (SIGTERM, or SIGHUP for a lost client) to the whole group, then SIGKILL once the grace period is
 * over; resolves when the group is gone. Returns whether SIGKILL was needed. With spareLeader the first
 * signal skips the group's leader (bubblewrap), which exits with its command.
 */
export async function terminate(
  host: LaunchHost,
  tag: ProcessTag & { name: string },
  pid: number,
  signal: NodeJS.Signals,
  graceSeconds: number,
  spareLeader = false,
): Promise<boolean> {
  if (spareLeader) signalMembers(pid, signal);
  else killGroup(pid, signal);
  const deadline = Date.now() + graceSeconds * 1000;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  let killed = false;
  if (groupAlive(pid)) {
    killed = true;
    host.platformLog(tag, `${tag.name} did not stop within ${graceSeconds} s of ${signal}: SIGKILL`);
    killGroup(pid, "SIGKILL");
    // Bounded: unreaped zombies (a platform running as PID 1 without init) still count as a live group.
    for (let i = 0; i < 250 && groupAlive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  }
  await forget(host.registryDir, `${tag.id}.${pid}`);
  return killed;
}

/** Calls `line` for each line of a process's output (a line longer than 16 KiB is cut into pieces). */
export function splitLines(stream: Readable, line: (text: string) => void): void {
  let partial = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    if (partial.length > 16384) {
      lines.push(partial);
      partial = "";
    }
    for (const text of lines) line(text.replace(/\r$/, ""));
  });
  stream.on("end", () => {
    if (partial) line(partial);
  });
  stream.on("error", () => undefined);
}
