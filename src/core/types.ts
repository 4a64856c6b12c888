// The concepts as the API and CLI see them: plain, serialisable, no secrets.

export interface Principal {
  readonly tokenId: string;
  /** Who acts: the user's email for a user's token, else the token's name (audit log, created_by). */
  readonly name: string;
  /** The token's grant, expanded; for a user who is not a platform admin, never platform:admin. */
  readonly permissions: ReadonlySet<import("./permissions.js").Permission>;
  /** Set when the token is limited to one app. */
  readonly appId: string | null;
  /** The user the token acts for; null for a machine token (bootstrap, CI). */
  readonly user: { readonly id: string; readonly email: string; readonly platformAdmin: boolean } | null;
  /**
   * A user's roles by app id: they see only these apps, and each role caps the token there.
   * null for machine tokens and platform admins: the grant applies to every app.
   */
  readonly roles: ReadonlyMap<string, import("./permissions.js").Role> | null;
}

export interface App {
  id: string;
  name: string;
  createdAt: string;
  /** The one branch a git push deploys. */
  deployBranch: string;
  /** While on, the router answers the app's requests with a 503 page; its processes keep running. */
  maintenance: boolean;
  /** The features enabled on the app (`fifteen features:enable`), e.g. http-session-affinity. */
  features: string[];
  /** The app's own uid (= gid) for its processes and builds; null until something first runs for it. */
  uid: number | null;
}

/** A cron job as the scheduler runs it (the API shows `CronJob`, with its next run). */
export interface ScheduledJob {
  id: string;
  appId: string;
  number: number;
  schedule: string;
  timezone: string;
  /** One element runs through /bin/sh -c; several run as an argv. */
  command: string[];
  /** Declared in fifteen.json: deploys add and remove it; cron:add's jobs are left alone. */
  fromManifest: boolean;
  lastProcess: string | null;
  /** "exit 0", "SIGKILL", "running", or why a run was skipped. */
  lastOutcome: string | null;
}

export interface Build {
  id: string;
  number: number;
  app: string;
  status: "queued" | "running" | "succeeded" | "failed" | "canceled";
  source: { kind: "git" | "tarball"; digest: string; commit: string | null; size: number };
  buildpack: string | null;
  slugDigest: string | null;
  errorCode: string | null;
  error: string | null;
  release: number | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Release {
  id: string;
  app: string;
  version: number;
  status: "pending" | "succeeded" | "failed";
  description: string;
  slugDigest: string;
  sourceDigest: string | null;
  commit: string | null;
  configVersion: number;
  processTypes: Record<string, string>;
  buildpack: string | null;
  buildId: string | null;
  rollbackOf: number | null;
  /** For a promotion, the app and release whose slug it copied; otherwise null. */
  promotedFromApp: string | null;
  promotedFromRelease: number | null;
  /** The app manifest (fifteen.json) its slug was built with, validated; null without one. */
  manifest: import("./manifest/schema.js").Manifest | null;
  /** Why the release did not go live. */
  failure: string | null;
  /** The last lines (up to 20) the process that made it fail printed, oldest first; null if none. */
  failureOutput: string[] | null;
  createdBy: string;
  createdAt: string;
  current: boolean;
}

export type ProcessState = "starting" | "up" | "crashed" | "stopping";

/** One running (or restarting) process, as `ps` shows it. */
export interface ProcessInfo {
  /** e.g. web.1 */
  name: string;
  type: string;
  index: number;
  release: number;
  state: ProcessState;
  since: string;
  pid: number | null;
  port: number | null;
  restarts: number;
  command: string;
  /** A one-off (run.N, scheduler.N, release.N): its command is shown whole only to app admins. */
  oneOff: boolean;
  /** The last exit, e.g. "exit 1" or "SIGKILL", when the process has crashed before. */
  lastExit: string | null;
  /** Its memory limit in MB (the formation's size, else the platform's default), when the driver knows it. */
  memoryLimitMb?: number;
}

export type LogSource = "app" | "router" | "build" | "platform";

/** One log line, tagged; `seq` orders lines, across platform restarts too. */
export interface LogLine {
  seq: number;
  time: string;
  app: string;
  source: LogSource;
  process: string;
  text: string;
}

export interface LogFilter {
  source?: LogSource | undefined;
  process?: string | undefined;
  /** Only lines containing this text (case-sensitive). */
  grep?: string | undefined;
}

export interface LogQuery extends LogFilter {
  /** The newest lines to return. */
  lines: number;
  /** Epoch milliseconds: only lines at or after this time. */
  since?: number | undefined;
}

export interface ConfigVars {
  version: number;
  vars: Record<string, string>;
  /** Keys set with `--runtime-only`: processes get them, build steps do not. */
  runtimeOnly: string[];
}
