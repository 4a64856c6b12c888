// The only module that reads process.env: validates FIFTEEN_* settings and returns frozen, typed config.
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseEgressAllow } from "../net/egress.js";
import { FifteenError } from "../shared/errors.js";
import { parseMasterKey, type VersionedKey } from "../shared/master-key.js";
import {
  absolutePath,
  boolean,
  hostPort,
  integer,
  invalid,
  memory,
  oneOf,
  parseUrl,
  serviceUrl,
  type Env,
} from "./readers.js";
import { KNOWN_SETTINGS } from "./settings.js";

export { closestSetting, unknownSettingWarning } from "./settings.js";

export interface PlatformConfig {
  readonly apiHost: string;
  readonly apiPort: number;
  readonly dataDir: string;
  /** postgres://… to keep state in PostgreSQL; undefined means SQLite in dataDir. */
  readonly databaseUrl: string | undefined;
  /** 32-byte key from FIFTEEN_MASTER_KEY; undefined means use (or create) dataDir/master.key. */
  readonly masterKey: Buffer | undefined;
  /** The version of that key: from its fkN: prefix, 1 without one. */
  readonly masterKeyVersion: number;
  readonly adminToken: string | undefined;
  readonly buildTimeoutSeconds: number;
  readonly maxSourceBytes: number;
  /** Most bytes a source archive may unpack to (FIFTEEN_MAX_UNPACKED_MB). */
  readonly maxUnpackedBytes: number;
  readonly graceSeconds: number;
  /** Whether SIGTERM to `fifteen up` stops the apps and the router too (the behaviour before handoffs). */
  readonly stopAppsOnExit: boolean;
  readonly bootTimeoutSeconds: number;
  /** Longest a release phase task (the Procfile's `release:`) may run before the release fails. */
  readonly releaseTimeoutSeconds: number;
  /** Whether cron schedules may have a sixth, seconds field (for tests and demos). */
  readonly cronSeconds: boolean;
  readonly logLevel: LogLevel;
  readonly router: RouterConfig;
  /** OTLP/HTTP collector base URL the platform's, the router's and the apps' spans go to; unset: none exported. */
  readonly otlpEndpoint: string | undefined;
  /** Admin connections for postgres and redis add-ons; unset means that kind is unavailable. */
  readonly postgresUrl: string | undefined;
  readonly redisUrl: string | undefined;
  /** The redis-server binary of dedicated redis add-ons (FIFTEEN_REDIS_SERVER). */
  readonly redisServer: string;
  /** The plan `addons:create redis` gets (FIFTEEN_REDIS_PLAN). */
  readonly redisPlan: (typeof REDIS_PLANS)[number];
  /** Log history kept per app: at most this many lines, none older than this many days. */
  readonly logHistoryLines: number;
  readonly logHistoryDays: number;
  /** Lines a log drain may have waiting; past this, new lines for it are dropped and counted. */
  readonly drainBufferLines: number;
  /** CIDRs drains and webhooks may reach although they are loopback, private or link-local. */
  readonly egressAllow: readonly string[];
  /** Bearer token a Prometheus scraper may use for /metrics (admin tokens work too). */
  readonly metricsToken: string | undefined;
  /** A separate host:port serving /metrics without a token (bind it to a private interface). */
  readonly metricsListen: { host: string; port: number } | undefined;
  /** An .npmrc (registry, auth) every build gets as its npm user config (FIFTEEN_NPMRC); read at start. */
  readonly npmrcFile: string | undefined;
  /** PEM files the API serves HTTPS with (FIFTEEN_API_TLS_CERT, FIFTEEN_API_TLS_KEY); unset: plain HTTP. */
  readonly apiTls: { certFile: string; keyFile: string } | undefined;
  /** NODE_EXTRA_CA_CERTS as the platform got it: handed to its own git hook, which calls the API. */
  readonly extraCaCerts: string | undefined;
  /** The first uid (and gid) apps get when the platform runs as root; ids in /etc/passwd and /etc/group are skipped. */
  readonly appUidBase: number;
  /** Whether FIFTEEN_APP_UID_BASE was set: then the platform claims exactly that block or refuses to start. */
  readonly appUidBaseSet: boolean;
  /** The host-wide state shared by every platform on this host (the uid registry): FIFTEEN_HOST_STATE_DIR. */
  readonly hostStateDir: string;
  /** "auto": processes run under bubblewrap when it works here; "none": never (FIFTEEN_SANDBOX). */
  readonly sandbox: "auto" | "none";
  /** What carries app traffic (FIFTEEN_DATA_PLANE): "auto" is HAProxy when it is installed, else the Node router. */
  readonly dataPlane: "auto" | "haproxy" | "node";
  /** Disk (MiB) each process may fill in its home and tmp dirs unless resized (FIFTEEN_DISK_LIMIT). */
  readonly diskLimitMb: number;
  /** Memory limit (MiB) of each process of a type nobody resized with ps:resize, and of one-offs. */
  readonly defaultMemoryMb: number;
  /** Most processes and threads one app process may have. */
  readonly processLimit: number;
  /** Each build step's memory (MiB) and process-count limits. */
  readonly buildMemoryMb: number;
  readonly buildProcessLimit: number;
  /** Environment handed to the platform's own children (git, the router, npm): never the platform's secrets. */
  readonly childEnv: Readonly<Record<string, string>>;
  /** What apps, one-offs and build steps inherit (LANG, TZ): no PATH, which is the app's own (app-path.ts). */
  readonly appEnv: Readonly<Record<string, string>>;
  readonly unknownSettings: readonly string[];
}

