// `fifteen up`: builds store, core, builder, runtime, router, git and API on embedded defaults, then starts them as
// one ordered list of components and stops them in the reverse order.
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import { registeredRoutes, type RegisteredRoute } from "../api/openapi.js";
import { BuildWorker } from "../build/worker.js";
import { unknownSettingWarning, type PlatformConfig } from "../config/index.js";
import type { Core } from "../core/index.js";
import { DrainDelivery } from "../logs/drains.js";
import { RunFlag } from "../logs/unclean-stop.js";
import { EgressGuard } from "../net/egress.js";
import { CertificatePublisher } from "../router/certificate-publisher.js";
import { chooseDataPlane, findHaproxy, type PlaneChoice } from "../router/choose-plane.js";
import { planeHealth } from "../router/data-plane.js";
import { reportCrashes } from "../runtime/crashes.js";
import { Toolchains } from "../toolchains/toolchains.js";
import type { AppUidsStatus } from "../isolation/identity.js";
import { Reconciler } from "../runtime/reconciler.js";
import { Scheduler } from "../runtime/scheduler.js";
import { listenError } from "../shared/listen-errors.js";
import type { Store } from "../store/index.js";
import { serveMetrics, type MetricsServer } from "../telemetry/listen.js";
import { WebhookDispatcher } from "../webhooks/dispatcher.js";
import {
  beginRun,
  newApi,
  newBuilder,
  newCore,
  newDriver,
  newRedisProvider,
  newDataPlane,
  openFileStores,
  openStore,
  openTelemetry,
  startPlatformTracing,
} from "./components.js";
import { checkAppUids, lockDown, probeIsolation, processBinDir, readNpmrc, uidBlock } from "./host.js";
import { loadMasterKeys } from "./keys.js";
import { Lifecycle, type Component } from "./lifecycle.js";
import { RUN_FLAG } from "./shutdown.js";
import { apiUrlOf, readApiTls, writeHookTrust } from "./tls.js";
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

/** How the components stop: with the apps (a stop, or a start that failed) or leaving them to the next start. */
interface Stop {
  stopApps: boolean;
}

/** What is read and checked before anything opens: a bad setting stops the start here, with nothing to undo. */
interface Checked {
  npmrc: Buffer | undefined;
  appUids: AppUidsStatus;
  warnings: string[];
  apiTls: { cert: Buffer; key: Buffer } | undefined;
  hookTrust: string | undefined;
  plane: PlaneChoice;
}

type Parts = Awaited<ReturnType<typeof assemble>>;

export async function startPlatform(config: PlatformConfig, log: Logger): Promise<Platform> {
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const npmrc = await readNpmrc(config);
  const appUids = await checkAppUids(config);
  const warnings = config.unknownSettings.map(unknownSettingWarning);
  for (const name of config.unknownSettings) log.warn({ setting: name }, "unknown FIFTEEN_* setting ignored");
  const apiTls = await readApiTls(config);
  const hookTrust = apiTls ? await writeHookTrust(config, apiTls.cert) : undefined;
  const plane = await chooseDataPlane(config.dataPlane, () => findHaproxy(config.childEnv.PATH ?? ""));
  if (plane.warning) warnings.push(plane.warning);
  log.info({ dataPlane: plane.kind, why: plane.why }, "chose the data plane");

  const store = await openStore(config, log);
  const parts = await assemble(config, log, store, {
    npmrc,
    appUids,
    warnings,
    apiTls,
    hookTrust,
    plane,
  }).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const lifecycle = new Lifecycle(componentsOf(config, log, parts), (component, err) =>
    log.error({ err, component }, "could not stop a component"),
  );
  // A start that fails part-way stops what it started as a stop would, apps included.
  await lifecycle.start({ stopApps: true });

  const { router } = parts;
  const routerUrl = `http://${config.router.host}:${router.port}`;
  const routerHttpsUrl =
    router.httpsPort === undefined ? undefined : `https://${config.router.host}:${router.httpsPort}`;
  log.info(
    {
      api: parts.apiUrl.value,
      router: routerUrl,
      ...(routerHttpsUrl ? { routerHttps: routerHttpsUrl } : {}),
      dataDir: config.dataDir,
      store: store.kind,
      version: VERSION,
    },
    "fifteen is up",
  );

  let closing: Promise<void> | undefined;
  return {
    apiUrl: parts.apiUrl.value,
    routerUrl,
    routerHttpsUrl,
    routerPid: router.pid,
    core: parts.core,
    routes: registeredRoutes(parts.api),
    generatedAdminToken: parts.admin?.generated ? parts.admin.token : undefined,
    warnings,
    close({ stopApps = true } = {}) {
      closing ??= (async () => {
        // Say what a slow shutdown is waiting on, so a stuck step is visible in the log.
        const watchdog = setInterval(
          () => log.warn({ step: lifecycle.step }, "shutdown is still waiting"),
          10_000,
        );
        watchdog.unref();
        await lifecycle.stop({ stopApps });
        clearInterval(watchdog);
        log.info("fifteen stopped");
      })();
      return closing;
    },
  };
}

