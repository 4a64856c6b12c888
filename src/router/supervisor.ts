// The platform's side of the router: adopts the router a crashed run left serving (or starts one), feeds it the
// route table and certificates over its control socket, drains backends, and turns its access lines into the
// apps' log streams. Restarts the router if it dies. See docs/router.md#restarts-and-adoption.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import type { RouterConfig } from "../config/index.js";
import { killGroup, reap, remember } from "../isolation/registry.js";
import { FifteenError } from "../shared/errors.js";
import { listenError } from "../shared/listen-errors.js";
import type { HostCertificate, RouteTable } from "../shared/route-table.js";
import {
  CONTROL_SOCKET,
  ControlChannel,
  type FromRouter,
  type ListenFailure,
  type ToRouter,
} from "./control.js";
import { loadAffinityKey } from "./affinity-key.js";
import type { DataPlane, DataPlaneCrash } from "./data-plane.js";
import type { AccessLog } from "./proxy.js";
import { RouteTableFile } from "./table-file.js";
import type { WebSocketCount } from "./tunnels.js";

export interface RouterSupervisorOptions {
  config: RouterConfig;
  env: Readonly<Record<string, string>>;
  /** Where the control socket (router.sock) and the last route table (routes.json) are kept. */
  dataDir: string;
  /** Where the router's pid is kept, so the next start can stop a router that does not answer on its socket. */
  registryDir: string;
  /** The platform's version: a router another version started is replaced, not adopted. */
  version: string;
  log: Logger;
  onAccess(entry: AccessLog): void;
  /** The router died and a new one was started (or failed to): for the apps' logs. */
  onCrash?(crash: DataPlaneCrash): void;
  /** Every process's open WebSockets through the router, whenever a count changes (for the metrics). */
  onWebSockets?(counts: WebSocketCount[]): void;
}

type Hello = Extract<FromRouter, { type: "hello" }>;
type Link = ControlChannel<FromRouter, ToRouter>;
/** A router that answered on its socket: its hello, and what it sent right after (before it was attached). */
interface Answer {
  link: Link;
  hello: Hello;
  early: FromRouter[];
}

const ENTRY = fileURLToPath(new URL("./main.js", import.meta.url));
/** How long a router takes to start its successor on its sockets before the platform gives up on that. */
const UPGRADE_MS = 15_000;
/** A Unix socket path is at most 108 bytes, NUL included. */
const MAX_SOCKET_PATH = 107;

