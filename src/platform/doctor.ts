// What `fifteen doctor` says about this platform: isolation, store, router, add-on servers, keys, telemetry.
import type { DoctorCheck } from "../api/routes/doctor.js";
import type { PlatformConfig } from "../config/index.js";
import { SANDBOX_ADVICE, sandboxMissing } from "../isolation/sandbox.js";
import { planeName, type DataPlaneCrash, type DataPlaneKind } from "../router/data-plane.js";
import { formatMemory } from "../shared/sizes.js";

export interface DoctorFacts {
  config: PlatformConfig;
  sandbox: "bubblewrap" | "none";
  /** With the block of uids this platform claimed in the host-wide registry when they are on. */
  appUids: { on: boolean; detail: string; block?: { base: number; size: number } | undefined };
  /** Whether each process gets a disk of its size (a tmpfs the platform mounts). */
  disks: boolean;
  limits: { kind: "cgroup v1" | "cgroup v2" | "watchdog" | "none"; detail: string };
  store: { kind: "sqlite" | "postgres"; ping(): Promise<void> };
  router: {
    running: boolean;
    port: number;
    httpsPort: number | undefined;
    kind: DataPlaneKind;
    /** Why this data plane runs (router/choose-plane.ts). */
    why: string;
    lastCrash: DataPlaneCrash | undefined;
  };
  /** Every certificate's host and expiry. */
  certificates(): Promise<Array<{ hostname: string; expiresAt: string }>>;
  /** Dedicated redis servers and whether their binary is there. */
  redis?: {
    binary: boolean;
    servers: Array<{ name: string; state: string; pid: number | undefined; port: number }>;
  };
  /** Now, for the expiry check (a parameter so the check is plain). */
  now?: number;
}

/** Certificates that expire within this many days get a WARN: renew them with certs:add. */
const RENEW_WITHIN_DAYS = 14;

async function tlsCheck(facts: DoctorFacts): Promise<DoctorCheck> {
  const certs = await facts.certificates();
  const now = facts.now ?? Date.now();
  const soon = certs.filter((c) => Date.parse(c.expiresAt) - now < RENEW_WITHIN_DAYS * 86_400_000);
  const api = facts.config.apiTls ? "the API serves HTTPS" : "the API serves plain HTTP";
  const router =
    facts.router.httpsPort === undefined
      ? "router HTTPS off (FIFTEEN_ROUTER_HTTPS_PORT unset)"
      : `router HTTPS on port ${facts.router.httpsPort} with ${certs.length} certificate(s)`;
  return {
    name: "tls",
    ok: soon.length === 0,
    detail:
      soon.length === 0
        ? `${router}; ${api}`
        : `${soon.map((c) => `${c.hostname} expires ${c.expiresAt.slice(0, 10)}`).join(", ")}; ${router}; ${api}`,
    ...(soon.length === 0
      ? {}
      : { advice: "renew: fifteen certs:add HOST --cert F --key F -a APP replaces a certificate live" }),
  };
}

export async function doctorChecks(facts: DoctorFacts): Promise<DoctorCheck[]> {
  const { config } = facts;
  const storeOk = await facts.store.ping().then(
    () => true,
    () => false,
  );
  const checks: DoctorCheck[] = [
    facts.sandbox === "bubblewrap"
      ? {
          name: "isolation",
          ok: true,
          detail:
            "bubblewrap: each process sees its release read-only, its own /tmp and home, and nothing of the data dir but its own directories",
        }
      : {
          name: "isolation",
          ok: false,
          detail: `none: ${sandboxMissing(config.sandbox === "none" ? "turned off" : "not found")}`,
          advice: config.sandbox === "none" ? "unset FIFTEEN_SANDBOX and restart fifteen up" : SANDBOX_ADVICE,
        },
    {
      name: "per-app uids",
      ok: facts.appUids.on,
      detail: facts.appUids.on
        ? `on: ${facts.appUids.detail}, uids ${blockText(facts.appUids.block, config)}`
        : `off: ${facts.appUids.detail}`,
      ...(facts.appUids.on
        ? {}
        : { advice: "run fifteen up as root (apps then run as their own unprivileged uids)" }),
    },
    {
      name: "limits",
      ok: facts.limits.kind === "cgroup v1" || facts.limits.kind === "cgroup v2",
      detail: `${facts.limits.detail}; memory ${formatMemory(config.defaultMemoryMb)} per process unless resized (FIFTEEN_DEFAULT_MEMORY), ${config.processLimit} processes (FIFTEEN_PROCESS_LIMIT); builds ${formatMemory(config.buildMemoryMb)} and ${config.buildProcessLimit} processes at nice 10`,
      ...(facts.limits.kind.startsWith("cgroup")
        ? {}
        : {
            advice:
              "run fifteen up as root on a host with the memory and pids cgroup controllers for exact limits",
          }),
    },
    {
      name: "disk",
      ok: facts.disks,
      detail: facts.disks
        ? `each process has its own disk (home, tmp and, under bubblewrap, /tmp) of ${formatMemory(config.diskLimitMb)} unless resized (FIFTEEN_DISK_LIMIT), memory-backed, removed when it ends`
        : "no limit: processes write their home and tmp on the host's disk (the platform cannot mount a tmpfs per process)",
      ...(facts.disks ? {} : { advice: "run fifteen up as root for a disk limit per process" }),
    },
    {
      name: "store",
      ok: storeOk,
      detail: `${facts.store.kind === "sqlite" ? `SQLite in ${config.dataDir}` : "PostgreSQL"}${storeOk ? "" : ": not answering"}`,
      ...(storeOk
        ? {}
        : { advice: "check FIFTEEN_DATABASE_URL and the database server; the platform log has the error" }),
    },
    routerCheck(config, facts.router),
    await tlsCheck(facts),
    {
      name: "master key",
      ok: true,
      detail: config.masterKey
        ? "from FIFTEEN_MASTER_KEY"
        : `the file ${config.dataDir}/master.key (mode 0600)`,
    },
    addonServer("postgres add-ons", config.postgresUrl, "FIFTEEN_POSTGRES_URL"),
    facts.redis
      ? redisCheck(config, facts.redis)
      : addonServer("redis add-ons", config.redisUrl, "FIFTEEN_REDIS_URL"),
    {
      name: "metrics",
      ok: true,
      detail: [
        "/metrics on the API (admin tokens",
        config.metricsToken ? " and the scrape token)" : ")",
        config.metricsListen
          ? `; also ${config.metricsListen.host}:${config.metricsListen.port} without a token`
          : "",
      ].join(""),
    },
    {
      name: "tracing",
      ok: true,
      detail: config.otlpEndpoint
        ? `spans to ${new URL(config.otlpEndpoint).origin}`
        : "off (FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT unset)",
    },
    {
      name: "egress",
      ok: true,
      detail:
        config.egressAllow.length === 0
          ? "drains and webhooks reach public addresses only"
          : `public addresses, and ${config.egressAllow.join(", ")} (FIFTEEN_EGRESS_ALLOW)`,
    },
  ];
  return checks;
}

