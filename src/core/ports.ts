// The driver seams core depends on; implementations live in build/ and logs/ and are wired by platform/.
import type { Readable, Writable } from "node:stream";
import type { App, LogFilter, LogLine, LogQuery, ProcessInfo } from "./types.js";

/** Content-addressed slugs (built apps, as gzip tarballs). */
export interface SlugStore {
  /** Moves the tarball at `file` into the store; returns its sha256. */
  put(file: string): Promise<{ digest: string; size: number }>;
  /** A local path holding the slug, for drivers that unpack it. */
  path(digest: string): string;
  has(digest: string): Promise<boolean>;
  delete(digest: string): Promise<void>;
}

/** Uploaded or pushed source archives, kept until their build finishes. */
export interface SourceArchive {
  /**
   * Stores body (a gzip tarball), then runs `record` (which writes the build that needs it); rejects with
   * SOURCE_INVALID / PAYLOAD_TOO_LARGE. Identical uploads share one archive, so storing one and recording its
   * build never interleave with a `delete` of the same digest.
   */
  put<T>(
    body: Readable,
    maxBytes: number,
    record: (archive: { digest: string; size: number }) => Promise<T>,
  ): Promise<T>;
  path(digest: string): string;
  /** Deletes the archive, unless `needed()` (asked under the same per-digest lock as `put`) says a build needs it. */
  delete(digest: string, needed: () => Promise<boolean>): Promise<void>;
}

/** Build output: appended live by the builder, replayed and followed by readers. */
export interface BuildOutput {
  append(buildId: string, text: string): void;
  close(buildId: string): void;
  /** Whether output may still be appended (the build, or the rollout after it, is still going). */
  isOpen(buildId: string): boolean;
  /** Everything so far; with follow, keeps yielding until the build's output is closed. */
  read(buildId: string, follow: boolean): AsyncIterable<string>;
  remove(buildId: string): Promise<void>;
}

/** How a one-off ended. */
export interface OneOffExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the platform ended it: its time limit, its memory limit, `ps:stop`, the attached client went away, or shutdown. */
  endedBy: "timeout" | "memory" | "stopped" | "hangup" | "shutdown" | null;
  /** On exit 127: "command not found: X", X from the shell's complaint or the command's first word. */
  notFound?: string;
}

/** A running one-off: its streams when attached, signals, and its end. */
export interface OneOffIo {
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Sends a signal to its whole process group. */
  signal(signal: NodeJS.Signals): void;
  /** The attached client went away: SIGHUP, then SIGKILL after the grace period. */
  hangup(): void;
  /** Resizes its terminal (only when it runs on one). */
  resize(cols: number, rows: number): void;
  readonly exited: Promise<OneOffExit>;
}

export interface OneOffRequest {
  /** One element runs through /bin/sh -c; several run as an argv, without a shell. */
  command: string[];
  /** Default 24 h. */
  timeoutSeconds?: number | undefined;
  /** Extra variables for this run only, over the release's config. */
  env?: Record<string, string> | undefined;
  /** Memory limit ("1G"); default the platform's. */
  size?: string | undefined;
  attached: boolean;
  /** Attached only: run on a pseudo-terminal of this size (`fifteen run` from a terminal). */
  tty?: TtySize | undefined;
}

/** A client's terminal: its size, and $TERM. */
export interface TtySize {
  cols: number;
  rows: number;
  term?: string | undefined;
}

/** A command to run inside one running process (`ps:exec`). */
export interface ExecRequest {
  /** The process, e.g. web.1. */
  process: string;
  /** Absent: bash, or sh where bash is missing. */
  command?: string[] | undefined;
  tty?: TtySize | undefined;
}

export interface StartedOneOff extends OneOffIo {
  name: string;
  release: number;
}

/** The runtime's view and controls, for `ps`, `ps:restart`, `ps:stop` and `run`. */
export interface ProcessControl {
  /** Starts a one-off (run.N) in the app's current release and env. */
  run(app: App, request: OneOffRequest, actor: string): Promise<StartedOneOff>;
  list(appId: string): ProcessInfo[];
  /** Restarts all processes, one type (web) or one process (web.1); returns how many. */
  restart(appId: string, target: string | undefined): Promise<number>;
  /** Stops one process (web.1); the formation brings a fresh one back, as on Heroku. */
  stop(appId: string, target: string): Promise<boolean>;
  /** Runs a command inside a running process's sandbox, uid and env (`ps:exec`). */
  exec(app: App, request: ExecRequest, actor: string): Promise<StartedOneOff>;
}