export interface RouterConfig {
  readonly host: string;
  readonly port: number;
  readonly workers: number;
  readonly timeoutSeconds: number;
  /** An open WebSocket through which nothing passed for this long is closed by the router (1001). */
  readonly websocketIdleSeconds: number;
  /** Where the router exports its spans (FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT); apps get a traceparent either way. */
  readonly otlpEndpoint: string | undefined;
  /** Port for HTTPS (certificates per host by SNI); undefined: the router speaks plain HTTP only. */
  readonly httpsPort: number | undefined;
  /** Whether plain HTTP requests for a host that has a certificate are redirected to HTTPS. */
  readonly httpsRedirect: boolean;
  /** Strict-Transport-Security max-age on HTTPS responses of hosts with a certificate; 0: no header. */
  readonly hstsMaxAge: number;
}

export interface CliEnv {
  readonly apiUrl: string | undefined;
  readonly token: string | undefined;
  readonly app: string | undefined;
  readonly credentialsFile: string;
  readonly isTTY: boolean;
  /** PORT as given, for the one command that serves (`fifteen static`), which validates it. */
  readonly port: string | undefined;
  /** The program `fifteen open` runs with the URL ($BROWSER, its first entry), split into words. */
  readonly browser: readonly string[] | undefined;
  /** Whether a graphical session is there for xdg-open (DISPLAY or WAYLAND_DISPLAY). */
  readonly display: boolean;
  /** The program `config:edit` runs with the file ($VISUAL, else $EDITOR, else vi), split into words. */
  readonly editor: readonly string[];
  /** The local terminal's type, handed to `run` and `ps:exec` sessions on a terminal. */
  readonly term: string | undefined;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The redis add-on plans (src/addons/redis.ts has their sizes), the default first. */
export const REDIS_PLANS = [
  "mini",
  "premium-0",
  "premium-1",
  "premium-2",
  "premium-3",
  "premium-5",
  "shared",
] as const;

function metricsToken(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (raw.length < 16 || raw.length > 512 || /\s/.test(raw)) {
    throw new FifteenError(
      "SETTING_INVALID",
      "FIFTEEN_METRICS_TOKEN is invalid: expected 16 to 512 characters without whitespace.",
    );
  }
  return raw;
}

function apiTls(env: Env, cwd: string): PlatformConfig["apiTls"] {
  const cert = env.FIFTEEN_API_TLS_CERT || undefined;
  const key = env.FIFTEEN_API_TLS_KEY || undefined;
  if (!cert && !key) return undefined;
  if (!cert || !key) {
    throw new FifteenError(
      "SETTING_INVALID",
      "FIFTEEN_API_TLS_CERT and FIFTEEN_API_TLS_KEY go together: set both (PEM files) to serve the API over HTTPS, or neither.",
    );
  }
  return Object.freeze({ certFile: resolve(cwd, cert), keyFile: resolve(cwd, key) });
}

function masterKey(raw: string | undefined): VersionedKey | undefined {
  if (raw === undefined || raw === "") return undefined;
  const parsed = parseMasterKey(raw);
  if (!parsed) {
    throw new FifteenError(
      "SETTING_INVALID",
      "FIFTEEN_MASTER_KEY is invalid: expected 32 bytes as 64 hex digits or base64, optionally after its " +
        "version as fkN: (generate one with `openssl rand -hex 32`).",
    );
  }
  return parsed;
}

function envMasterKey(parsed: VersionedKey | undefined): {
  masterKey: Buffer | undefined;
  masterKeyVersion: number;
} {
  return { masterKey: parsed?.key, masterKeyVersion: parsed?.version ?? 1 };
}

function databaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    invalid("FIFTEEN_DATABASE_URL", "<redacted>", "a postgres:// URL");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    invalid("FIFTEEN_DATABASE_URL", `${url.protocol}//…`, "a postgres:// URL");
  }
  return raw;
}

