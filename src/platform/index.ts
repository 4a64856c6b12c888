// `fifteen up`: wires store, core, builder, runtime, router, git and API on embedded defaults, and stops them in order.
import { constants } from "node:fs";
import { access, chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import { PostgresProvider } from "../addons/postgres.js";
import { RedisProvider } from "../addons/redis.js";
import { nobodyIds } from "../addons/redis-dedicated.js";
import { UrlProvider } from "../addons/url.js";
import { registeredRoutes, type RegisteredRoute } from "../api/openapi.js";
import { createApi, type Server } from "../api/server.js";
import { Builder } from "../build/builder.js";
import { FsAppFiles } from "../build/files.js";
import { FsSlugStore } from "../build/slugs.js";
import { FsSourceArchive } from "../build/sources.js";
import { DEFAULT_TAR_LIMITS } from "../build/tar-safety.js";
import { BuildWorker } from "../build/worker.js";
import { unknownSettingWarning, type PlatformConfig } from "../config/index.js";
import { Core } from "../core/index.js";
import { FifteenError } from "../shared/errors.js";
import { listenError } from "../shared/listen-errors.js";
import { GitRepos } from "../git/repos.js";
import { FileBuildOutput } from "../logs/build-output.js";
import { LogBus } from "../logs/bus.js";
import { DrainDelivery } from "../logs/drains.js";
import { LogHistory } from "../logs/history.js";
import { RunFlag, UNCLEAN_STOP_LINE } from "../logs/unclean-stop.js";
import { EgressGuard } from "../net/egress.js";
import { RouterSupervisor } from "../router/supervisor.js";
import { LocalDriver } from "../runtime/local/driver.js";
import { canMountDisks } from "../runtime/local/disk.js";
import {
  appUidsStatus,
  liveUids,
  systemIds,
  unreachableDataDir,
  type AppUidsStatus,
} from "../runtime/local/identity.js";
import { detectLimiter } from "../runtime/local/limits.js";
import { detectSandbox, noSandbox, sandboxMissing } from "../runtime/local/sandbox.js";
import { claimUidBlock, type UidBlock } from "../runtime/local/uid-blocks.js";
import { Toolchains } from "../runtime/local/toolchains.js";
import { Reconciler } from "../runtime/reconciler.js";
import { Scheduler } from "../runtime/scheduler.js";
import { sqliteFileIn, Store } from "../store/index.js";
import { startCheckpointer } from "../telemetry/checkpointer.js";
import { openTelemetryDb } from "../telemetry/db.js";
import { serveMetrics } from "../telemetry/listen.js";
import { Telemetry } from "../telemetry/service.js";
import { startTracing } from "../telemetry/tracing.js";
import { WebhookDispatcher } from "../webhooks/dispatcher.js";
import { doctorChecks } from "./doctor.js";
import { loadMasterKeys } from "./keys.js";
import { RUN_FLAG } from "./shutdown.js";
import { VERSION } from "./version.js";

export interface Platform {
  readonly apiUrl: string;
  readonly routerUrl: string;
  /** https://HOST:PORT of the router's HTTPS listener; undefined unless FIFTEEN_ROUTER_HTTPS_PORT is set. */
  readonly routerHttpsUrl: string | undefined;
  readonly routerPid: number | undefined;
  readonly core: Core;
  /** Every API route as registered (for the test that holds the OpenAPI document to all of them). */
  readonly routes: readonly RegisteredRoute[];
  /** Set on the first start only, when the platform generated the admin token itself. */
  readonly generatedAdminToken: string | undefined;
  /** What an operator must know about this start (a mistyped setting, a missing sandbox), for stderr. */
  readonly warnings: readonly string[];
  /**
   * Stops the platform. With stopApps (the default) the apps, the router and the add-on servers stop too;
   * without, they keep running and serving for the next start to adopt (a platform restart or upgrade).
   */
  close(options?: { stopApps?: boolean }): Promise<void>;
}

/** The installed platform (dist/ and node_modules/), which `fifteen static` runs from. */
const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A bin directory for app processes, on their PATH after the system's: `fifteen` (for `fifteen static`). */
async function processBinDir(dir: string): Promise<string> {
  const cli = fileURLToPath(new URL("../bin/fifteen.js", import.meta.url));
  // Only if needed, and not fatal: an installation owned by another user is already executable.
  await access(cli, constants.X_OK).catch(() => chmod(cli, 0o755).catch(() => undefined));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await symlink(cli, join(dir, "fifteen"));
  return dir;
}

/** The API's certificate and key (FIFTEEN_API_TLS_CERT, FIFTEEN_API_TLS_KEY), read once at start. */
async function readApiTls(config: PlatformConfig): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  if (!config.apiTls) return undefined;
  const read = (name: string, file: string) =>
    readFile(file).catch((err: NodeJS.ErrnoException) => {
      throw new FifteenError(
        "SETTING_INVALID",
        `${name}=${file} cannot be read (${err.code ?? err.message}).`,
      );
    });
  return {
    cert: await read("FIFTEEN_API_TLS_CERT", config.apiTls.certFile),
    key: await read("FIFTEEN_API_TLS_KEY", config.apiTls.keyFile),
  };
}

