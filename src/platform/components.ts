// The platform's pieces, each built from the config and what it needs: builders only, nothing starts here (the
// order things start and stop in is startPlatform's list).
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import { PostgresProvider } from "../addons/postgres.js";
import { nobodyIds } from "../addons/redis-dedicated.js";
import { RedisProvider } from "../addons/redis.js";
import { UrlProvider } from "../addons/url.js";
import { createApi, type Server } from "../api/server.js";
import { Builder } from "../build/builder.js";
import { FsAppFiles } from "../build/files.js";
import { FsSlugStore } from "../build/slugs.js";
import { FsSourceArchive } from "../build/sources.js";
import { DEFAULT_TAR_LIMITS } from "../build/tar-safety.js";
import type { PlatformConfig } from "../config/index.js";
import { Core, type CoreDeps, type Sealer } from "../core/index.js";
import type { EgressGuard } from "../net/egress.js";
import { GitRepos } from "../git/repos.js";
import { FileBuildOutput } from "../logs/build-output.js";
import { LogBus } from "../logs/bus.js";
import type { DrainDelivery } from "../logs/drains.js";
import { LogHistory } from "../logs/history.js";
import { UNCLEAN_STOP_LINE, type RunFlag } from "../logs/unclean-stop.js";
import type { PlaneChoice } from "../router/choose-plane.js";
import { planeName, type DataPlane, type DataPlaneCrash } from "../router/data-plane.js";
import { HaproxyPlane, type HaproxyPlaneOptions } from "../router/haproxy/plane.js";
import type { AccessLog } from "../router/proxy.js";
import { RouterSupervisor } from "../router/supervisor.js";
import { LocalDriver } from "../runtime/local/driver.js";
import { liveUids, systemIds, type AppUidsStatus } from "../isolation/identity.js";
import type { Toolchains } from "../toolchains/toolchains.js";
import type { UidBlock } from "../isolation/uid-blocks.js";
import type { Reconciler } from "../runtime/reconciler.js";
import type { Scheduler } from "../runtime/scheduler.js";
import { sqliteFileIn, Store } from "../store/index.js";
import { startCheckpointer } from "../telemetry/checkpointer.js";
import { openTelemetryDb } from "../telemetry/db.js";
import { Telemetry } from "../telemetry/service.js";
import { startTracing, type Tracing } from "../telemetry/tracing.js";
import { doctorChecks } from "./doctor.js";
import { PACKAGE_ROOT, probeIsolation } from "./host.js";
import { VERSION } from "./version.js";

type Isolation = Awaited<ReturnType<typeof probeIsolation>>;

export function openStore(config: PlatformConfig, log: Logger): Promise<Store> {
  return Store.open({
    databaseUrl: config.databaseUrl,
    sqliteFile: sqliteFileIn(config.dataDir),
    onError: (err) => log.warn({ err }, "lost an idle database connection; reconnecting"),
  });
}

/** The file-backed stores under the data dir: slugs, source archives, build output, git repositories, app files. */
export async function openFileStores(config: PlatformConfig) {
  const dir = (name: string) => join(config.dataDir, name);
  const sourceLimits = { ...DEFAULT_TAR_LIMITS, bytes: config.maxUnpackedBytes };
  const slugs = new FsSlugStore(dir("slugs"));
  const sources = new FsSourceArchive(dir("sources"), sourceLimits);
  const output = new FileBuildOutput(dir("build-output"));
  const repos = new GitRepos(dir("repos"), dir("git-hooks"), config.childEnv);
  await Promise.all([slugs.init(), sources.init(), output.init(), repos.init()]);
  const files = new FsAppFiles({ repos: dir("repos"), cache: dir("cache") });
  return { slugs, sources, output, repos, files, sourceLimits };
}

export function startPlatformTracing(config: PlatformConfig, log: Logger): Promise<Tracing> {
  return startTracing({
    serviceName: "fifteen",
    serviceVersion: VERSION,
    endpoint: config.otlpEndpoint,
    onExportError: (err, failures) => log.warn({ err, failures }, "could not send spans to the collector"),
  });
}

/** Dedicated redis servers run as nobody when apps run as their own uids (the platform is root). */
export function newRedisProvider(config: PlatformConfig, appUids: boolean, sealer: Sealer, log: Logger) {
  return new RedisProvider({
    adminUrl: config.redisUrl,
    defaultPlan: config.redisPlan,
    dedicated: {
      dir: join(config.dataDir, "addons/redis"),
      binary: config.redisServer,
      runAs: appUids ? nobodyIds() : undefined,
      sealer,
      log: log.child({ component: "redis" }),
    },
  });
}

