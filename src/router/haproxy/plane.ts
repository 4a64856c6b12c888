// The HAProxy data plane: starts HAProxy in master-worker mode from a config generated under
// `<dataDir>/haproxy/` (or adopts the one an earlier run left serving), and pushes each route table through the
// runtime API: map entries and servers set, enabled or drained live; a new app's backend by a hitless reload.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import type { RouterConfig } from "../../config/index.js";
import { killGroup } from "../../isolation/registry.js";
import { FifteenError } from "../../shared/errors.js";
import { AffinityCookies } from "../affinity.js";
import { loadAffinityKey } from "../affinity-key.js";
import type { HostCertificate, RouteTable } from "../../shared/route-table.js";
import type { DataPlane, DataPlaneCrash } from "../data-plane.js";
import type { AccessLog } from "../proxy.js";
import type { WebSocketCount } from "../tunnels.js";
import { RouteTableFile } from "../table-file.js";
import { AccessLogReceiver } from "./access-log.js";
import {
  haproxyConfig,
  haproxyFiles,
  mapEntries,
  WEBSOCKET_TABLE,
  type HaproxySettings,
  type HaproxyTls,
} from "./config.js";
import { HaproxyCertificates, sameTls } from "./certificates.js";
import { accepts, alive, freePort, isHaproxy, spawnHaproxy, writeAtomic } from "./process.js";
import { MasterCli, RuntimeApi } from "./runtime-api.js";
import { LiveTable } from "./live-table.js";
import { RequestSpans } from "./spans.js";
import { appIdOf, slotOf } from "./names.js";
import { RELAY_BACKEND, RELAY_SERVER, WebSocketRelay } from "./websocket-relay.js";

export interface HaproxyPlaneOptions {
  config: RouterConfig;
  /** `haproxy/` (config, map, sockets, pid) and `routes.json` (the last table) are kept here. */
  dataDir: string;
  log: Logger;
  /** The environment HAProxy runs with (config.childEnv; default: the platform's own, as in tests). */
  env?: Readonly<Record<string, string>> | undefined;
  /** The HAProxy binary (default: `haproxy` on PATH). */
  binary?: string;
  /** Where each request's access line goes (as the Node router's onAccess); none: HAProxy logs nothing. */
  onAccess?: ((entry: AccessLog) => void) | undefined;
  /** HAProxy died and a new one was started (or failed to): for the apps' logs. */
  onCrash?: ((crash: DataPlaneCrash) => void) | undefined;
  /** Every process's open WebSockets, whenever a count changes (read from HAProxy every 2 s). */
  onWebSockets?: ((counts: WebSocketCount[]) => void) | undefined;
}

/** What a running HAProxy was started with: adopted only when it is what this start would make. */
interface Started {
  host: string;
  port: number;
  timeoutSeconds: number;
  threads?: number | undefined;
  errorToken: string;
  tls?: HaproxyTls | undefined;
  /** Whether HAProxy sends access lines to the plane's socket. */
  accessLog?: boolean | undefined;
  /** Bumped when the generated config changes shape, so an older HAProxy is replaced, not adopted. */
  layout: number;
}