/** The operator's .npmrc (FIFTEEN_NPMRC), read once at start: a missing file stops the start with the reason. */
async function readNpmrc(config: PlatformConfig): Promise<Buffer | undefined> {
  if (!config.npmrcFile) return undefined;
  const file = config.npmrcFile;
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new FifteenError(
      "SETTING_INVALID",
      `FIFTEEN_NPMRC=${file} cannot be read (${err.code ?? err.message}): name an .npmrc file, or unset it.`,
    );
  });
  if (!info.isFile() || info.size > 64 * 1024)
    throw new FifteenError(
      "SETTING_INVALID",
      `FIFTEEN_NPMRC=${file} is not an .npmrc file (a regular file of at most 64 KiB).`,
    );
  return readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new FifteenError(
      "SETTING_INVALID",
      `FIFTEEN_NPMRC=${file} cannot be read (${err.code ?? err.message}).`,
    );
  });
}

/** The certificates the git hook trusts when it calls the API over HTTPS: the API's chain, then NODE_EXTRA_CA_CERTS. */
async function writeHookTrust(config: PlatformConfig, apiCert: Buffer): Promise<string> {
  const extra = config.extraCaCerts
    ? await readFile(config.extraCaCerts).catch(() => Buffer.alloc(0))
    : Buffer.alloc(0);
  const file = join(config.dataDir, "api-trust.pem");
  await writeFile(file, Buffer.concat([apiCert, Buffer.from("\n"), extra]), { mode: 0o600 });
  return file;
}

/**
 * Only root (the platform) may list the data dir or read what is in it; with per-app uids its mode lets app
 * uids through to their own process and build directories (0711), and the files apps must never read are 0600.
 */
async function lockDown(config: PlatformConfig, appUids: boolean, files: string[]): Promise<void> {
  await chmod(config.dataDir, appUids ? 0o711 : 0o700);
  for (const file of files) await chmod(file, 0o600).catch(() => undefined);
  for (const name of ["slugs", "sources", "build-output", "repos", "git-hooks", "pids", "router-pid"])
    await chmod(join(config.dataDir, name), 0o700).catch(() => undefined);
}

/** The API's URL once it listens. A certificate names a host: over HTTPS it keeps FIFTEEN_API_HOST when a name. */
function apiUrlOf(config: PlatformConfig, server: Server, tls: boolean): string {
  const address = server.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const urlHost =
    tls && /[a-z]/i.test(config.apiHost) && !config.apiHost.includes(":") ? config.apiHost : host;
  return `${tls ? "https" : "http"}://${urlHost}:${address.port}`;
}