export function newCore(
  config: PlatformConfig,
  parts: {
    store: Store;
    sealer: Sealer;
    vault: CoreDeps["keys"];
    files: Awaited<ReturnType<typeof openFileStores>>;
    egress: EgressGuard;
    uids: UidBlock | undefined;
    redis: RedisProvider;
  },
): Core {
  const { uids, files } = parts;
  return new Core({
    otlpEndpoint: config.otlpEndpoint,
    store: parts.store,
    sealer: parts.sealer,
    keys: parts.vault,
    slugs: files.slugs,
    sources: files.sources,
    output: files.output,
    files: files.files,
    maxSourceBytes: config.maxSourceBytes,
    cronSeconds: config.cronSeconds,
    egress: parts.egress,
    appUids: {
      base: uids?.base ?? config.appUidBase,
      limit: uids ? uids.base + uids.size : undefined,
      // Another platform's apps (one not in the registry too) and the system's users keep theirs.
      reserved: () => new Set([...systemIds(), ...liveUids()]),
    },
    defaultMemoryMb: config.defaultMemoryMb,
    defaultDiskMb: config.diskLimitMb,
    addonProviders: [new PostgresProvider(config.postgresUrl), parts.redis, new UrlProvider()],
  });
}

/**
 * The node-local telemetry database and what writes to it: metrics and rollups, the log history, and the log bus
 * in front of it. `close` writes their last rows and closes the database.
 */
export function openTelemetry(config: PlatformConfig, log: Logger, events: Core["events"]) {
  const db = openTelemetryDb(join(config.dataDir, "telemetry.db"));
  const checkpointer = startCheckpointer(db, (err) =>
    log.warn(
      { err },
      "the telemetry checkpoint thread failed; the log history checkpoints on the main thread",
    ),
  );
  const telemetry = new Telemetry({
    db,
    onError: (err) => log.warn({ err }, "could not sample process usage"),
  });
  const history = new LogHistory(db, {
    lines: config.logHistoryLines,
    days: config.logHistoryDays,
    failed: (err) => log.error({ err }, "could not write the log history; its lines are dropped and counted"),
    flushed: (seconds) => telemetry.metrics.logFlushed(seconds),
  });
  const bus = new LogBus(history, {
    dropped: (_appId, app, where, count) => telemetry.metrics.logDropped(app, where, count),
  });
  bus.subscribe((line) => telemetry.metrics.logLine(line.app, line.source));
  bus.watch(events);
  const close = async () => {
    telemetry.close();
    history.close();
    await checkpointer.close();
    db.close();
  };
  return { telemetry, bus, close };
}

/** Begins this run; if the last one did not end (a crash, SIGKILL), every app's log says so. */
export async function beginRun(runFlag: RunFlag, store: Store, bus: LogBus): Promise<void> {
  if (!(await runFlag.begin())) return;
  for (const app of await store.apps.list())
    bus.publish({
      appId: app.id,
      app: app.name,
      source: "platform",
      process: "logs",
      text: UNCLEAN_STOP_LINE,
    });
}

export function newDriver(
  config: PlatformConfig,
  options: {
    slugs: FsSlugStore;
    toolchains: Toolchains;
    bin: string;
    isolation: Isolation;
    appUids: boolean;
    bus: LogBus;
  },
): LocalDriver {
  const { bus, isolation } = options;
  const dir = (name: string) => join(config.dataDir, name);
  return new LocalDriver({
    runDir: dir("run"),
    registryDir: dir("pids"),
    workDir: dir("work"),
    slugPath: (digest) => options.slugs.path(digest),
    baseEnv: config.appEnv,
    toolchains: options.toolchains,
    pathAfter: [options.bin],
    sandbox: isolation.sandbox,
    readOnlyPaths: [options.bin, PACKAGE_ROOT],
    hiddenPaths: [config.dataDir],
    appUids: options.appUids,
    limiter: isolation.limiter,
    defaultMemoryMb: config.defaultMemoryMb,
    processLimit: config.processLimit,
    disks: isolation.disks,
    defaultDiskMb: config.diskLimitMb,
    output: (spec, text) =>
      bus.publish({
        appId: spec.appId,
        app: spec.app,
        source: "app",
        process: `${spec.type}.${spec.index}`,
        text,
      }),
    platformLog: (spec, text) =>
      bus.publish({
        appId: spec.appId,
        app: spec.app,
        source: "platform",
        process: `${spec.type}.${spec.index}`,
        text,
      }),
  });
}

/**
 * The data plane FIFTEEN_DATA_PLANE chose (HAProxy or the Node router): its access lines go to the metrics and
 * to the app's log, and a crash of it to every app's log. `other` is the other kind: what an earlier run of it
 * left serving is retired before `plane` starts, so that this one can take the port.
 */