function addonServer(name: string, url: string | undefined, setting: string): DoctorCheck {
  return url
    ? { name, ok: true, detail: `provisioned on ${new URL(url).host}` }
    : { name, ok: false, detail: "not configured", advice: `set ${setting} to offer them` };
}

/** Dedicated servers (the default plans) and the shared plan. */
function redisCheck(config: PlatformConfig, redis: NonNullable<DoctorFacts["redis"]>): DoctorCheck {
  const down = redis.servers.filter((s) => s.state !== "running");
  const servers =
    redis.servers.length === 0
      ? "no dedicated servers yet"
      : `${redis.servers.length - down.length} of ${redis.servers.length} dedicated servers running` +
        (down.length > 0 ? ` (${down.map((s) => `${s.name} ${s.state}`).join(", ")})` : "");
  const shared = config.redisUrl
    ? `shared plan on ${new URL(config.redisUrl).host}`
    : "shared plan not configured (FIFTEEN_REDIS_URL)";
  const ok = redis.binary && down.length === 0;
  return {
    name: "redis add-ons",
    ok,
    detail: `${redis.binary ? `dedicated plans with ${config.redisServer}` : `${config.redisServer} not found`}; ${servers}; ${shared}; default plan ${config.redisPlan}`,
    ...(ok
      ? {}
      : {
          advice: redis.binary
            ? "the platform restarts them with backoff; the platform log has the redis-server lines"
            : "install redis-server (apt-get install redis-server) or set FIFTEEN_REDIS_SERVER",
        }),
  };
}

function blockText(block: { base: number; size: number } | undefined, config: PlatformConfig): string {
  return block
    ? `${block.base}–${block.base + block.size - 1}, this platform's block in ${config.hostStateDir}/uid-blocks.json (from FIFTEEN_APP_UID_BASE, ${config.appUidBase}, up)`
    : `from ${config.appUidBase} (FIFTEEN_APP_UID_BASE)`;
}

/** Which data plane carries app traffic and why, where it listens, and its last crash this run. */
function routerCheck(config: PlatformConfig, router: DoctorFacts["router"]): DoctorCheck {
  const name = planeName(router.kind);
  const where =
    router.kind === "haproxy"
      ? `on ${config.router.host}:${router.port}`
      : `on ${config.router.host}:${router.port} with ${config.router.workers} worker(s)`;
  const crash = router.lastCrash
    ? `; last crash ${router.lastCrash.at.toISOString()}${router.lastCrash.restartedMs === undefined ? "" : `, back after ${router.lastCrash.restartedMs} ms`}`
    : "";
  const slower = router.kind === "node" && router.why.startsWith("FIFTEEN_DATA_PLANE=auto");
  return {
    name: "router",
    ok: router.running,
    detail: `${name} (${router.why}) ${router.running ? `listening ${where}` : "not running"}${crash}`,
    ...(!router.running
      ? { advice: "the platform restarts it; if it keeps failing, see the platform log" }
      : slower
        ? {
            advice:
              "install HAProxy (apt-get install haproxy) and restart fifteen up: it serves about 5× the requests per second",
          }
        : {}),
  };
}