/** The base URL of an OTLP/HTTP collector: `/v1/traces` is appended, so no query or fragment. */
function otlpEndpoint(env: Env): string | undefined {
  const name = "FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT";
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const url = parseUrl(raw);
  if (!url || !["http:", "https:"].includes(url.protocol) || url.search !== "" || url.hash !== "") {
    // A collector URL may carry credentials: then it is not echoed.
    invalid(
      name,
      url?.password ? "<redacted>" : raw,
      "the http:// or https:// base URL of an OTLP/HTTP collector, without query or fragment, e.g. http://127.0.0.1:4318",
    );
  }
  return raw.replace(/\/+$/, "");
}

function childEnv(env: Env): Record<string, string> {
  // Node's own bin directory goes first so the platform's own children (git, npm installing toolchains) use
  // the platform's node and npm.
  const path = [dirname(process.execPath), env.PATH ?? "/usr/local/bin:/usr/bin:/bin"].join(":");
  return { PATH: path, ...appEnv(env) };
}

/** What apps and their builds inherit from the platform: the locale and time zone, never its PATH. */
function appEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = { LANG: env.LANG ?? "C.UTF-8" };
  if (env.TZ) out.TZ = env.TZ;
  return out;
}

export function loadPlatformConfig(env: Env = process.env, cwd: string = process.cwd()): PlatformConfig {
  const host = env.FIFTEEN_API_HOST || "127.0.0.1";
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) invalid("FIFTEEN_API_HOST", host, "a host name or IP address");
  const level = env.FIFTEEN_LOG_LEVEL || "info";
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    invalid("FIFTEEN_LOG_LEVEL", level, LOG_LEVELS.join(", "));
  }
  const adminToken = env.FIFTEEN_ADMIN_TOKEN || undefined;
  if (
    adminToken !== undefined &&
    (adminToken.length < 16 || adminToken.length > 512 || /\s/.test(adminToken))
  ) {
    throw new FifteenError(
      "SETTING_INVALID",
      "FIFTEEN_ADMIN_TOKEN is invalid: expected 16 to 512 characters without whitespace.",
    );
  }
  return Object.freeze({
    apiHost: host,
    apiPort: integer(env, "FIFTEEN_API_PORT", 5050, 0, 65535),
    dataDir: resolve(cwd, env.FIFTEEN_DATA_DIR || ".fifteen"),
    databaseUrl: databaseUrl(env.FIFTEEN_DATABASE_URL),
    ...envMasterKey(masterKey(env.FIFTEEN_MASTER_KEY)),
    adminToken,
    buildTimeoutSeconds: integer(env, "FIFTEEN_BUILD_TIMEOUT_SECONDS", 900, 1, 86400),
    maxSourceBytes: integer(env, "FIFTEEN_MAX_SOURCE_MB", 512, 1, 65536) * 1024 * 1024,
    maxUnpackedBytes: integer(env, "FIFTEEN_MAX_UNPACKED_MB", 2048, 1, 1048576) * 1024 * 1024,
    graceSeconds: integer(env, "FIFTEEN_GRACE_SECONDS", 30, 0, 3600),
    stopAppsOnExit: boolean(env, "FIFTEEN_STOP_APPS_ON_EXIT"),
    bootTimeoutSeconds: integer(env, "FIFTEEN_BOOT_TIMEOUT_SECONDS", 60, 1, 3600),
    releaseTimeoutSeconds: integer(env, "FIFTEEN_RELEASE_TIMEOUT_SECONDS", 3600, 1, 86400),
    cronSeconds: boolean(env, "FIFTEEN_CRON_SECONDS"),
    logLevel: level as LogLevel,
    router: loadRouterConfig(env),
    otlpEndpoint: otlpEndpoint(env),
    postgresUrl: serviceUrl(env, "FIFTEEN_POSTGRES_URL", ["postgres:", "postgresql:"]),
    redisUrl: serviceUrl(env, "FIFTEEN_REDIS_URL", ["redis:", "rediss:"]),
    redisServer: absolutePath(env, "FIFTEEN_REDIS_SERVER", "/usr/bin/redis-server"),
    redisPlan: oneOf(env, "FIFTEEN_REDIS_PLAN", REDIS_PLANS),
    logHistoryLines: integer(env, "FIFTEEN_LOG_HISTORY_LINES", 100_000, 10, 10_000_000),
    logHistoryDays: integer(env, "FIFTEEN_LOG_HISTORY_DAYS", 7, 1, 3650),
    drainBufferLines: integer(env, "FIFTEEN_DRAIN_BUFFER_LINES", 100_000, 10, 10_000_000),
    egressAllow: Object.freeze(parseEgressAllow(env.FIFTEEN_EGRESS_ALLOW ?? "")),
    metricsToken: metricsToken(env.FIFTEEN_METRICS_TOKEN),
    metricsListen: hostPort(env, "FIFTEEN_METRICS_LISTEN"),
    apiTls: apiTls(env, cwd),
    npmrcFile: env.FIFTEEN_NPMRC ? resolve(cwd, env.FIFTEEN_NPMRC) : undefined,
    extraCaCerts: env.NODE_EXTRA_CA_CERTS || undefined,
    appUidBase: integer(env, "FIFTEEN_APP_UID_BASE", 70000, 1000, 4_000_000_000),
    appUidBaseSet: Boolean(env.FIFTEEN_APP_UID_BASE),
    hostStateDir: resolve(cwd, env.FIFTEEN_HOST_STATE_DIR || "/var/lib/fifteen"),
    diskLimitMb: memory(env, "FIFTEEN_DISK_LIMIT", 1024),
    sandbox: oneOf(env, "FIFTEEN_SANDBOX", ["auto", "none"] as const),
    dataPlane: oneOf(env, "FIFTEEN_DATA_PLANE", ["auto", "haproxy", "node"] as const),
    defaultMemoryMb: memory(env, "FIFTEEN_DEFAULT_MEMORY", 512),
    processLimit: integer(env, "FIFTEEN_PROCESS_LIMIT", 256, 16, 4_194_304),
    buildMemoryMb: memory(env, "FIFTEEN_BUILD_MEMORY", 2048),
    buildProcessLimit: integer(env, "FIFTEEN_BUILD_PROCESS_LIMIT", 1024, 16, 4_194_304),
    childEnv: Object.freeze(childEnv(env)),
    appEnv: Object.freeze(appEnv(env)),
    unknownSettings: Object.freeze(
      Object.keys(env).filter((k) => k.startsWith("FIFTEEN_") && !KNOWN_SETTINGS.has(k)),
    ),
  });
}