/** What a provider made for an add-on. */
export interface ProvisionedAddon {
  /** Identifiers of what was made (database, role, user, key prefix, server): no secrets. */
  resource: Record<string, string>;
  /** The URL apps get, credentials included. */
  url: string;
  /** Extra variables by suffix, e.g. { KEY_PREFIX: "shop-redis-1234:" } → REDIS_KEY_PREFIX. */
  vars: Record<string, string>;
  /** Things the user should know, e.g. that the server does not check passwords. */
  warnings: string[];
}

/**
 * A kind of backing service. Every provider passes src/addons/providers.contract.test.ts. Failures are
 * FifteenErrors: ADDON_UNAVAILABLE (server not configured or unreachable, named) or ADDON_PROVISION_FAILED.
 */
export interface AddonProvider {
  readonly kind: string;
  /** The variable prefix apps get without --as: DATABASE → DATABASE_URL. */
  readonly defaultAlias: string;
  readonly rotatable: boolean;
  /** Plans a user may pick with KIND:PLAN (redis:mini), the default first; none means the kind has no plans. */
  readonly plans?: readonly string[];
  /** Creates the resource; if that fails halfway, removes what it made before throwing. */
  provision(
    name: string,
    options: { url?: string | undefined; plan?: string | undefined },
  ): Promise<ProvisionedAddon>;
  /** New credentials; the old ones stop working. */
  rotate(name: string, resource: Record<string, string>): Promise<{ url: string }>;
  /** Removes the resource and its data; succeeds if it is already gone. */
  deprovision(name: string, resource: Record<string, string>): Promise<void>;
  /**
   * Providers that run servers of their own: at platform start, adopts (or starts) the servers of the add-ons
   * the store holds, with their credentials. Failures are the provider's to log: one add-on never stops the rest.
   */
  resume?(
    addons: ReadonlyArray<{ name: string; resource: Record<string, string>; url: string }>,
  ): Promise<void>;
  /** The platform stops: stop supervising, leaving the servers running for the next start to adopt. */
  close?(): Promise<void>;
  /** Live facts for addons:info (state, pid, memory), added to what was created. */
  status?(name: string, resource: Record<string, string>): Promise<Record<string, string>>;
}

/** Runs a cron job now (`cron:run`); resolves with its process name (scheduler.N). */
export interface CronRunner {
  runNow(app: App, number: number): Promise<string>;
}

/** The log stream of each app: bounded recent history plus live following. */
export interface LogReader {
  recent(app: { id: string; name: string }, query: LogQuery): LogLine[];
  /** Yields lines as they arrive until signal aborts; a slow consumer loses lines (counted), never blocks writers. */
  follow(appId: string, filter: LogFilter, signal: AbortSignal): AsyncIterable<LogLine>;
}

/** Per-app files outside the store (git repository, build cache). */
export interface AppFiles {
  remove(appName: string): Promise<void>;
  /** Moves the app's files (repository, build cache) to its new name. */
  rename(from: string, to: string): Promise<void>;
}

/** The egress guard: refuses URLs whose host resolves to loopback, private, link-local or metadata addresses. */
/** Where the master keys live, so a rotation can persist them (the key file, or the operator's env). */
export interface MasterKeyVault {
  /** "file": DATA_DIR/master.key, which the platform rewrites; "env": FIFTEEN_MASTER_KEY, which it cannot. */
  readonly source: "file" | "env";
  /** Persists exactly these keys (atomically), replacing what was kept before. */
  save(keys: ReadonlyMap<number, Buffer>): Promise<void>;
}

export interface EgressCheck {
  /** The parsed URL if its scheme is one of `schemes` and its host may be reached; throws a FifteenError if not. */
  checkUrl(url: string, schemes: readonly string[]): Promise<URL>;
}

/** A log drain's live delivery state, from the delivery runtime (the store keeps only saved counters). */
export interface DrainStatus {
  state: "idle" | "delivering" | "retrying";
  /** Lines waiting, including the batch being sent. */
  pending: number;
  delivered: number;
  dropped: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastDeliveredAt: string | null;
}

export interface DrainMonitor {
  status(id: string): DrainStatus | undefined;
}