/** Alive and not a zombie: a dead router whose parent is gone may wait for init to reap it. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** The PORT_IN_USE error for a router that could not listen. */
function failure({ port, setting, code }: ListenFailure): unknown {
  return listenError(
    Object.assign(new Error(`cannot listen on port ${port}: ${code}`), { code }),
    port,
    setting,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits up to `ms` for a router to end by itself, then kills its process group: its ports must be free. */
async function ended(pid: number, ms: number): Promise<void> {
  for (let waited = 0; waited < ms && running(pid); waited += 20) await sleep(20);
  if (running(pid)) killGroup(pid, "SIGKILL");
}

/** Which of the router's settings differ from the platform's (a port of 0 is any port). */
export function settingsChanged(hello: Hello, wanted: RouterConfig, version: string): string[] {
  const changed: string[] = [];
  if (hello.version !== version) changed.push("version");
  const { port, httpsPort, ...rest } = wanted;
  if (port !== 0 && port !== hello.port) changed.push("port");
  if (
    httpsPort === undefined ? hello.httpsPort !== undefined : httpsPort !== 0 && httpsPort !== hello.httpsPort
  )
    changed.push("httpsPort");
  for (const [key, value] of Object.entries(rest))
    if (hello.config[key as keyof RouterConfig] !== value) changed.push(key);
  return changed;
}

export class RouterSupervisor implements DataPlane {
  readonly kind = "node";
  #link: Link | undefined;
  #pid: number | undefined;
  #table: RouteTable | undefined;
  /** Versions are stamped here, above anything the adopted router or the saved table has seen. */
  #version = 0;
  #certs: HostCertificate[] | undefined;
  /** Session affinity cookies' key (base64), from the data dir; sent to every router this platform attaches. */
  #affinityKey: string | undefined;
  #drainSeq = 0;
  readonly #drains = new Map<number, () => void>();
  #stopping = false;
  /** The router could not listen: its connection closing is the end of a failed start, not a crash. */
  #failed = false;
  /** Another platform adopted the router: it is no longer ours to restart or stop. */
  #replaced = false;
  #outlive = false;
  #port = 0;
  /** Whether the connected router listens (a new one is connected a moment before it does). */
  #listens = false;
  #httpsPort: number | undefined;
  /** Settled by the router's answer to a start: its ports, or why it could not listen. */
  #ready: { resolve(): void; reject(err: unknown): void } | undefined;
  /** Hears how a router asked to upgrade (before it was attached) answered. */
  #upgradeAnswer: ((message: FromRouter) => void) | undefined;
  #lastCrash: DataPlaneCrash | undefined;
  readonly #socketPath: string;
  readonly #file: RouteTableFile;

  constructor(private readonly options: RouterSupervisorOptions) {
    this.#socketPath = join(options.dataDir, CONTROL_SOCKET);
    this.#file = new RouteTableFile(join(options.dataDir, "routes.json"), (err) =>
      options.log.warn({ err }, "could not save the route table"),
    );
  }

  /**
   * Adopts the router an earlier run left serving, when it answers on its socket with the same settings;
   * otherwise stops whatever is left and starts a new one. Either way it gets the last saved table at once.
   */
  async init(): Promise<number> {
    if (Buffer.byteLength(this.#socketPath) > MAX_SOCKET_PATH)
      throw new FifteenError(
        "SETTING_INVALID",
        `FIFTEEN_DATA_DIR is too long for the router's control socket ${this.#socketPath}: use a path of at most ${MAX_SOCKET_PATH - CONTROL_SOCKET.length - 1} bytes.`,
      );
    this.#affinityKey = (await loadAffinityKey(this.options.dataDir)).toString("base64");
    this.#table = await this.#file.read();
    this.#version = this.#table?.version ?? 0;
    const found = await this.#connect().catch(() => undefined);
    if (found) {
      const changed = settingsChanged(found.hello, this.options.config, this.options.version);
      if (changed.length === 0) {
        this.options.log.info({ pid: found.hello.pid }, "adopted the router left running by the last run");
        return this.#attach(found);
      }
      if (changed.length === 1 && changed[0] === "version") {
        // Whatever happens, the new router comes back on the ports the old one had (0 in the settings: any).
        this.#port = found.hello.port;
        this.#httpsPort = found.hello.httpsPort;
        if (!found.hello.upgrades)
          this.options.log.warn(
            { pid: found.hello.pid },
            "the running router is too old to hand its sockets to the new version: restarting it",
          );
        else if (found.hello.config.workers === 1) {
          const port = await this.#upgrade(found);
          if (port !== undefined) return port;
          if (!found.link.open) {
            await ended(found.hello.pid, 5000);
            return this.#start();
          }
        } else
          this.options.log.warn(
            { pid: found.hello.pid, workers: found.hello.config.workers },
            "a router with several workers cannot hand its sockets to the new version: restarting it (its port refuses connections for a moment)",
          );
      }
      this.options.log.warn(
        { pid: found.hello.pid, changed },
        "the running router's settings differ: stopping it and starting a new one",
      );
      this.#pid = found.hello.pid;
      this.#link = found.link;
      await this.#stopRouter();
      this.#link = undefined;
    } else if ((await reap(this.options.registryDir)) > 0) {
      this.options.log.warn("stopped a router left by an earlier run that did not answer on its socket");
    }
    return this.#start();
  }

  /** The platform is fully up: from now on the router keeps serving if the platform dies, until adopted. */
  outlive(): void {
    this.#outlive = true;
    this.#send({ type: "outlive" });
  }

  get port(): number {
    return this.#port;
  }

  /** The HTTPS port, once listening; undefined when FIFTEEN_ROUTER_HTTPS_PORT is not set. */
  get httpsPort(): number | undefined {
    return this.#httpsPort;
  }

  /** Whether the router is connected and listening (for /readyz). */
  get running(): boolean {
    return this.#listens && this.#link?.open === true;
  }

  get pid(): number | undefined {
    return this.#pid;
  }

  publish(table: RouteTable): void {
    this.#table = { version: ++this.#version, hosts: table.hosts };
    this.#send({ type: "table", table: this.#table });
    this.#file.save(this.#table);
  }

  /** Every host's certificate; the router swaps them in without a restart (and gets them again after one). */
  publishCerts(certs: HostCertificate[]): void {
    this.#certs = certs;
    this.#send({ type: "certs", certs });
  }

  drain(backendIds: string[], timeoutMs: number): Promise<void> {
    if (!this.#link?.open) return Promise.resolve();
    const id = ++this.#drainSeq;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#drains.delete(id);
        resolve();
      }, timeoutMs + 1000);
      this.#drains.set(id, () => {
        clearTimeout(timer);
        resolve();
      });
      this.#send({ type: "drain", id, backends: backendIds, timeoutMs });
    });
  }

  /** Stops the router (a normal shutdown, or a start that failed) and waits until it is gone. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (!this.#replaced) await this.#stopRouter();
    await this.#file.flushed();
  }

  /**
   * A platform restart: the router keeps serving its last table (it was told to outlive us) until the next
   * start adopts it. Only our end of the control socket closes.
   */
  async handOff(): Promise<void> {
    this.#stopping = true;
    if (!this.#replaced) this.#send({ type: "outlive" });
    this.#link?.end();
    await this.#file.flushed();
  }

  async #stopRouter(): Promise<void> {
    const pid = this.#pid;
    this.#send({ type: "stop" });
    this.#link?.end();
    if (pid !== undefined) await ended(pid, 5000);
  }

  /**
   * Replaces a router of another version (the same settings otherwise) without closing its ports: it starts
   * our router code on its listening sockets, then drains and exits. Resolves with the port, or undefined when
   * the router could not do it (it then still serves, on `found.link`, or is gone if that closed).
   */
  async #upgrade({ link, hello }: Answer): Promise<number | undefined> {
    const { log } = this.options;
    const answer = await new Promise<FromRouter | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), UPGRADE_MS);
      const done = (message: FromRouter | undefined) => {
        clearTimeout(timer);
        this.#upgradeAnswer = undefined;
        resolve(message);
      };
      this.#upgradeAnswer = done;
      link.socket.once("close", () => done(undefined));
      link.send({ type: "upgrade", main: ENTRY, version: this.options.version });
    });
    if (answer?.type !== "upgraded") {
      log.warn(
        { pid: hello.pid, reason: answer?.type === "upgrade-failed" ? answer.reason : "no answer" },
        "the running router could not hand its sockets to the new version: restarting it",
      );
      return undefined;
    }
    link.end();
    // The new router listens on the control socket before the old one says "upgraded".
    let found: Answer | undefined;
    for (let i = 0; !found && i < 40; i++) {
      found = await this.#connect().catch(() => undefined);
      if (!found) await sleep(25);
    }
    if (found?.hello.pid !== answer.pid || found.hello.version !== this.options.version) {
      log.error({ pid: answer.pid }, "the upgraded router does not answer as expected: starting a new one");
      found?.link.end();
      killGroup(answer.pid, "SIGKILL");
      await ended(hello.pid, 12_000);
      return this.#start();
    }
    log.info({ pid: answer.pid, previous: hello.pid }, "the router was upgraded on its listening sockets");
    await remember(this.options.registryDir, "router", answer.pid).catch((err: unknown) =>
      log.warn({ err }, "could not record the router's pid"),
    );
    // The old one exits once its requests are done (at most 10 s); past that its group is killed.
    void ended(hello.pid, 12_000);
    return this.#attach(found);
  }

  /** Starts a router, connects to its socket and resolves with the port it listens on. */
  async #start(): Promise<number> {
    const { config } = this.options;
    const child = spawn(process.execPath, [ENTRY, this.#socketPath, this.options.version], {
      env: {
        ...this.options.env,
        FIFTEEN_ROUTER_HOST: config.host,
        // After a restart the router must come back on the same port.
        FIFTEEN_ROUTER_PORT: String(this.#port || config.port),
        FIFTEEN_ROUTER_WORKERS: String(config.workers),
        FIFTEEN_ROUTER_TIMEOUT_SECONDS: String(config.timeoutSeconds),
        FIFTEEN_ROUTER_WEBSOCKET_IDLE_SECONDS: String(config.websocketIdleSeconds),
        ...(config.httpsPort === undefined
          ? {}
          : {
              FIFTEEN_ROUTER_HTTPS_PORT: String(this.#httpsPort ?? config.httpsPort),
              FIFTEEN_ROUTER_HTTPS_REDIRECT: String(config.httpsRedirect),
              FIFTEEN_ROUTER_HSTS_MAX_AGE: String(config.hstsMaxAge),
            }),
        ...(config.otlpEndpoint ? { FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT: config.otlpEndpoint } : {}),
      },
      stdio: ["ignore", "inherit", "inherit"],
      // Its own process group: it outlives a crashed platform (serving its last table) until the next start adopts it.
      detached: true,
    });
    child.unref();
    this.#failed = false;
    let exit: string | undefined;
    child.on("exit", (code, signal) => (exit = signal ?? `exit ${code}`));
    if (child.pid === undefined) throw new Error("the router process could not be started");
    this.#pid = child.pid;
    await remember(this.options.registryDir, "router", child.pid).catch((err: unknown) =>
      this.options.log.warn({ err }, "could not record the router's pid"),
    );
    // Until the new router listens on its socket (a stale socket file refuses connections meanwhile).
    let found: Answer | undefined;
    for (let i = 0; !found && exit === undefined; i++) {
      found = await this.#connect().catch((err: NodeJS.ErrnoException) => {
        if ((err.code !== "ENOENT" && err.code !== "ECONNREFUSED") || i > 400) throw err;
        return undefined;
      });
      if (!found) await sleep(25);
    }
    if (!found) throw new Error(`the router exited before listening (${exit ?? "unknown"})`);
    return this.#attach(found);
  }

  /** Connects to the router's socket and waits for its hello (or its reason for failing). */
  #connect(): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const socket = connect(this.#socketPath);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error("the router did not say hello on its control socket"));
      }, 2000);
      socket.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      const early: FromRouter[] = [];
      const link: Link = new ControlChannel<FromRouter, ToRouter>(socket, (message) => {
        if (this.#link === link) return this.#onMessage(message);
        clearTimeout(timer);
        if (message.type === "hello") resolve({ link, hello: message, early });
        else if (message.type === "upgraded" || message.type === "upgrade-failed")
          this.#upgradeAnswer?.(message);
        else if (message.type === "failed") reject(failure(message.failure));
        else early.push(message);
      });
    });
  }

  /**
   * Makes a connected router ours: our table and certificates, and what happens when it goes. Resolves with its
   * port once it listens.
   */
  async #attach({ link, hello, early }: Answer): Promise<number> {
    const ready = new Promise<void>((resolve, reject) => (this.#ready = { resolve, reject }));
    this.#link = link;
    this.#pid = hello.pid;
    this.#version = Math.max(this.#version, hello.tableVersion);
    // The key first: the table's affinity routes need it.
    if (this.#affinityKey) this.#send({ type: "affinity-key", key: this.#affinityKey });
    // A table older than the router's own (it outlived the platform that saved it) is ignored by the router.
    if (this.#table) this.#send({ type: "table", table: this.#table });
    if (this.#certs) this.#send({ type: "certs", certs: this.#certs });
    if (this.#outlive) this.#send({ type: "outlive" });
    if (hello.port > 0) this.#listening(hello.port, hello.httpsPort);
    for (const message of early) this.#onMessage(message);
    link.socket.on("close", () => {
      if (this.#link !== link) return;
      this.#link = undefined;
      this.#listens = false;
      // Its WebSockets are gone with it (an adopting platform hears the count again from the router itself).
      this.options.onWebSockets?.([]);
      for (const done of this.#drains.values()) done();
      this.#drains.clear();
      this.#ready?.reject(new Error("the router closed its control socket before listening"));
      this.#ready = undefined;
      if (this.#stopping || this.#failed || this.#replaced) return;
      this.options.log.error({ pid: hello.pid }, "lost the router; starting a new one");
      void this.#restart({ pid: hello.pid, at: new Date() });
    });
    await ready;
    return this.#port;
  }

  async #restart(crash: DataPlaneCrash): Promise<void> {
    this.#lastCrash = crash;
    if (this.#pid !== undefined) await ended(this.#pid, 2000);
    // A router that dies at once again does not spin.
    await sleep(200);
    if (this.#stopping) return;
    await this.#start().then(
      () => (crash.restartedMs = Date.now() - crash.at.getTime()),
      (err: unknown) => {
        crash.error = err instanceof Error ? err.message : String(err);
        this.options.log.error({ err }, "router restart failed");
      },
    );
    this.options.onCrash?.(crash);
  }

  /** The last crash this run saw. */
  get lastCrash(): DataPlaneCrash | undefined {
    return this.#lastCrash;
  }

  /** Stops the router an earlier run left serving (the HAProxy plane runs now), whether it answers or not. */
  async retire(): Promise<void> {
    const found = await this.#connect().catch(() => undefined);
    if (found) {
      this.options.log.warn(
        { pid: found.hello.pid },
        "stopping the Node router an earlier run left: HAProxy serves now",
      );
      this.#pid = found.hello.pid;
      this.#link = found.link;
      await this.#stopRouter();
      this.#link = undefined;
      this.#pid = undefined;
    } else if ((await reap(this.options.registryDir)) > 0)
      this.options.log.warn("stopped a Node router left by an earlier run that did not answer on its socket");
  }

  #listening(port: number, httpsPort: number | undefined): void {
    this.#port = port;
    this.#httpsPort = httpsPort;
    this.#listens = true;
    this.#ready?.resolve();
    this.#ready = undefined;
  }

  #onMessage(message: FromRouter): void {
    if (message.type === "access") this.options.onAccess(message.entry);
    else if (message.type === "websockets") this.options.onWebSockets?.(message.counts);
    else if (message.type === "replaced") {
      this.#replaced = true;
      this.options.log.warn("another platform started on this data dir and took the router over");
    } else if (message.type === "ready") this.#listening(message.port, message.httpsPort);
    else if (message.type === "drained") {
      this.#drains.get(message.id)?.();
      this.#drains.delete(message.id);
    } else if (message.type === "failed") {
      this.#failed = true;
      this.#ready?.reject(failure(message.failure));
      this.#ready = undefined;
    }
  }

  #send(message: ToRouter): void {
    this.#link?.send(message);
  }
}
