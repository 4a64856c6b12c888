// The platform's side of the router: starts the router process, feeds it the route table, drains backends,
// and turns its access lines into the apps' log streams. Restarts the router if it dies.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import type { RouterConfig } from "../config/index.js";
import { reap, remember } from "../runtime/local/registry.js";
import type { RouteSink } from "../runtime/reconciler.js";
import type { HostCertificate, RouteTable } from "../shared/route-table.js";
import type { AccessLog } from "./proxy.js";
import type { FromRouter, ToRouter } from "./main.js";

export interface RouterSupervisorOptions {
  config: RouterConfig;
  env: Readonly<Record<string, string>>;
  /** Where the router's pid is kept, so the next start can stop a router a crashed platform left behind. */
  registryDir: string;
  log: Logger;
  onAccess(entry: AccessLog): void;
}

const ENTRY = fileURLToPath(new URL("./main.js", import.meta.url));

export class RouterSupervisor implements RouteSink {
  #child: ChildProcess | undefined;
  #table: RouteTable | undefined;
  #certs: HostCertificate[] | undefined;
  #drainSeq = 0;
  readonly #drains = new Map<number, () => void>();
  #stopping = false;
  #port = 0;
  #httpsPort: number | undefined;

  constructor(private readonly options: RouterSupervisorOptions) {}

  /** Stops a router left by an earlier run (it holds the port), then starts ours. */
  async init(): Promise<number> {
    if ((await reap(this.options.registryDir)) > 0)
      this.options.log.warn("stopped a router left by an earlier run");
    return this.start();
  }

  /** Starts the router and resolves with the (plain HTTP) port it listens on. */
  start(): Promise<number> {
    return new Promise((resolve, reject) => {
      const { config } = this.options;
      const child = fork(ENTRY, [], {
        env: {
          ...this.options.env,
          FIFTEEN_ROUTER_HOST: config.host,
          // After a restart the router must come back on the same port.
          FIFTEEN_ROUTER_PORT: String(this.#port || config.port),
          FIFTEEN_ROUTER_WORKERS: String(config.workers),
          FIFTEEN_ROUTER_TIMEOUT_SECONDS: String(config.timeoutSeconds),
          ...(config.httpsPort === undefined
            ? {}
            : {
                FIFTEEN_ROUTER_HTTPS_PORT: String(this.#httpsPort ?? config.httpsPort),
                FIFTEEN_ROUTER_HTTPS_REDIRECT: String(config.httpsRedirect),
                FIFTEEN_ROUTER_HSTS_MAX_AGE: String(config.hstsMaxAge),
              }),
          ...(config.otlpEndpoint ? { FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT: config.otlpEndpoint } : {}),
        },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
        // Its own process group: it outlives a crashed platform (serving its last table) until the next start reaps it.
        detached: true,
      });
      if (child.pid) {
        remember(this.options.registryDir, "router", child.pid).catch((err: unknown) =>
          this.options.log.warn({ err }, "could not record the router's pid"),
        );
      }
      this.#child = child;
      child.on("message", (message: FromRouter) => {
        if (message.type === "ready") {
          this.#port = message.port;
          this.#httpsPort = message.httpsPort;
          if (this.#table) this.#send({ type: "table", table: this.#table });
          if (this.#certs) this.#send({ type: "certs", certs: this.#certs });
          resolve(message.port);
        } else if (message.type === "access") this.options.onAccess(message.entry);
        else if (message.type === "drained") {
          this.#drains.get(message.id)?.();
          this.#drains.delete(message.id);
        }
      });
      child.on("exit", (code, signal) => {
        for (const done of this.#drains.values()) done();
        this.#drains.clear();
        if (this.#stopping) return;
        if (this.#port === 0) {
          reject(
            new Error(
              `the router exited before listening (${signal ?? `exit ${code}`}); is port ${config.port} in use?`,
            ),
          );
          return;
        }
        this.options.log.error({ code, signal }, "router exited; restarting it");
        setTimeout(
          () =>
            void this.start().catch((err: unknown) =>
              this.options.log.error({ err }, "router restart failed"),
            ),
          500,
        );
      });
    });
  }

  get port(): number {
    return this.#port;
  }

  /** The HTTPS port, once listening; undefined when FIFTEEN_ROUTER_HTTPS_PORT is not set. */
  get httpsPort(): number | undefined {
    return this.#httpsPort;
  }

  /** Whether the router process is alive and listening (for /readyz). */
  get running(): boolean {
    return (
      this.#port > 0 &&
      this.#child !== undefined &&
      this.#child.exitCode === null &&
      this.#child.signalCode === null
    );
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  publish(table: RouteTable): void {
    this.#table = table;
    this.#send({ type: "table", table });
  }

  /** Every host's certificate; the router swaps them in without a restart (and gets them again after one). */
  publishCerts(certs: HostCertificate[]): void {
    this.#certs = certs;
    this.#send({ type: "certs", certs });
  }

  drain(backendIds: string[], timeoutMs: number): Promise<void> {
    if (!this.#child?.connected) return Promise.resolve();
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

  async stop(): Promise<void> {
    this.#stopping = true;
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    this.#send({ type: "stop" });
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }

  #send(message: ToRouter): void {
    if (this.#child?.connected) this.#child.send(message);
  }
}