/**
 * Every piece of the platform, built and wired together. Nothing runs yet: only what building needs is open
 * (the store, tracing, telemetry.db).
 */
async function assemble(config: PlatformConfig, log: Logger, store: Store, checked: Checked) {
  const dir = (name: string) => join(config.dataDir, name);
  const { appUids } = checked;
  const uids = appUids.on ? await uidBlock(config, store) : undefined;
  const { sealer, vault } = await loadMasterKeys(config, log);
  const egress = new EgressGuard(config.egressAllow);
  const files = await openFileStores(config);
  const { output } = files;
  const tracing = await startPlatformTracing(config, log);
  const redis = newRedisProvider(config, appUids.on, sealer, log);
  const core = newCore(config, { store, sealer, vault, files, egress, uids, redis });
  await core.keys.checkStore();
  const admin = await core.tokens.bootstrapAdmin(config.adminToken);
  if (admin) log.info({ fromEnv: !admin.generated }, "created the admin token");
  const interrupted = await core.builds.failInterrupted();
  if (interrupted > 0)
    log.warn({ builds: interrupted }, "marked builds interrupted by the last shutdown as failed");

  const { telemetry, bus, close: closeTelemetry } = openTelemetry(config, log, core.events);
  await lockDown(config, appUids.on);
  const drains = new DrainDelivery({ core, bus, guard: egress, bufferLines: config.drainBufferLines, log });
  const webhooks = new WebhookDispatcher({ core, guard: egress, log });
  const bin = await processBinDir(dir("bin"));
  // Registry access as the platform has it: the CA it trusts (a TLS-inspecting proxy) for npm, yarn and pnpm.
  const trust: Record<string, string> = config.extraCaCerts
    ? { NODE_EXTRA_CA_CERTS: config.extraCaCerts }
    : {};
  const toolchains = new Toolchains(dir("runtimes"), { ...config.childEnv, ...trust });
  const isolation = await probeIsolation(config, log, appUids, uids, checked.warnings);
  const driver = newDriver(config, {
    slugs: files.slugs,
    toolchains,
    bin,
    isolation,
    appUids: appUids.on,
    bus,
  });
  reportCrashes(driver, core.events);
  const { plane: router, other: otherPlane } = newDataPlane(config, checked.plane, log, {
    telemetry,
    bus,
    store,
  });
  const certs = new CertificatePublisher({ certs: core.certs, events: core.events, router, log });
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

  const builder = newBuilder(config, {
    files,
    toolchains,
    trust,
    bin,
    isolation,
    appUids: appUids.on,
    npmrc: checked.npmrc,
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

  /** The API's URL, known once it listens (the git hook is given it when a push calls back). */
  const apiUrl = { value: "" };
  const api = await newApi(config, log, {
    core,
    store,
    tracing,
    reconciler,
    scheduler,
    bus,
    drains,
    telemetry,
    router,
    plane: checked.plane,
    redis,
    isolation,
    repos: files.repos,
    appUids,
    uids,
    apiTls: checked.apiTls,
    hookTrust: checked.hookTrust,
    apiUrl: () => apiUrl.value,
  });
  /** Settled once recovery has ended what the last run left: builds queued before then wait for it. */
  let endRecovery = () => {};
  const recovered = new Promise<void>((resolve) => (endRecovery = resolve));
  const recovery = { recovered, end: () => endRecovery() };
  const runFlag = new RunFlag(dir(RUN_FLAG));
  return {
    store,
    core,
    admin,
    tracing,
    telemetry,
    closeTelemetry,
    bus,
    runFlag,
    drains,
    webhooks,
    driver,
    router,
    otherPlane,
    plane: checked.plane,
    certs,
    redis,
    reconciler,
    scheduler,
    worker,
    api,
    apiUrl,
    apiTls: checked.apiTls,
    recovery,
  };
}

/**
 * The order things start in; they stop in the reverse, on close() and when a start fails part-way. Pieces opened
 * while they were built (tracing, the store) have only a stop.
 */
function componentsOf(config: PlatformConfig, log: Logger, parts: Parts): Component<Stop>[] {
  const { core, store, telemetry, router, reconciler, worker, api, recovery } = parts;
  let metrics: MetricsServer | undefined;
  const stopBuilds = async () => {
    recovery.end();
    await worker.stop();
  };
  return [
    { name: "tracing", stop: () => parts.tracing.shutdown() },
    {
      name: "store",
      stop: async () => {
        // Stragglers sealed with a key a rotation just retired are re-sealed while it is still in memory.
        await core.keys
          .flush()
          .catch((err: unknown) => log.error({ err }, "straggler sweep after key rotation failed"));
        await store.close();
      },
    },
    {
      name: "run flag",
      start: () => beginRun(parts.runFlag, store, parts.bus),
      stop: () => parts.runFlag.end(),
    },
    {
      name: "telemetry",
      start: () =>
        telemetry.start({
          processes: parts.driver,
          events: core.events,
          checks: {
            store: async () => {
              await store.ping();
              return { ok: true };
            },
            router: async () => planeHealth(router),
            reconciler: async () => reconciler.caughtUp(),
          },
        }),
      // Last lines are written and drain counters saved before the store closes.
      stop: () => parts.closeTelemetry(),
    },
    { name: "drains", start: () => parts.drains.start(), stop: () => parts.drains.close() },
    { name: "webhooks", start: () => parts.webhooks.start(), stop: () => parts.webhooks.close() },
    {
      name: "audit",
      // Failures without a valid token counted but not yet written get their entry before the store closes.
      stop: () =>
        core.audit.close().catch((err: unknown) => log.error({ err }, "could not write the audit log")),
    },
    // Builds queue as soon as the API answers but run once recovery has ended the build steps the last run left.
    { name: "build queue", start: () => worker.start(recovery.recovered), stop: stopBuilds },
    // Listeners first: a taken port fails the start at once (exit 78), before anything else is started.
    {
      name: "metrics",
      start: async () => {
        const at = config.metricsListen;
        if (!at) return;
        metrics = await serveMetrics(at, telemetry).catch((err: unknown) => {
          throw listenError(err, at.port, "FIFTEEN_METRICS_LISTEN");
        });
      },
      stop: () => metrics?.close(),
    },
    {
      name: "api",
      start: async () => {
        await api.listen({ host: config.apiHost, port: config.apiPort }).catch((err: unknown) => {
          throw listenError(err, config.apiPort, "FIFTEEN_API_PORT");
        });
        parts.apiUrl.value = apiUrlOf(config, api, parts.apiTls !== undefined);
      },
      stop: async () => {
        const forced = setTimeout(() => api.server.closeAllConnections(), 1000);
        forced.unref();
        await api.close();
        clearTimeout(forced);
      },
    },
    // The API answers first. Then the router a crashed run left serving is adopted (or one is started), with
    // the last route table at once.
    {
      name: "router",
      start: async () => {
        await parts.otherPlane.retire();
        core.apps.setRouterPort(await router.init());
      },
      stop: async ({ stopApps }) => {
        if (stopApps) return router.stop();
        await router.handOff();
        log.info("left the apps and the router running for the next start to adopt");
      },
    },
    { name: "certificates", start: () => parts.certs.start(), stop: () => parts.certs.stop() },
    {
      name: "add-ons",
      // Their servers (dedicated redis) before the apps that use them: adopted if the last run left them up.
      start: () =>
        core.addons
          .resume()
          .catch((err: unknown) => log.error({ err }, "could not resume the add-ons' servers")),
      // Providers stop supervising; their servers outlive the platform like the apps, and stop only with them.
      stop: async ({ stopApps }) => {
        await core.addons.close();
        if (stopApps) await parts.redis.stopAll();
      },
    },
    // What the last run left is taken over (its processes keep serving) and the formations are brought back.
    // Stopping: one-offs end (their clients are going); with a handoff the apps keep serving, for the next start.
    {
      name: "processes",
      start: () => reconciler.start(),
      stop: ({ stopApps }) => (stopApps ? reconciler.close() : reconciler.handOff()),
    },
    // Builds stop first, so their clients see the outcome before the API stops answering.
    { name: "builds", stop: stopBuilds },
    { name: "cron", start: () => parts.scheduler.start(), stop: () => parts.scheduler.close() },
    {
      name: "recovery",
      start: async () => {
        // Build directories left by a crash belong to builds marked interrupted above.
        await rm(join(config.dataDir, "work"), { recursive: true, force: true });
        recovery.end();
      },
    },
    // Fully up: a crash from now on leaves the router serving for the next start to adopt.
    { name: "outlive", start: () => router.outlive() },
  ];
}