export function loadCliEnv(env: Env = process.env): CliEnv {
  const configHome = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  return Object.freeze({
    apiUrl: env.FIFTEEN_API_URL || undefined,
    token: env.FIFTEEN_TOKEN || undefined,
    app: env.FIFTEEN_APP || undefined,
    credentialsFile: join(configHome, "fifteen", "credentials.json"),
    isTTY: Boolean(process.stderr.isTTY),
    port: env.PORT || undefined,
    browser: words(env.BROWSER?.split(":")[0]),
    display: Boolean(env.DISPLAY || env.WAYLAND_DISPLAY),
    editor: words(env.VISUAL) ?? words(env.EDITOR) ?? ["vi"],
    term: env.TERM || undefined,
  });
}

/** A command line as argv words: split on spaces, no shell and no quoting (it is never run by a shell). */
function words(value: string | undefined): string[] | undefined {
  const parts = value?.trim().split(/\s+/).filter(Boolean) ?? [];
  return parts.length > 0 ? parts : undefined;
}

export interface HookEnv {
  readonly apiUrl: string;
  readonly token: string;
  readonly app: string;
}

/** Settings the platform hands its own pre-receive hook through git; absent when git runs it elsewhere. */
export function loadHookEnv(env: Env = process.env): HookEnv | undefined {
  const { FIFTEEN_HOOK_API_URL: apiUrl, FIFTEEN_HOOK_TOKEN: token, FIFTEEN_HOOK_APP: app } = env;
  if (!apiUrl || !token || !app) return undefined;
  return Object.freeze({ apiUrl, token, app });
}