/** This platform's block of app uids in the host-wide registry, given the uids its store already handed out. */
async function uidBlock(config: PlatformConfig, store: Store): Promise<UidBlock> {
  return claimUidBlock({
    stateDir: config.hostStateDir,
    dataDir: config.dataDir,
    base: config.appUidBase,
    exact: config.appUidBaseSet,
    used: await store.apps.uidsUsed(),
  });
}

/** Whether app uids can reach the data dir: the platform refuses to start, saying how to fix it, if not. */
async function checkAppUids(config: PlatformConfig): Promise<AppUidsStatus> {
  const status = await appUidsStatus(config.dataDir);
  if (status.blockedBy)
    throw new FifteenError("DATA_DIR_UNREACHABLE", unreachableDataDir(config.dataDir, status.blockedBy));
  return status;
}

export async function startPlatform(config: PlatformConfig, log: Logger): Promise<Platform> {
  const dir = (name: string) => join(config.dataDir, name);
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const npmrc = await readNpmrc(config);
  const appUids = await checkAppUids(config);
  const warnings = config.unknownSettings.map(unknownSettingWarning);
  for (const name of config.unknownSettings) log.warn({ setting: name }, "unknown FIFTEEN_* setting ignored");
  const apiTls = await readApiTls(config);
  const hookTrust = apiTls ? await writeHookTrust(config, apiTls.cert) : undefined;

  const store = await Store.open({
    databaseUrl: config.databaseUrl,
    sqliteFile: sqliteFileIn(config.dataDir),
    onError: (err) => log.warn({ err }, "lost an idle database connection; reconnecting"),
  });
  const uids = appUids.on
    ? await uidBlock(config, store).catch(async (err: unknown) => {
        await store.close();
        throw err;
      })
    : undefined;
  const { sealer, vault } = await loadMasterKeys(config, log);
  const egress = new EgressGuard(config.egressAllow);
  const slugs = new FsSlugStore(dir("slugs"));
  const sourceLimits = { ...DEFAULT_TAR_LIMITS, bytes: config.maxUnpackedBytes };
  const sources = new FsSourceArchive(dir("sources"), sourceLimits);
  const output = new FileBuildOutput(dir("build-output"));
  const repos = new GitRepos(dir("repos"), dir("git-hooks"), config.childEnv);
  await Promise.all([slugs.init(), sources.init(), output.init(), repos.init()]);
  const files = new FsAppFiles({ repos: dir("repos"), cache: dir("cache") });
  const sqliteFile = config.databaseUrl ? [] : [sqliteFileIn(config.dataDir)];

  const tracing = await startTracing({
    serviceName: "fifteen",
    serviceVersion: VERSION,
    endpoint: config.otlpEndpoint,
    onExportError: (err, failures) => log.warn({ err, failures }, "could not send spans to the collector"),
  });
  // Dedicated redis servers run as nobody when apps run as their own uids (the platform is root).
  const redis = new RedisProvider({
    adminUrl: config.redisUrl,
    defaultPlan: config.redisPlan,
    dedicated: {
      dir: dir("addons/redis"),
      binary: config.redisServer,
      runAs: appUids.on ? nobodyIds() : undefined,
      sealer,
      log: log.child({ component: "redis" }),
    },
  });
  const core = new Core({
    otlpEndpoint: config.otlpEndpoint,
    store,
    sealer,
    keys: vault,
    slugs,
    sources,
    output,
    files,
    maxSourceBytes: config.maxSourceBytes,
    cronSeconds: config.cronSeconds,
    egress,
    appUids: {
      base: uids?.base ?? config.appUidBase,
      limit: uids ? uids.base + uids.size : undefined,
      // Another platform's apps (one not in the registry too) and the system's users keep theirs.
      reserved: () => new Set([...systemIds(), ...liveUids()]),
    },
    defaultMemoryMb: config.defaultMemoryMb,
    defaultDiskMb: config.diskLimitMb,
    addonProviders: [new PostgresProvider(config.postgresUrl), redis, new UrlProvider()],
  });
  await core.keys.checkStore().catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const admin = await core.tokens.bootstrapAdmin(config.adminToken);
  if (admin) log.info({ fromEnv: !admin.generated }, "created the admin token");
  const interrupted = await core.builds.failInterrupted();
  if (interrupted > 0)
    log.warn({ builds: interrupted }, "marked builds interrupted by the last shutdown as failed");

  const telemetryDb = openTelemetryDb(dir("telemetry.db"));
  const checkpointer = startCheckpointer(telemetryDb, (err) =>
    log.warn(
      { err },
      "the telemetry checkpoint thread failed; the log history checkpoints on the main thread",
    ),
  );
  // SQLite's -wal and -shm files hold recent rows too (log lines, app names): as private as the databases.
  const databases = [...sqliteFile, dir("telemetry.db")];
  await lockDown(config, appUids.on, [
    ...databases.flatMap((db) => [db, `${db}-wal`, `${db}-shm`]),
    dir("master.key"),
  ]);
  const telemetry = new Telemetry({
    db: telemetryDb,
    processes: () => driver.list(),
    checks: {
      store: async () => {
        await store.ping();
        return { ok: true };
      },
      router: async () =>
        router.running ? { ok: true } : { ok: false, detail: "the router process is not running" },
      reconciler: async () => reconciler.caughtUp(),
    },
    onError: (err) => log.warn({ err }, "could not sample process usage"),
  });
  const history = new LogHistory(telemetryDb, {
    lines: config.logHistoryLines,
    days: config.logHistoryDays,
    dropped: (appId, app, count) => {
      bus.dropped(appId, app, "history", count);
      bus.marker(appId, app, "the log history could not keep up", count);
    },
    failed: (err) => log.error({ err }, "could not write the log history; its lines are dropped and counted"),
    flushed: (seconds) => telemetry.metrics.logFlushed(seconds),
  });
  const bus = new LogBus(history, {
    dropped: (_appId, app, where, count) => telemetry.metrics.logDropped(app, where, count),
  });
  bus.subscribe((line) => telemetry.metrics.logLine(line.app, line.source));
  const runFlag = new RunFlag(dir(RUN_FLAG));
  if (await runFlag.begin()) {
    for (const app of await store.apps.list())
      bus.publish({
        appId: app.id,
        app: app.name,
        source: "platform",
        process: "logs",
        text: UNCLEAN_STOP_LINE,
      });
  }
  core.events.on("app.destroyed", ({ app }) => {
    bus.forget(app.id);
    telemetry.rollups.forget(app.id);
  });
  core.events.on("build.finished", ({ build }) => {
    if (build.startedAt && build.finishedAt) {
      telemetry.metrics.build(
        build.status,
        (Date.parse(build.finishedAt) - Date.parse(build.startedAt)) / 1000,
      );
    }
  });
  core.events.on("release.settled", ({ app, release }) => {
    if (release.status === "pending") return;
    telemetry.metrics.deploy(app.name, release.status, (Date.now() - Date.parse(release.createdAt)) / 1000);
  });
  const drains = new DrainDelivery({
    core,
    bus,
    guard: egress,
    bufferLines: config.drainBufferLines,
    log,
  });
  const webhooks = new WebhookDispatcher({ core, guard: egress, log });
  /** Last lines are written and drain counters saved before the store closes. */
  const closeTelemetry = async () => {
    await drains.close();
    telemetry.close();
    history.close();
    await checkpointer.close();
    telemetryDb.close();
  };
  const bin = await processBinDir(dir("bin"));
  // Registry access as the platform has it: the CA it trusts (a TLS-inspecting proxy) for npm, yarn and pnpm.
  const trust: Record<string, string> = config.extraCaCerts
    ? { NODE_EXTRA_CA_CERTS: config.extraCaCerts }
    : {};
  const toolchains = new Toolchains(dir("runtimes"), { ...config.childEnv, ...trust });
  const sandbox =
    config.sandbox === "none"
      ? noSandbox
      : await detectSandbox(uids ? { uid: uids.base, gid: uids.base } : undefined);
  if (sandbox.kind === "none") {
    const warning = sandboxMissing(config.sandbox === "none" ? "turned off" : "not found");
    warnings.push(warning);
    log.warn({ sandbox: sandbox.kind }, warning);
  } else log.info({ sandbox: sandbox.kind }, "processes run under bubblewrap");
  const limiter = await detectLimiter({ perUidProcessLimit: appUids.on });
  const disks = await canMountDisks(await mkdtemp(join(config.dataDir, "disk-probe-")));
  if (uids) log.info({ appUids: uids }, "each app runs as its own uid");
  else log.warn({ reason: appUids.detail }, "per-app uids are off");
  log.info({ limits: limiter.kind }, limiter.detail);
  const driver = new LocalDriver({
    runDir: dir("run"),
    registryDir: dir("pids"),
    workDir: dir("work"),
    slugPath: (digest) => slugs.path(digest),
    baseEnv: config.appEnv,
    toolchains,
    pathAfter: [bin],
    sandbox,
    readOnlyPaths: [bin, PACKAGE_ROOT],
    hiddenPaths: [config.dataDir],
    appUids: appUids.on,
    limiter,
    defaultMemoryMb: config.defaultMemoryMb,
    processLimit: config.processLimit,
    disks,
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
  const router = new RouterSupervisor({
    config: config.router,
    env: config.childEnv,
    dataDir: config.dataDir,
    registryDir: dir("router-pid"),
    version: VERSION,
    log,
    onAccess: (entry) => {
      telemetry.request(entry.appId, entry);
      bus.publish({
        appId: entry.appId,
        app: entry.app,
        source: "router",
        process: entry.process,
        text: entry.text,
      });
    },
  });
  // Certificates go to the router whole, one push at a time so an older read never lands after a newer one.
  let certPush = Promise.resolve();
  const pushCerts = (without?: string) => {
    certPush = certPush
      .then(async () => {
        const certs = await core.certs.forRouter();
        router.publishCerts(without ? certs.filter((c) => c.appId !== without) : certs);
      })
      .catch((err: unknown) => log.error({ err }, "could not send the certificates to the router"));
    return certPush;
  };
  core.events.on("certs.changed", () => void pushCerts());
  // Emitted just before the app's rows (its certificates with them) are deleted.
  core.events.on("app.destroyed", ({ app }) => void pushCerts(app.id));
  const reconciler = new Reconciler(core, driver, router, {
    tracer: tracing.tracer,
    graceSeconds: config.graceSeconds,
    drainSeconds: config.router.timeoutSeconds,
    bootTimeoutSeconds: config.bootTimeoutSeconds,
    releaseTimeoutSeconds: config.releaseTimeoutSeconds,
    intervalSeconds: 10,
    log,
    platformLog: (appId, app, text, process = "platform") =>
      bus.publish({ appId, app, source: "platform", process, text }),
    releaseOutput: (release, text) => {
      // Only while the deploy that built it is still showing its output (not for config-change releases).
      if (release.buildId && output.isOpen(release.buildId)) output.append(release.buildId, text);
    },
  });

  const scheduler = new Scheduler(core, reconciler.oneOffs, {
    log,
    platformLog: (appId, app, text) =>
      bus.publish({ appId, app, source: "platform", process: "scheduler", text }),
  });

  const builder = new Builder({
    workDir: dir("work"),
    cacheDir: dir("cache"),
    slugs,
    childEnv: { ...config.appEnv, ...trust },
    toolchains,
    cronSeconds: config.cronSeconds,
    sourceLimits,
    appUids: appUids.on,
    limiter,
    limits: { memoryMb: config.buildMemoryMb, processes: config.buildProcessLimit },
    sandbox,
    readOnlyPaths: [bin, PACKAGE_ROOT],
    hiddenPaths: [config.dataDir],
    registryDir: dir("pids"),
    npmrc,
  });
  const worker = new BuildWorker(core, builder, output, {
    timeoutSeconds: config.buildTimeoutSeconds,
    releaseTimeoutSeconds:
      config.releaseTimeoutSeconds +
      config.bootTimeoutSeconds +
      config.router.timeoutSeconds +
      config.graceSeconds +
      60,
    log,
    buildLog: (appId, app, text) => bus.publish({ appId, app, source: "build", process: "build", text }),
    tracer: tracing.tracer,
    postdeploy: async (app, command, actor, tee) => {
      const started = await reconciler.oneOffs.start(app, {
        type: "run",
        command: [command],
        timeoutSeconds: config.releaseTimeoutSeconds,
        io: { kind: "log", tee },
        actor,
      });
      return { name: started.name, exit: await started.exited };
    },
  });

  driver.onChange((status) => telemetry.metrics.processChanged(status));
  core.events.on("process.crashed", ({ app, process }) => telemetry.metrics.crashed(app.name, process.type));
  driver.onChange((status) => {
    if (status.state !== "crashed" || status.oneOff) return;
    const { name, type, release, lastExit: exit, restarts } = status;
    core.events.emit("process.crashed", {
      app: { id: status.appId, name: status.app },
      process: { name, type, release, exit, restarts },
    });
  });
  let apiUrl = "";
  let recoveredNow = () => {};
  const recovered = new Promise<void>((resolve) => (recoveredNow = resolve));
  let server: Server | undefined;
  let metricsServer: Awaited<ReturnType<typeof serveMetrics>> | undefined;
  let routerPort: number;
  try {
    await drains.start();
    await webhooks.start();
    telemetry.start();
    // Builds queue from now on but run once recovery has ended the build steps the last run left.
    worker.start(recovered);
    server = await createApi({
      core,
      log,
      version: VERSION,
      tracer: tracing.exporting ? tracing.tracer : undefined,
      processes: reconciler,
      cron: scheduler,
      logs: bus,
      drains,
      telemetry,
      metricsToken: config.metricsToken,
      doctor: async () =>
        doctorChecks({
          config,
          sandbox: sandbox.kind,
          appUids: { ...appUids, block: uids },
          disks,
          limits: { kind: limiter.kind, detail: limiter.detail },
          store,
          router: { running: router.running, port: router.port, httpsPort: router.httpsPort },
          certificates: () => core.certs.all(),
          redis: {
            binary: await access(config.redisServer, constants.X_OK).then(
              () => true,
              () => false,
            ),
            servers: redis.servers(),
          },
        }),
      git: {
        repos,
        // The pre-receive hook calls the API: over HTTPS it trusts the API's own chain and the platform's extra CAs.
        env: hookTrust ? { ...config.childEnv, NODE_EXTRA_CA_CERTS: hookTrust } : config.childEnv,
        apiUrl: () => apiUrl,
      },
      tls: apiTls,
    });
    // Listeners first: a taken port fails the start at once (exit 78), before anything else is started.
    await server.listen({ host: config.apiHost, port: config.apiPort }).catch((err: unknown) => {
      throw listenError(err, config.apiPort, "FIFTEEN_API_PORT");
    });
    apiUrl = apiUrlOf(config, server, apiTls !== undefined);
    const metricsAt = config.metricsListen;
    if (metricsAt)
      metricsServer = await serveMetrics(metricsAt, telemetry).catch((err: unknown) => {
        throw listenError(err, metricsAt.port, "FIFTEEN_METRICS_LISTEN");
      });
    // The API answers first. Then the router a crashed run left serving is adopted (or one is started), with
    // the last route table at once; what the last run left is taken over (its processes keep serving) and the
    // formations are brought back.
    routerPort = await router.init();
    core.apps.setRouterPort(routerPort);
    await pushCerts();
    // Add-on servers (dedicated redis) before the apps that use them: adopted if the last run left them up.
    await core.addons
      .resume()
      .catch((err: unknown) => log.error({ err }, "could not resume the add-ons' servers"));
    await reconciler.start();
    await scheduler.start();
    // Build directories left by a crash belong to builds marked interrupted above.
    await rm(dir("work"), { recursive: true, force: true });
    recoveredNow();
    // Fully up: a crash from now on leaves the router serving for the next start to adopt.
    router.outlive();
  } catch (err) {
    recoveredNow();
    scheduler.close();
    await worker.stop();
    await reconciler.close();
    await core.addons.close();
    await router.stop();
    await server?.close();
    await webhooks.close();
    await closeTelemetry();
    await runFlag.end();
    await store.close();
    await tracing.shutdown();
    throw err;
  }
  const api = server;
  const routerUrl = `http://${config.router.host}:${routerPort}`;
  const routerHttpsUrl =
    router.httpsPort === undefined ? undefined : `https://${config.router.host}:${router.httpsPort}`;
  log.info(
    {
      api: apiUrl,
      router: routerUrl,
      ...(routerHttpsUrl ? { routerHttps: routerHttpsUrl } : {}),
      dataDir: config.dataDir,
      store: store.kind,
      version: VERSION,
    },
    "fifteen is up",
  );

  /**
   * Servers the platform starts for add-ons that outlive it like the apps do (a dedicated redis-server per
   * add-on): stopped only when the apps are (`fifteen down --stop-apps`), never on a handoff.
   */
  const addonServers: Array<{ stopAll(): Promise<unknown> }> = [redis];
  let closing: Promise<void> | undefined;
  return {
    apiUrl,
    routerUrl,
    routerHttpsUrl,
    routerPid: router.pid,
    core,
    routes: registeredRoutes(api),
    generatedAdminToken: admin?.generated ? admin.token : undefined,
    warnings,
    close({ stopApps = true } = {}) {
      closing ??= (async () => {
        // Say what a slow shutdown is waiting on, so a stuck step is visible in the log.
        let step = "builds";
        const watchdog = setInterval(() => log.warn({ step }, "shutdown is still waiting"), 10_000);
        watchdog.unref();
        scheduler.close();
        // Builds first, so their clients see the outcome before the API stops answering.
        await worker.stop();
        step = "processes";
        // Providers stop supervising; their servers keep running unless the apps stop too.
        const closeAddons = () => core.addons.close();
        if (stopApps) {
          await reconciler.close();
          await closeAddons();
          step = "router";
          await router.stop();
          step = "add-on servers";
          for (const servers of addonServers) await servers.stopAll();
        } else {
          // One-offs end (their clients are going); the apps and the router keep serving, for the next start.
          await reconciler.handOff();
          await closeAddons();
          step = "router";
          await router.handOff();
          log.info("left the apps and the router running for the next start to adopt");
        }
        step = "api";
        const forced = setTimeout(() => api.server.closeAllConnections(), 1000);
        forced.unref();
        await api.close();
        clearTimeout(forced);
        await metricsServer?.close();
        // Failures without a valid token counted but not yet written get their entry before the store closes.
        await core.audit.close().catch((err: unknown) => log.error({ err }, "could not write the audit log"));
        step = "webhooks";
        await webhooks.close();
        step = "telemetry";
        await closeTelemetry();
        await runFlag.end();
        step = "store";
        // Stragglers sealed with a key a rotation just retired are re-sealed while it is still in memory.
        await core.keys
          .flush()
          .catch((err: unknown) => log.error({ err }, "straggler sweep after key rotation failed"));
        await store.close();
        step = "tracing";
        await tracing.shutdown();
        clearInterval(watchdog);
        log.info("fifteen stopped");
      })();
      return closing;
    },
  };
}
