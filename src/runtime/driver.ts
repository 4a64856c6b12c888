// The Runtime driver seam: start, stop, inspect and recover processes. `local` implements it; `kubernetes` will.
import type { OneOffExit, OneOffIo, ProcessInfo, TtySize } from "../core/index.js";

export interface ProcessSpec {
  /** Unique per process instance (a restart keeps it; a replacement gets a new one). */
  id: string;
  appId: string;
  app: string;
  type: string;
  index: number;
  release: number;
  command: string;
  /** Config vars and FIFTEEN_* for the process; the driver adds PORT (web) and HOME/TMPDIR. */
  env: Record<string, string>;
  slugDigest: string;
  /** Web processes get $PORT and count as up only once it accepts connections. */
  web: boolean;
  bootTimeoutSeconds: number;
  /** Web only: once $PORT accepts connections, the process is up when GET this path answers 2xx or 3xx. */
  healthCheckPath?: string | undefined;
  /** The app's own uid (and gid): the process runs as it where the driver can (local: as root). */
  uid?: number | undefined;
  /** Memory limit in MiB; absent: the driver's default. */
  memoryMb?: number | undefined;
  /** Disk (home and tmp) in MiB; absent: the driver's default. */
  diskMb?: number | undefined;
}

/** A one-off process (run.N, scheduler.N, release.N): runs once in a release's slug and env, never restarted. */
export interface OneOffSpec {
  id: string;
  appId: string;
  app: string;
  type: "run" | "scheduler" | "release";
  index: number;
  release: number;
  /** One string runs through /bin/sh -c (a command line, as in a Procfile); several run as an argv. */
  command: string[];
  env: Record<string, string>;
  slugDigest: string;
  uid?: number | undefined;
  memoryMb?: number | undefined;
  /** After this long it is stopped (SIGTERM, SIGKILL after the grace period). */
  timeoutSeconds: number;
  graceSeconds: number;
  /**
   * attached: stdin, stdout and stderr are the handle's streams (for `fifteen run`); with `tty`, the process
   * runs on a pseudo-terminal of that size instead (stdout carries everything, stderr is null).
   * log: output goes to the app's log stream line by line, and each line to `tee` too when given.
   */
  io: { kind: "attached"; tty?: TtySize | undefined } | { kind: "log"; tee?: (line: string) => void };
}

export type { OneOffExit };

/** A command to run inside a running process (`ps:exec`). */
export interface ExecSpec {
  /** Absent: bash, or sh where bash is missing. Several words run as an argv; one through /bin/sh -c. */
  command?: string[] | undefined;
  tty?: TtySize | undefined;
  /** Longest it may run. */
  timeoutSeconds: number;
}

export interface OneOffHandle extends OneOffIo {
  readonly id: string;
}

export interface ProcessStatus extends ProcessInfo {
  id: string;
  appId: string;
  app: string;
  web: boolean;
  oneOff: boolean;
  /** Set when a web process failed its boot (did not bind $PORT, or exited while starting). */
  bootFailure: string | null;
  /** With a boot failure: the last lines (up to 20) that run printed, stdout and stderr in order. */
  bootOutput?: string[] | null;
}

/** A supervised process an earlier run of the platform started that still runs (its env is not kept). */
export type RecoveredProcess = Omit<ProcessSpec, "env"> & { port: number | null };

export interface Recovery {
  /** Still running, untouched: each must be handed to adopt() (then kept or stopped like any process). */
  running: RecoveredProcess[];
  /** How many leftovers that could not be adopted (one-offs, build steps, half-started ones) were ended. */
  ended: number;
}

export interface RuntimeDriver {
  readonly name: string;
  /** Starts a process and keeps it running (restarting crashes with backoff) until stop(). */
  start(spec: ProcessSpec): void;
  /** Starts a one-off; resolves once it has been spawned, rejects if it could not be. stop() works on it too. */
  run(spec: OneOffSpec): Promise<OneOffHandle>;
  /** Marks a process stopping at once (so routing drops it), then SIGTERM, then SIGKILL after grace. */
  stop(id: string, graceSeconds: number, why?: "stopped" | "shutdown"): Promise<void>;
  /** Stops the process gracefully (as stop does) and starts it again from the release's files. */
  restart(id: string, graceSeconds: number): Promise<void>;
  list(): ProcessStatus[];
  /**
   * Finds what an earlier run of the platform left (after SIGKILL): ends what cannot be taken over, in
   * parallel, and returns the supervised processes that still run. Called once, before anything starts.
   */
  recover(): Promise<Recovery>;
  /** Supervises a process recover() returned again, as if start() had started it (env: for its restarts). */
  adopt(spec: ProcessSpec): void;
  onChange(listener: (status: ProcessStatus) => void): () => void;
  /**
   * Runs a command inside a running process's environment (`ps:exec`): its sandbox, uid and env. Rejects
   * with PROCESS_NOT_FOUND when no process has that id, PROCESS_NOT_RUNNING when it has no live pid.
   */
  exec(id: string, request: ExecSpec): Promise<OneOffHandle>;
  /** Stops everything (platform shutdown). */
  close(graceSeconds: number): Promise<void>;
  /**
   * Lets go of the supervised processes without stopping them (a platform restart: the next start's recover()
   * finds them running and adopt() takes them over). One-offs must already be stopped.
   */
  handOff(): Promise<void>;
}
