// The driver seams core depends on; implementations live in build/ and logs/ and are wired by platform/.
import type { Readable } from "node:stream";
import type { LogFilter, LogLine, ProcessInfo } from "./types.js";

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
  /** Stores body (a gzip tarball); rejects with SOURCE_INVALID / PAYLOAD_TOO_LARGE. */
  put(body: Readable, maxBytes: number): Promise<{ digest: string; size: number }>;
  path(digest: string): string;
  delete(digest: string): Promise<void>;
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

/** The runtime's view and controls, for `ps`, `ps:restart` and `ps:stop`. */
export interface ProcessControl {
  list(appId: string): ProcessInfo[];
  /** Restarts all processes, one type (web) or one process (web.1); returns how many. */
  restart(appId: string, target: string | undefined): Promise<number>;
  /** Stops one process (web.1); the formation brings a fresh one back, as on Heroku. */
  stop(appId: string, target: string): Promise<boolean>;
}

/** The log stream of each app: bounded recent history plus live following. */
export interface LogReader {
  recent(appId: string, filter: LogFilter, lines: number): LogLine[];
  /** Yields lines as they arrive until signal aborts; a slow consumer loses lines (counted), never blocks writers. */
  follow(appId: string, filter: LogFilter, signal: AbortSignal): AsyncIterable<LogLine>;
}

/** Per-app files outside the store (git repository, build cache). */
export interface AppFiles {
  remove(appName: string): Promise<void>;
}