/** PostgreSQL server the test suites create throwaway databases on (FIFTEEN_TEST_POSTGRES_URL). */
export function testPostgresUrl(env: Env = process.env): string {
  return env.FIFTEEN_TEST_POSTGRES_URL || "postgres://postgres@127.0.0.1:5432/postgres";
}

/** Redis server the add-on tests provision on (FIFTEEN_TEST_REDIS_URL). */
export function testRedisUrl(env: Env = process.env): string {
  return env.FIFTEEN_TEST_REDIS_URL || "redis://127.0.0.1:6379";
}

/** The environment of this process, for tests that start the CLI or the platform as a user would. */
export function inheritedEnv(env: Env = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !key.startsWith("FIFTEEN_")) out[key] = value;
  }
  return out;
}

/** The router's settings; the router process reads the same variables the platform validated. */
export function loadRouterConfig(env: Env = process.env): RouterConfig {
  const host = env.FIFTEEN_ROUTER_HOST || "127.0.0.1";
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) invalid("FIFTEEN_ROUTER_HOST", host, "a host name or IP address");
  return Object.freeze({
    host,
    port: integer(env, "FIFTEEN_ROUTER_PORT", 8080, 0, 65535),
    workers: integer(env, "FIFTEEN_ROUTER_WORKERS", 1, 1, 64),
    timeoutSeconds: integer(env, "FIFTEEN_ROUTER_TIMEOUT_SECONDS", 30, 1, 3600),
    websocketIdleSeconds: integer(env, "FIFTEEN_ROUTER_WEBSOCKET_IDLE_SECONDS", 3600, 1, 86_400),
    otlpEndpoint: otlpEndpoint(env),
    httpsPort:
      env.FIFTEEN_ROUTER_HTTPS_PORT === undefined || env.FIFTEEN_ROUTER_HTTPS_PORT === ""
        ? undefined
        : integer(env, "FIFTEEN_ROUTER_HTTPS_PORT", 0, 0, 65535),
    httpsRedirect: boolean(env, "FIFTEEN_ROUTER_HTTPS_REDIRECT"),
    // Up to two years, the longest the HSTS preload list asks for.
    hstsMaxAge: integer(env, "FIFTEEN_ROUTER_HSTS_MAX_AGE", 0, 0, 63_072_000),
  });
}
