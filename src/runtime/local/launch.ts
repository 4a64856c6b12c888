// What every local process shares, supervised or one-off: a fresh directory, the release's files (unpacked once
// per release, from a slug verified against its digest), a disk of its size, the environment, the sandboxed
// argv, its uid and limits, and stopping the whole process group.
import { chmod, chown, mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import * as tar from "tar";
import { DeferredLinks } from "../../shared/links.js";
import { verifySlug } from "../../shared/digests.js";
import { withoutSpecialBits } from "../../shared/file-modes.js";
import { describeMemory } from "../../shared/sizes.js";
import { diskFull, mountDisk, removeDir } from "./disk.js";
import type { AppIdentity } from "../../isolation/identity.js";
import { noLimits, type Enforcement, type Limiter, type ProcessLimits } from "../../isolation/limits.js";
import { groupAlive, killGroup, signalMembers } from "../../isolation/groups.js";
import { forget } from "../../isolation/registry.js";
import type { Sandbox } from "../../isolation/sandbox.js";
import { appPath, PLATFORM_NODE_BIN } from "../../shared/app-path.js";
import { readSlugRuntime } from "../../toolchains/slug-runtime.js";
import type { NodeToolchains, Toolchain } from "../../toolchains/toolchains.js";

/** The platform's default memory limit per process when neither the formation nor the caller sets one. */
export const DEFAULT_MEMORY_MB = 512;
export const DEFAULT_PROCESS_LIMIT = 256;
export const DEFAULT_DISK_MB = 1024;

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
  /** Where a slug built for another Node than the platform's finds it (see slug-runtime.ts). */
  toolchains?: NodeToolchains;
  /** On PATH after the system's directories (the platform's bin directory, for `fifteen static`). */
  pathAfter?: string[];
  /** Directories no process may look into (the data dir), but for its own directories inside. */
  hiddenPaths?: string[];
  /** Whether each process runs as its app's uid (the spec's `uid`): on when the platform runs as root. */
  appUids?: boolean;
  /** How memory and process-count limits are enforced (none by default, as for `fifteen dev`). */
  limiter?: Limiter;
  /** Whether each process gets a disk of its size (a tmpfs the platform mounts: it must run as root). */
  disks?: boolean;
  /** Defaults: memory and disk per process when the spec has none, and the process-count limit. */
  defaultMemoryMb?: number;
  defaultDiskMb?: number;
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
  diskMb?: number | undefined;
  /** It runs on a pseudo-terminal (its stdin): the sandbox shows that terminal at /dev/pts/0. */
  tty?: boolean | undefined;
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

export function limitsOf(
  host: LaunchHost,
  run: { memoryMb?: number | undefined; diskMb?: number | undefined },
): ProcessLimits {
  return {
    memoryMb: run.memoryMb ?? host.defaultMemoryMb ?? DEFAULT_MEMORY_MB,
    processes: host.processLimit ?? DEFAULT_PROCESS_LIMIT,
    ...(host.disks ? { diskMb: run.diskMb ?? host.defaultDiskMb ?? DEFAULT_DISK_MB } : {}),
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

/** The process's disk: its home and tmp, a tmpfs of its disk limit when the platform mounts disks. */
function diskDir(dir: string): string {
  return join(dir, "disk");
}

/** Removes a process's directory, its disk unmounted first. */
export const removeProcessDir = removeDir;

/** Where a release's files are unpacked once, for every process of the app that runs it. */
export function releaseDir(host: LaunchHost, appId: string, digest: string): string {
  return join(host.runDir, appId, "releases", digest);
}

/**
 * Whether processes can share one unpacked copy of a release: they cannot write it, because bubblewrap mounts
 * it read-only or because it is root's and they run as their app's uid. Otherwise each start gets its own copy.
 */
function sharesReleases(host: LaunchHost, identity: AppIdentity | undefined): boolean {
  return host.sandbox.kind === "bubblewrap" || identity !== undefined;
}

/**
 * The one place a slug is unpacked (verified by prepare first); `shared`: nobody but root may write what it
 * unpacks. Extraction runs to its end even when an entry is refused, so nothing is still being written when the
 * caller cleans up; a link out of the directory (a slug built before links were confined) is skipped.
 */
async function unpackSlug(host: LaunchHost, digest: string, dest: string, shared = false): Promise<void> {
  const problems: string[] = [];
  // Links are made once the files are in: node-tar refuses npm's `.bin` links that go through a workspace link.
  const links = new DeferredLinks();
  await tar.x({
    file: host.slugPath(digest),
    cwd: dest,
    strict: false,
    preserveOwner: false,
    onwarn: (code, message) => {
      if (code !== "TAR_ENTRY_INFO") problems.push(`${code}: ${String(message)}`);
    },
    filter: (path, entry) => {
      if (!links.defer(path, entry)) return false;
      // A setuid file in a slug must not become root's setuid file here.
      withoutSpecialBits(path, entry);
      if (shared && typeof entry.mode === "number") entry.mode &= ~0o022;
      return true;
    },
  });
  if (problems.length === 0)
    for (const problem of await links.create(dest)) problems.push(`the link ${problem}`);
  if (problems.length > 0) throw new Error(`the slug could not be unpacked (${problems.join("; ")})`);
}

/** Unpacks in flight, by directory, so concurrent starts of one release unpack it once. */
const unpacking = new Map<string, Promise<void>>();

/** The release's shared, read-only copy (root's, 0755 and 0644 at most), unpacked on its first use. */
async function unpackedRelease(
  host: LaunchHost,
  appId: string,
  digest: string,
  identity: AppIdentity | undefined,
): Promise<string> {
  const dir = releaseDir(host, appId, digest);
  let ready = unpacking.get(dir);
  if (!ready) {
    ready = (async () => {
      // An app uid passes through releases/ (its group's) to read its release, never lists it.
      await ensureDir(join(dir, ".."), identity ? 0o710 : 0o700, identity && { uid: 0, gid: identity.gid });
      if (
        await stat(dir).then(
          () => true,
          () => false,
        )
      )
        return;
      const partial = `${dir}.unpacking`;
      await rm(partial, { recursive: true, force: true });
      await ensureDir(partial, 0o755);
      await unpackSlug(host, digest, partial, true);
      await rename(partial, dir);
    })();
    unpacking.set(dir, ready);
    void ready.then(
      () => unpacking.delete(dir),
      () => unpacking.delete(dir),
    );
  }
  await ready;
  return dir;
}

/** Removes a release's shared copy once no process of the app runs it any more. */
export async function dropRelease(host: LaunchHost, appId: string, digest: string): Promise<void> {
  const dir = releaseDir(host, appId, digest);
  await unpacking.get(dir)?.catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}

/**
 * Share nothing writable: every start gets a fresh disk (home and tmp, which is /tmp too under bubblewrap) of
 * the process's disk size, and the release's files as they were built, from a slug that matches its digest.
 */
export async function prepare(host: LaunchHost, tag: ProcessTag, run: LaunchRun): Promise<Launch> {
  if (host.prepare) return host.prepare(tag, run);
  const dir = processDir(host, tag);
  const identity = identityOf(host, run);
  const limits = limitsOf(host, run);
  await removeDir(dir);
  // run/ lets app uids through; run/<app>/ only the app's group; the process dir and release are root's.
  await ensureDir(host.runDir, identity ? 0o711 : 0o700);
  await ensureDir(
    join(host.runDir, tag.appId),
    identity ? 0o710 : 0o700,
    identity && { uid: 0, gid: identity.gid },
  );
  await ensureDir(dir, identity ? 0o755 : 0o700);
  await ensureDir(join(dir, "app"), identity ? 0o755 : 0o700);
  const disk = diskDir(dir);
  await ensureDir(disk, 0o700, identity);
  if (limits.diskMb !== undefined) await mountDisk(disk, limits.diskMb, identity);
  for (const sub of ["home", "tmp"]) await ensureDir(join(disk, sub), 0o700, identity);
  await verifySlug(host.slugPath(run.slugDigest), run.slugDigest);
  const bubblewrap = host.sandbox.kind === "bubblewrap";
  // Under bubblewrap the shared copy is mounted read-only at app/; as the app's uid it is the working directory.
  let source: string | undefined;
  if (sharesReleases(host, identity))
    source = await unpackedRelease(host, tag.appId, run.slugDigest, identity);
  else await unpackSlug(host, run.slugDigest, join(dir, "app"));
  const cwd = source && !bubblewrap ? source : join(dir, "app");
  const { node, tools } = await toolsOf(host, source ?? join(dir, "app"));
  const env: Record<string, string> = {
    // The app's own PATH (its node_modules/.bin, its Node) and NODE_ENV, as on Heroku; its config may set either.
    PATH: appPath(
      cwd,
      node?.bin ?? PLATFORM_NODE_BIN,
      tools.map((t) => t.bin),
      host.pathAfter ?? [],
    ),
    NODE_ENV: "production",
    ...host.baseEnv,
    ...run.env,
    HOME: join(disk, "home"),
    TMPDIR: join(disk, "tmp"),
  };
  const [sandboxed, sandboxArgs] = host.sandbox.argv(run.command, {
    app: join(dir, "app"),
    ...(source ? { appSource: source } : {}),
    writable: [disk],
    tmp: join(disk, "tmp"),
    readOnly: host.readOnlyPaths,
    hidden: host.hiddenPaths ?? [],
    // The platform's bin dir too: without per-app uids the data dir it lives in is an empty tmpfs.
    exposed: [...[...(node ? [node] : []), ...tools].map((t) => t.root), ...(host.pathAfter ?? [])],
    ownUid: identity !== undefined,
    ...(run.tty ? { tty: true } : {}),
  });
  const [file, args] = (host.limiter ?? noLimits).wrap(sandboxed, sandboxArgs, limits);
  return { dir, cwd, env, file, args, ids: identity ?? {}, limits };
}

/**
 * The Node the slug was built for, when not the platform's, and its package manager (yarn, pnpm), installed
 * again if the cache lost them.
 */
async function toolsOf(
  host: LaunchHost,
  appDir: string,
): Promise<{ node: Toolchain | undefined; tools: Toolchain[] }> {
  const runtime = await readSlugRuntime(appDir);
  const toolchains = host.toolchains;
  if (!toolchains) return { node: undefined, tools: [] };
  const pm = runtime.packageManager;
  return {
    node: runtime.node === undefined ? undefined : await toolchains.node(runtime.node),
    tools: pm ? [await toolchains.packageManager(pm.name, pm.version)] : [],
  };
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
    const enforcement = await (host.limiter ?? noLimits).enforce(tag.id, pid, limits);
    return limits.diskMb === undefined ? enforcement : watchDisk(host, tag, limits.diskMb, enforcement);
  } catch (err) {
    host.platformLog(
      tag,
      `${tag.name} could not be put under its limits (${err instanceof Error ? err.message : String(err)}): stopping it`,
    );
    killGroup(pid, "SIGKILL");
    return noLimits.enforce(tag.id, pid, limits);
  }
}

/**
 * Says in the app's log when the process fills its disk (its writes then fail with ENOSPC): checked every
 * second, and once more when it ends, so a short one-off that filled it is reported too.
 */
function watchDisk(
  host: LaunchHost,
  tag: ProcessTag & { name: string },
  diskMb: number,
  enforcement: Enforcement,
): Enforcement {
  const disk = diskDir(processDir(host, tag));
  let full = false;
  const check = async () => {
    const now = await diskFull(disk);
    if (now && !full) host.platformLog(tag, diskExceeded(tag.name, diskMb));
    full = now;
  };
  const timer = setInterval(() => void check(), 1000);
  timer.unref();
  return {
    exceeded: () => enforcement.exceeded(),
    async release() {
      clearInterval(timer);
      await check();
      await enforcement.release();
    },
  };
}

/** The platform line for a process that filled its disk. */
export function diskExceeded(name: string, diskMb: number): string {
  return `${name} hit its disk limit of ${describeMemory(diskMb)}: writes fail with ENOSPC (No space left on device)`;
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
  await forget(host.registryDir, tag.id);
  return killed;
}

/** Calls `line` for each line of a block of output read at once (what a leftover's pipe still held). */
export function splitLinesOf(text: string, line: (text: string) => void): void {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  for (const text of lines) line(text.replace(/\r$/, ""));
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