export function newDataPlane(
  config: PlatformConfig,
  choice: PlaneChoice,
  log: Logger,
  parts: { telemetry: Telemetry; bus: LogBus; store: Store },
): { plane: DataPlane; other: DataPlane } {
  const { telemetry, bus, store } = parts;
  const onAccess = (entry: AccessLog) => {
    telemetry.request(entry.appId, entry);
    bus.publish({
      appId: entry.appId,
      app: entry.app,
      source: "router",
      process: entry.process,
      text: entry.text,
    });
  };
  const name = planeName(choice.kind);
  const onCrash = (crash: DataPlaneCrash) => {
    const text =
      crash.restartedMs === undefined
        ? `${name} (pid ${crash.pid}) exited unexpectedly and could not be started again: ${crash.error ?? "unknown error"}; the platform keeps trying`
        : `${name} (pid ${crash.pid}) exited unexpectedly; a new one serves again after ${crash.restartedMs} ms`;
    void store.apps.list().then(
      (apps) => {
        for (const app of apps)
          bus.publish({ appId: app.id, app: app.name, source: "router", process: "router", text });
      },
      (err: unknown) => log.warn({ err }, "could not tell the apps' logs of the data plane's crash"),
    );
  };
  const node = new RouterSupervisor({
    config: config.router,
    env: config.childEnv,
    dataDir: config.dataDir,
    registryDir: join(config.dataDir, "router-pid"),
    version: VERSION,
    log,
    onAccess,
    onCrash,
    onWebSockets: (counts) => telemetry.websockets(counts),
  });
  if (choice.kind === "node") return { plane: node, other: haproxyPlane(config, log, choice, {}) };
  return {
    plane: haproxyPlane(config, log, choice, {
      onAccess,
      onCrash,
      onWebSockets: (counts) => telemetry.websockets(counts),
    }),
    other: node,
  };
}

function haproxyPlane(
  config: PlatformConfig,
  log: Logger,
  choice: PlaneChoice,
  callbacks: Pick<HaproxyPlaneOptions, "onAccess" | "onCrash" | "onWebSockets">,
): HaproxyPlane {
  return new HaproxyPlane({
    config: config.router,
    dataDir: config.dataDir,
    log,
    env: config.childEnv,
    ...(choice.binary ? { binary: choice.binary } : {}),
    ...callbacks,
  });
}

export function newBuilder(
  config: PlatformConfig,
  options: {
    files: Awaited<ReturnType<typeof openFileStores>>;
    toolchains: Toolchains;
    trust: Record<string, string>;
    bin: string;
    isolation: Isolation;
    appUids: boolean;
    npmrc: Buffer | undefined;
  },
): Builder {
  const dir = (name: string) => join(config.dataDir, name);
  return new Builder({
    workDir: dir("work"),
    cacheDir: dir("cache"),
    slugs: options.files.slugs,
    childEnv: { ...config.appEnv, ...options.trust },
    toolchains: options.toolchains,
    cronSeconds: config.cronSeconds,
    sourceLimits: options.files.sourceLimits,
    appUids: options.appUids,
    limiter: options.isolation.limiter,
    limits: { memoryMb: config.buildMemoryMb, processes: config.buildProcessLimit },
    sandbox: options.isolation.sandbox,
    readOnlyPaths: [options.bin, PACKAGE_ROOT],
    hiddenPaths: [config.dataDir],
    registryDir: dir("pids"),
    npmrc: options.npmrc,
  });
}

/** The API (not listening yet); `apiUrl` is read when a push calls back, once it listens. */
export function newApi(
  config: PlatformConfig,
  log: Logger,
  parts: {
    core: Core;
    store: Store;
    tracing: Tracing;
    reconciler: Reconciler;
    scheduler: Scheduler;
    bus: LogBus;
    drains: DrainDelivery;
    telemetry: Telemetry;
    router: DataPlane;
    plane: PlaneChoice;
    redis: RedisProvider;
    repos: GitRepos;
    isolation: Isolation;
    appUids: AppUidsStatus;
    uids: UidBlock | undefined;
    apiTls: { cert: Buffer; key: Buffer } | undefined;
    hookTrust: string | undefined;
    apiUrl: () => string;
  },
): Promise<Server> {
  const { core, router, isolation } = parts;
  return createApi({
    core,
    log,
    version: VERSION,
    tracer: parts.tracing.exporting ? parts.tracing.tracer : undefined,
    processes: parts.reconciler,
    cron: parts.scheduler,
    logs: parts.bus,
    drains: parts.drains,
    telemetry: parts.telemetry,
    metricsToken: config.metricsToken,
    doctor: async () =>
      doctorChecks({
        config,
        sandbox: isolation.sandbox.kind,
        appUids: { ...parts.appUids, block: parts.uids },
        disks: isolation.disks,
        limits: { kind: isolation.limiter.kind, detail: isolation.limiter.detail },
        store: parts.store,
        router: {
          running: router.running,
          port: router.port,
          httpsPort: router.httpsPort,
          kind: router.kind,
          why: parts.plane.why,
          lastCrash: router.lastCrash,
        },
        certificates: () => core.certs.all(),
        redis: {
          binary: await access(config.redisServer, constants.X_OK).then(
            () => true,
            () => false,
          ),
          servers: parts.redis.servers(),
        },
      }),
    git: {
      repos: parts.repos,
      // The pre-receive hook calls the API: over HTTPS it trusts the API's own chain and the platform's extra CAs.
      env: parts.hookTrust ? { ...config.childEnv, NODE_EXTRA_CA_CERTS: parts.hookTrust } : config.childEnv,
      apiUrl: parts.apiUrl,
    },
    tls: parts.apiTls,
  });
}