const LAYOUT = 4;
/** A Unix socket path is at most 108 bytes, NUL included. */
const MAX_SOCKET_PATH = 107;
const START_MS = 10_000;
const WATCH_MS = 250;
/** How often the open WebSockets are read from HAProxy's table. */
const WEBSOCKET_POLL_MS = 2000;
/** How soon a change in the relay's open WebSockets is reported (changes meanwhile make one report). */
const RELAY_REPORT_MS = 250;
const RELOAD_GRACE_MS = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class HaproxyPlane implements DataPlane {
  readonly kind = "haproxy";
  readonly #files: ReturnType<typeof haproxyFiles>;
  readonly #api: RuntimeApi;
  readonly #master: MasterCli;
  readonly #file: RouteTableFile;
  readonly #live: LiveTable;
  /** Each request's span, from its access line, when FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  readonly #spans = new RequestSpans();
  readonly #certs: HaproxyCertificates;
  readonly #access: AccessLogReceiver | undefined;
  /** Carries the WebSockets, so that each is closed with 1001 when its process goes away. */
  readonly #relay: WebSocketRelay;
  /** The open WebSockets HAProxy carried itself (while the relay was away), as last read from its table. */
  #directWebSockets: WebSocketCount[] = [];
  #relayReport: NodeJS.Timeout | undefined;
  /** The last table published (what HAProxy serves once the queue is through). */
  #table: RouteTable | undefined;
  #version = 0;
  /** The newest table published and not applied yet, and whether a loop is applying tables. */
  #latest: RouteTable | undefined;
  #applying = false;
  /** Table changes are applied one after the other. */
  #queue: Promise<void> = Promise.resolve();
  #settings: HaproxySettings | undefined;
  #pid: number | undefined;
  #port = 0;
  /** The HTTPS port of the HAProxy replaced or restarted, kept when FIFTEEN_ROUTER_HTTPS_PORT is 0. */
  #httpsPort = 0;
  #stopping = false;
  #restarting = false;
  #watch: NodeJS.Timeout | undefined;
  #websocketPoll: NodeJS.Timeout | undefined;
  /** The counts last reported, as JSON: a report is made only when they change. */
  #websocketsReported = "[]";
  #lastCrash: (DataPlaneCrash & { retried?: number }) | undefined;

  constructor(private readonly options: HaproxyPlaneOptions) {
    this.#files = haproxyFiles(join(options.dataDir, "haproxy"));
    this.#api = new RuntimeApi(this.#files.admin);
    this.#master = new MasterCli(this.#files.master);
    this.#live = new LiveTable(
      this.#api,
      {
        hosts: this.#files.map,
        affinity: this.#files.affinity,
        affinityServers: this.#files.affinityServers,
      },
      options.log,
    );
    this.#certs = new HaproxyCertificates(this.#files, this.#api, (hostname, err) =>
      options.log.warn({ hostname, err }, "a certificate HAProxy cannot load is not served"),
    );
    this.#file = new RouteTableFile(join(options.dataDir, "routes.json"), (err) =>
      options.log.warn({ err }, "could not save the route table"),
    );
    this.#relay = new WebSocketRelay({
      idleMs: options.config.websocketIdleSeconds * 1000,
      onChange: () => this.#relayChanged(),
      log: options.log,
    });
    const { onAccess } = options;
    this.#access =
      onAccess &&
      new AccessLogReceiver({
        onAccess,
        processOf: (appId, slot) => this.#live.slots.processAt(appId, slot),
        relayedBy: (requestId) => this.#relay.servedBy(requestId)?.process,
        onRequest: (record, entry) => this.#spans.record(record, entry),
        log: options.log,
      });
  }

  get port(): number {
    return this.#port;
  }

  /** The HTTPS listener's port, once started (undefined without FIFTEEN_ROUTER_HTTPS_PORT). */
  get httpsPort(): number | undefined {
    return this.#settings?.tls?.port;
  }

  get pid(): number | undefined {
    return this.#pid;
  }

  get running(): boolean {
    return !this.#stopping && this.#pid !== undefined && alive(this.#pid);
  }

  /** The last crash this run saw. */
  get lastCrash(): DataPlaneCrash | undefined {
    return this.#lastCrash;
  }

  /** Stops the HAProxy an earlier run left serving (the Node router runs now). */
  async retire(): Promise<void> {
    const found = await this.#running();
    if (!found) return;
    this.options.log.warn(
      { pid: found.pid },
      "stopping the HAProxy an earlier run left: the Node router serves now",
    );
    await this.#end(found.pid);
  }

  /** Resolves once every table published so far is applied (or failed, logged). */
  settled(): Promise<void> {
    return this.#queue;
  }

  /** The route sink's name for it: a release goes live once HAProxy serves it (rollout.ts). */
  applied(): Promise<void> {
    return this.settled();
  }

  /** Adopts the HAProxy an earlier run left serving with the same settings, or starts one; then the last table. */
  async init(): Promise<number> {
    if (Buffer.byteLength(this.#files.master) > MAX_SOCKET_PATH)
      throw new FifteenError(
        "SETTING_INVALID",
        `FIFTEEN_DATA_DIR is too long for HAProxy's sockets under ${this.#files.dir}: use a shorter path.`,
      );
    await mkdir(this.#files.dir, { recursive: true, mode: 0o700 });
    // The Node router's key (affinity-key.ts): a cookie one plane set holds on the other.
    this.#live.cookies = new AffinityCookies(await loadAffinityKey(this.options.dataDir));
    this.#relay.setCookies(this.#live.cookies);
    const saved = await this.#file.read();
    this.#version = saved?.version ?? 0;
    this.#table = saved && this.#clean(saved);
    if (this.#table) this.#relay.setTable(this.#table);
    if (this.options.config.httpsPort !== undefined) await this.#certs.load();
    if (this.options.onAccess && this.options.config.otlpEndpoint)
      await this.#spans.start(this.options.config.otlpEndpoint, this.options.log);
    const found = await this.#running();
    // Before HAProxy starts or is adopted: its ring connects to this socket (and again, by itself, after a restart).
    await this.#access?.listen(this.#files.access);
    // Before HAProxy starts or is adopted (whose new config brings the relay's server up again).
    await this.#relay.listen(this.#files.relay);
    try {
      await this.#adoptOrStart(found);
    } catch (err) {
      // Nothing of this start is left listening.
      await this.#relay.close("the router did not start");
      await this.#access?.close();
      throw err;
    }
    this.#watch = setInterval(() => this.#check(), WATCH_MS);
    this.#watch.unref();
    if (this.options.onWebSockets) {
      this.#websocketPoll = setInterval(() => void this.#countWebSockets(), WEBSOCKET_POLL_MS);
      this.#websocketPoll.unref();
    }
    return this.#port;
  }

  /** The HAProxy found running, adopted when it was started as this start would; otherwise a new one. */
  async #adoptOrStart(found: { pid: number; started: Started } | undefined): Promise<void> {
    if (found && this.#matches(found.started)) {
      this.#pid = found.pid;
      this.#port = found.started.port;
      this.#httpsPort = found.started.tls?.port ?? 0;
      this.#settings = {
        ...found.started,
        websocketIdleSeconds: this.options.config.websocketIdleSeconds,
        threads: this.options.config.workers,
        dir: this.#files.dir,
        accessLog: this.#access !== undefined,
      };
      this.options.log.info({ pid: found.pid }, "adopted the HAProxy left running by the last run");
      // Our slots start empty: a reload lays the saved table out in a config of our own, without a closed port.
      await this.#reload(this.#table ?? { version: 0, hosts: {} }, this.#table !== undefined);
    } else {
      if (found) {
        this.options.log.warn({ pid: found.pid }, "the running HAProxy's settings differ: replacing it");
        this.#port = found.started.port;
        this.#httpsPort = found.started.tls?.port ?? 0;
        await this.#end(found.pid);
      }
      await this.#start();
    }
  }

  /**
   * Applies the table once what is queued before it is done. Tables published meanwhile are not applied one by
   * one: only the newest is (each costs runtime API calls, and a burst of them would leave HAProxy behind).
   */
  publish(table: RouteTable): void {
    const next = this.#clean({ version: ++this.#version, hosts: table.hosts });
    this.#file.save({ version: next.version, hosts: table.hosts });
    // The relay picks processes by the newest table at once: one draining is never given a new WebSocket.
    this.#relay.setTable(next);
    this.#latest = next;
    if (this.#applying) return;
    this.#applying = true;
    this.#queue = this.#queue.then(async () => {
      for (;;) {
        const latest = this.#latest;
        // Checked and cleared in one turn: a table published after this is applied by a new loop.
        if (!latest) return void (this.#applying = false);
        this.#latest = undefined;
        await this.#apply(latest).catch((err: unknown) =>
          this.options.log.error({ err }, "HAProxy did not take the route table"),
        );
      }
    });
  }

  /** Swaps the certificates in live (runtime API); a failure reloads HAProxy with the files written for it. */
  publishCerts(certs: HostCertificate[]): void {
    if (this.options.config.httpsPort === undefined) return;
    this.#certs.want(certs);
    this.#queue = this.#queue
      .then(() => (this.#pid === undefined || this.#stopping ? undefined : this.#certs.push()))
      .catch(async (err: unknown) => {
        this.options.log.warn({ err }, "HAProxy did not take the certificates live: reloading it");
        await this.#reload(this.#table ?? { version: 0, hosts: {} }, this.#table !== undefined);
      })
      .catch((err: unknown) => this.options.log.error({ err }, "HAProxy did not take the certificates"));
  }

  /** Takes the processes out of rotation and resolves once their sessions are done (or the timeout passes). */
  async drain(backendIds: string[], timeoutMs: number): Promise<void> {
    await this.#queue;
    await this.#live.drain(backendIds, timeoutMs);
  }

  /** HAProxy outlives the platform anyway (its own process group); until adopted it serves the last table. */
  outlive(): void {}

  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#watch);
    clearInterval(this.#websocketPoll);
    clearTimeout(this.#relayReport);
    await this.#relay.close("the router is stopping");
    // Its WebSockets end with it.
    this.#reportWebSockets([]);
    await this.#queue;
    if (this.#pid !== undefined) await this.#end(this.#pid);
    this.#pid = undefined;
    // The keys in RAM go with the HAProxy that read them.
    await rm(this.#files.certs, { recursive: true, force: true });
    await this.#access?.close();
    await this.#spans.shutdown();
    await this.#file.flushed();
  }

  async handOff(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#watch);
    clearInterval(this.#websocketPoll);
    clearTimeout(this.#relayReport);
    await this.#queue;
    // New WebSockets go straight to the processes until the next run's relay listens (its adoption reloads
    // HAProxy, which brings the relay's server up); the relayed ones are closed cleanly, and their clients
    // reconnect.
    await this.#api
      .setServerState(RELAY_BACKEND, RELAY_SERVER, "maint")
      .catch((err: unknown) => this.options.log.warn({ err }, "could not take the WebSocket relay out"));
    await this.#relay.close("the platform is restarting");
    await this.#access?.close();
    await this.#spans.shutdown();
    await this.#file.flushed();
  }

  /**
   * Reads the open WebSockets per server from HAProxy's table and reports them by process. A worker replaced by
   * a reload keeps its WebSockets in its own table, which the runtime API no longer reaches: they are not
   * counted until they close.
   */
  async #countWebSockets(): Promise<void> {
    if (this.#pid === undefined || this.#stopping) return;
    const keys = await this.#api.tracked(WEBSOCKET_TABLE).catch(() => undefined);
    if (!keys) return;
    const apps = new Map<string, string>();
    for (const route of Object.values(this.#table?.hosts ?? {})) apps.set(route.appId, route.app);
    const counts: WebSocketCount[] = [];
    for (const { key, current } of keys) {
      const [backend = "", server = ""] = key.split("/");
      const appId = appIdOf(backend);
      const slot = slotOf(server);
      if (appId === undefined || slot === undefined || current === 0) continue;
      const process = this.#live.slots.processAt(appId, slot);
      const app = apps.get(appId);
      if (process && app) counts.push({ appId, app, process, open: current });
    }
    this.#directWebSockets = counts;
    this.#reportWebSockets(this.#allWebSockets());
  }

  /** A relayed WebSocket opened or closed: reported shortly, with whatever else changed meanwhile. */
  #relayChanged(): void {
    if (this.#relayReport || !this.options.onWebSockets || this.#stopping) return;
    this.#relayReport = setTimeout(() => {
      this.#relayReport = undefined;
      this.#reportWebSockets(this.#allWebSockets());
    }, RELAY_REPORT_MS);
    this.#relayReport.unref();
  }

  /** The relay's counts and HAProxy's own, added up per process. */
  #allWebSockets(): WebSocketCount[] {
    const all = new Map<string, WebSocketCount>();
    for (const count of [...this.#relay.counts(), ...this.#directWebSockets]) {
      const key = `${count.appId}/${count.process}`;
      const seen = all.get(key);
      if (seen) seen.open += count.open;
      else all.set(key, { ...count });
    }
    return [...all.values()].sort((a, b) =>
      `${a.appId}/${a.process}`.localeCompare(`${b.appId}/${b.process}`),
    );
  }

  #reportWebSockets(counts: WebSocketCount[]): void {
    const json = JSON.stringify(counts);
    if (json === this.#websocketsReported) return;
    this.#websocketsReported = json;
    this.options.onWebSockets?.(counts);
  }

  /** The table without the hosts the config rules refuse (logged): they get the 404 page. */
  #clean(table: RouteTable): RouteTable {
    const hosts: RouteTable["hosts"] = {};
    const entries = mapEntries(table, (host, err) =>
      this.options.log.warn({ host, err }, "a host the HAProxy config refuses is not routed"),
    );
    for (const [host, route] of Object.entries(table.hosts)) if (entries.has(host)) hosts[host] = route;
    return { version: table.version, hosts };
  }

  async #apply(table: RouteTable): Promise<void> {
    this.#table = table;
    if (this.#pid === undefined || this.#stopping) return;
    if (!this.#live.fits(table)) return this.#reload(table, true);
    try {
      await this.#live.apply(table);
    } catch (err) {
      this.options.log.warn({ err }, "HAProxy's runtime API failed: reloading it with the whole table");
      await this.#reload(table, true);
    }
  }

  /** Writes the config and the map for the table (`withTable` false: before any, 503 `starting`). */
  async #writeFiles(table: RouteTable, withTable: boolean): Promise<void> {
    const settings = this.#settings;
    if (!settings) throw new Error("HAProxy's settings are not chosen yet");
    const maps = this.#live.layOut(table, withTable);
    await writeAtomic(this.#files.map, maps.hosts);
    await writeAtomic(this.#files.affinity, maps.affinity);
    await writeAtomic(this.#files.affinityServers, maps.affinityServers);
    await this.#certs.write();
    await writeAtomic(this.#files.config, haproxyConfig(settings, this.#live.slots.layout()));
    const { host, port, timeoutSeconds, threads, errorToken, tls, accessLog } = settings;
    const started: Started = {
      host,
      port,
      timeoutSeconds,
      threads,
      errorToken,
      tls,
      accessLog,
      layout: LAYOUT,
    };
    await writeAtomic(this.#files.settings, JSON.stringify(started));
  }

  /** A new config (a new app, more slots) through the master: the new worker takes the listeners over. */
  async #reload(table: RouteTable, withTable: boolean): Promise<void> {
    const before = (await this.#api.info()).get("Pid");
    await this.#writeFiles(table, withTable);
    await this.#master.reload();
    const deadline = Date.now() + START_MS;
    for (;;) {
      const pid = await this.#api
        .info()
        .then((info) => info.get("Pid"))
        .catch(() => undefined);
      // The new worker answers; the master moves the old one to its old workers as it tells it to stop
      // accepting (a grace period for that signal), so new connections see the new config.
      if (pid !== undefined && pid !== before) {
        // Refused while the master re-executes itself: asked again.
        const current = await this.#master.currentWorkers().catch(() => undefined);
        if (current && !current.includes(Number(before))) {
          await sleep(RELOAD_GRACE_MS);
          return this.#pushCerts();
        }
      }
      if (Date.now() > deadline)
        throw new Error(`HAProxy did not reload its config (see ${this.#files.log})`);
      await sleep(25);
    }
  }

  /** Starts HAProxy and resolves once it listens; a port it cannot bind is PORT_IN_USE. */
  async #start(): Promise<void> {
    const { config } = this.options;
    const port = config.port || this.#port || (await freePort(config.host));
    this.#settings = {
      host: config.host,
      port,
      timeoutSeconds: config.timeoutSeconds,
      websocketIdleSeconds: config.websocketIdleSeconds,
      threads: config.workers,
      dir: this.#files.dir,
      errorToken: randomBytes(16).toString("hex"),
      tls: config.httpsPort === undefined ? undefined : await this.#tls(port),
      accessLog: this.#access !== undefined,
    };
    const table = this.#table;
    await this.#writeFiles(table ?? { version: 0, hosts: {} }, table !== undefined);
    const pid = await spawnHaproxy({
      binary: this.options.binary ?? "haproxy",
      env: this.options.env,
      files: this.#files,
      host: config.host,
      port,
      httpsPort: this.#settings.tls?.port,
      ready: async () => (await this.#api.info(), (await this.#master.currentWorkers()).length > 0),
    });
    this.#pid = pid;
    this.#port = port;
    this.#httpsPort = this.#settings.tls?.port ?? 0;
    await this.#pushCerts();
  }

  /** After a start or reload (which loaded only certificates HAProxy took before): the others, live. */
  async #pushCerts(): Promise<void> {
    if (this.#settings?.tls) await this.#certs.push();
  }

  /** The HTTPS settings of a start: the configured port, else the last one, else a free one (not the HTTP one). */
  async #tls(httpPort: number): Promise<HaproxyTls> {
    const { host, httpsPort, httpsRedirect, hstsMaxAge } = this.options.config;
    let port = httpsPort || this.#httpsPort;
    while (!port || (!httpsPort && port === httpPort)) port = await freePort(host);
    return { port, redirect: httpsRedirect, hstsMaxAge };
  }

  /** The HAProxy an earlier run left: its master's pid (from the pid file), if it runs and answers. */
  async #running(): Promise<{ pid: number; started: Started } | undefined> {
    const pid = Number((await readFile(this.#files.pid, "utf8").catch(() => "")).trim());
    if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !isHaproxy(pid)) return undefined;
    const started = await readFile(this.#files.settings, "utf8")
      .then((text) => JSON.parse(text) as Started)
      .catch(() => undefined);
    const answers = await this.#api.info().then(
      () => true,
      () => false,
    );
    if (!started || !answers) {
      // Ours (its pid file is in our data dir), but it cannot be driven: it must not hold the port.
      await this.#end(pid);
      return undefined;
    }
    return { pid, started };
  }

  #matches(started: Started): boolean {
    const { config } = this.options;
    return (
      started.layout === LAYOUT &&
      (started.accessLog ?? false) === (this.#access !== undefined) &&
      started.host === config.host &&
      started.timeoutSeconds === config.timeoutSeconds &&
      started.threads === config.workers &&
      (config.port === 0 || started.port === config.port) &&
      sameTls(started.tls, config)
    );
  }

  /** Soft-stops HAProxy (its requests finish), then kills its group after 5 s: its port must be free. */
  async #end(pid: number): Promise<void> {
    try {
      process.kill(pid, "SIGUSR1");
    } catch {
      return;
    }
    for (let waited = 0; waited < 5000 && alive(pid); waited += 20) await sleep(20);
    killGroup(pid, "SIGKILL");
    for (let waited = 0; waited < 1000 && alive(pid); waited += 20) await sleep(20);
  }

  /** HAProxy died (a crash, a kill): a new one on the same port, with the last table, at once. */
  #check(): void {
    if (this.#stopping || this.#restarting) return;
    const pid = this.#pid;
    const crash = this.#lastCrash;
    if (pid === undefined) {
      // The last restart failed (its port taken meanwhile, the binary gone): tried again every 2 s.
      if (crash?.error !== undefined && Date.now() - (crash.retried ?? 0) > 2000) this.#restart(crash);
      return;
    }
    if (alive(pid)) return;
    this.options.log.error({ pid }, "HAProxy exited; starting a new one");
    // A master killed alone leaves its workers holding the port: its whole group goes.
    killGroup(pid, "SIGKILL");
    this.#pid = undefined;
    this.#restart((this.#lastCrash = { pid, at: new Date() }));
  }

  #restart(crash: DataPlaneCrash & { retried?: number }): void {
    this.#restarting = true;
    crash.retried = Date.now();
    const { host } = this.options.config;
    this.#queue = this.#queue
      .then(async () => {
        // Until the killed workers let go of the port.
        for (let i = 0; i < 50 && (await accepts(host, this.#port)); i++) await sleep(20);
        await this.#start();
        crash.restartedMs = Date.now() - crash.at.getTime();
        delete crash.error;
        this.options.onCrash?.(crash);
      })
      .catch((err: unknown) => {
        const first = crash.error === undefined;
        crash.error = err instanceof Error ? err.message : String(err);
        this.options.log.error({ err }, "HAProxy restart failed");
        if (first) this.options.onCrash?.(crash);
      })
      .finally(() => (this.#restarting = false));
  }
}
