// The router process: a cluster primary that relays the route table to its workers, which proxy HTTP.
// The platform talks to the primary over the control socket (control.ts). The router stops when that connection
// closes, unless the platform said it is fully up ("outlive"): then it keeps serving its last table through a
// platform crash, until the next start reconnects and adopts it. A platform of a newer version has it start
// that version's code on its listening sockets ("upgrade"), then it drains and exits: the ports never close.
import { fork as forkProcess } from "node:child_process";
import cluster, { type Worker } from "node:cluster";
import { chmodSync, rmSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import net, { createServer } from "node:net";
import type { Duplex } from "node:stream";
import { loadRouterConfig } from "../config/index.js";
import type { HostCertificate, RouteTable } from "../shared/route-table.js";
import { startTracing } from "../telemetry/tracing.js";
import { SniCertificates } from "./certificates.js";
import { ControlChannel, type FromRouter, type ListenFailure, type ToRouter } from "./control.js";
import { Proxy } from "./proxy.js";
import type { WebSocketCount } from "./tunnels.js";

const config = loadRouterConfig();

/** How long a new router waits for its platform's first connection before it gives up and exits. */
const FIRST_CONNECTION_MS = 10_000;
/** How long a router that could not listen waits for the platform to come and hear why. */
const FAILURE_LINGER_MS = 3_000;
/** EX_CONFIG: a listener's port is taken; the platform says which setting to change. */
const EXIT_LISTEN_FAILED = 78;

type ToPlatformWebSockets = Extract<FromRouter, { type: "websockets" }>;

/** A listening socket's handle as it travels between processes (a TCP wrap; Node passes its fd along). */
type ListenHandle = object;
type Listener = "http" | "https";
/** Between the processes of an upgrade, and between a primary and its worker: who gets which listener. */
type Handover =
  | { type: "listener"; which: Listener }
  /** From an old router to its successor, also what it serves, so that the successor's first answer uses it. */
  | { type: "listeners-given"; table?: RouteTable; certs?: HostCertificate[]; affinityKey?: string }
  | { type: "give-listeners" }
  | { type: "retire" }
  | { type: "serving" };
/** How long an old router waits for the new one to serve on its listeners before giving up on the swap. */
const UPGRADE_MS = 10_000;
/** A worker reports its open WebSockets at most this often (a burst of opens is one message). */
const WEBSOCKET_REPORT_MS = 250;

/**
 * To the primary (from a worker). With a callback, a send that fails because the primary just died is dropped;
 * without one, Node would raise it as an 'error' on process and stop the worker, and every connection it serves.
 */
function send(message: FromRouter): void {
  if (process.connected) process.send?.(message, undefined, {}, () => undefined);
}

/** `socketPath`: where to listen for the platform; `version`: the platform's, reported back when it reconnects. */
function primary(
  socketPath: string,
  version: string,
  from?: Extract<Handover, { type: "listeners-given" }> & { handles: Map<Listener, ListenHandle> },
): void {
  const inherited = from?.handles;
  const workers = new Set<Worker>();
  /** Set once this router handed its listeners and socket path to a newer one: it only drains, then exits. */
  let handedOver = false;
  let table: RouteTable | undefined = from?.table;
  let certs: HostCertificate[] | undefined = from?.certs;
  let affinityKey: string | undefined = from?.affinityKey;
  /** Each worker's last report of its open WebSockets (by worker id), summed for the platform. */
  const websockets = new Map<number, WebSocketCount[]>();
  const websocketTotals = (): ToPlatformWebSockets => {
    const sums = new Map<string, WebSocketCount>();
    for (const counts of websockets.values())
      for (const c of counts) {
        const key = `${c.appId}\u0000${c.process}`;
        const sum = sums.get(key);
        if (sum) sum.open += c.open;
        else sums.set(key, { ...c });
      }
    return { type: "websockets", counts: [...sums.values()] };
  };
  let port = 0;
  let httpsPort: number | undefined;
  let failure: ListenFailure | undefined;
  let link: ControlChannel<ToRouter, FromRouter> | undefined;
  let outlive = false;
  let stopping = false;
  const drains = new Map<number, number>();
  const toPlatform = (message: FromRouter) => link?.send(message);
  const toWorkers = (message: ToRouter) => {
    for (const worker of workers) worker.send(message);
  };

  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    control.close();
    // After a handover the path is the new router's.
    if (!handedOver) rmSync(socketPath, { force: true });
    for (const worker of workers) worker.kill("SIGTERM");
    if (workers.size === 0) process.exit(code);
    cluster.on("exit", () => {
      if (workers.size === 0) process.exit(code);
    });
    setTimeout(() => process.exit(code), 2000).unref();
  };

  /** A worker could not listen: no point re-forking; the platform hears why (now, or when it connects). */
  const fail = (reason: ListenFailure) => {
    if (failure) return;
    failure = reason;
    for (const worker of workers) worker.kill("SIGTERM");
    if (link) {
      link.send({ type: "failed", failure });
      link.end();
      stop(EXIT_LISTEN_FAILED);
    } else setTimeout(() => stop(EXIT_LISTEN_FAILED), FAILURE_LINGER_MS).unref();
  };

  const fork = () => {
    const worker = cluster.fork();
    workers.add(worker);
    worker.on("message", (message: FromRouter | Handover, handle?: ListenHandle) => {
      if (message.type === "listener" || message.type === "listeners-given")
        return void worker.emit("handover", message, handle);
      if (message.type === "give-listeners" && inherited) {
        // A worker of a successor listens on the sockets the old router handed over (kept here for re-forks).
        // It gets what to serve first: it takes connections as soon as it listens.
        if (table) worker.send({ type: "table", table } satisfies ToRouter);
        if (certs) worker.send({ type: "certs", certs } satisfies ToRouter);
        if (affinityKey) worker.send({ type: "affinity-key", key: affinityKey } satisfies ToRouter);
        for (const [which, handle] of inherited)
          worker.send({ type: "listener", which } satisfies Handover, handle as never);
        return void worker.send({ type: "listeners-given" } satisfies Handover);
      }
      if (message.type === "give-listeners" || message.type === "retire" || message.type === "serving")
        return;
      if (message.type === "access") toPlatform(message);
      else if (message.type === "websockets") {
        websockets.set(worker.id, message.counts);
        toPlatform(websocketTotals());
      } else if (message.type === "ready") {
        if (table) worker.send({ type: "table", table } satisfies ToRouter);
        if (certs) worker.send({ type: "certs", certs } satisfies ToRouter);
        if (affinityKey) worker.send({ type: "affinity-key", key: affinityKey } satisfies ToRouter);
        if (port === 0) {
          port = message.port;
          httpsPort = message.httpsPort;
          toPlatform(message);
          // The old router may now stop accepting: connections queued on the shared sockets reach us.
          if (inherited) process.send?.({ type: "serving" } satisfies Handover);
        }
      } else if (message.type === "failed") fail(message.failure);
      else if (message.type === "drained") {
        const left = (drains.get(message.id) ?? 1) - 1;
        if (left <= 0) {
          drains.delete(message.id);
          toPlatform(message);
        } else drains.set(message.id, left);
      }
    });
    worker.on("exit", () => {
      workers.delete(worker);
      if (websockets.delete(worker.id)) toPlatform(websocketTotals());
      if (!stopping && !failure) fork();
    });
  };

  /**
   * An upgrade: the new router's code is started with this router's listening sockets and serves on them
   * before this one stops accepting, so the ports never refuse a connection. This one then drains and exits.
   */
  const upgrade = async (main: string, newVersion: string) => {
    const [worker, ...others] = workers;
    if (!worker || others.length > 0 || port === 0 || stopping)
      throw new Error("not a single listening worker");
    const handles = new Map<Listener, ListenHandle>();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the worker did not give its listeners")), UPGRADE_MS);
      worker.on("handover", (message: Handover, handle?: ListenHandle) => {
        if (message.type === "listener" && handle) handles.set(message.which, handle);
        else if (message.type === "listeners-given") {
          clearTimeout(timer);
          resolve();
        }
      });
      worker.send({ type: "give-listeners" } satisfies Handover);
    });
    // The new router listens on the control socket's path, which closing our socket would unlink: close it
    // first. The platform's connection stays open (to stop us if this fails).
    control.close();
    // Its own session and the same environment, as the platform starts a router.
    const child = forkProcess(main, [socketPath, newVersion], {
      detached: true,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("the new router did not get ready")), UPGRADE_MS);
        child.once("exit", (code, signal) => reject(new Error(`the new router exited (${signal ?? code})`)));
        child.on("message", (message: Handover) => {
          if (message.type !== "serving") return;
          clearTimeout(timer);
          resolve();
        });
        for (const [which, handle] of handles)
          child.send({ type: "listener", which } as Handover, handle as never);
        child.send({ type: "listeners-given", table, certs, affinityKey } satisfies Handover);
      });
    } catch (err) {
      child.kill("SIGKILL");
      throw err;
    }
    child.removeAllListeners("exit");
    child.disconnect();
    child.unref();
    handedOver = true;
    toPlatform({ type: "upgraded", pid: child.pid ?? 0 });
    link?.end();
    link = undefined;
    // Our copies of the listening sockets close; in-flight requests end, then the worker exits.
    stopping = true;
    for (const w of workers) w.send({ type: "retire" } satisfies Handover);
    cluster.on("exit", () => {
      if (workers.size === 0) process.exit(0);
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };

  const onMessage = (message: ToRouter) => {
    if (message.type === "upgrade") {
      upgrade(message.main, message.version).catch((err: unknown) =>
        toPlatform({ type: "upgrade-failed", reason: err instanceof Error ? err.message : String(err) }),
      );
    } else if (message.type === "table") {
      // An adopting platform first sends the table it saved, which may be older than the one served.
      if (table && message.table.version < table.version) return;
      table = message.table;
      toWorkers(message);
    } else if (message.type === "certs") {
      certs = message.certs;
      toWorkers(message);
    } else if (message.type === "affinity-key") {
      affinityKey = message.key;
      toWorkers(message);
    } else if (message.type === "drain") {
      if (workers.size === 0) return toPlatform({ type: "drained", id: message.id });
      drains.set(message.id, workers.size);
      toWorkers(message);
    } else if (message.type === "outlive") outlive = true;
    else if (message.type === "stop") stop(0);
  };

  const control = createServer((socket) => {
    clearTimeout(orphaned);
    // One platform at a time: the newest (a restart that adopts this router) replaces any earlier one.
    const previous = link;
    const channel = new ControlChannel<ToRouter, FromRouter>(socket, onMessage);
    link = channel;
    if (previous) {
      previous.send({ type: "replaced" });
      previous.end();
    }
    // A new platform says again once it is fully up: if it fails while starting, it takes the router with it.
    outlive = false;
    if (failure) {
      channel.send({ type: "failed", failure });
      channel.end();
      stop(EXIT_LISTEN_FAILED);
      return;
    }
    channel.send({
      type: "hello",
      pid: process.pid,
      version,
      config,
      port,
      httpsPort,
      tableVersion: table?.version ?? 0,
      upgrades: true,
    });
    if (websockets.size > 0) channel.send(websocketTotals());
    socket.on("close", () => {
      if (link !== channel) return;
      link = undefined;
      // Losing a platform that is fully up is not a reason to stop serving: keep the last table until adopted.
      if (!outlive) stop(0);
    });
  });
  const orphaned = setTimeout(() => stop(0), FIRST_CONNECTION_MS);
  control.on("error", (err) => {
    process.stderr.write(`fifteen-router: cannot listen on ${socketPath}: ${err.message}\n`);
    stop(1);
  });
  // Only the platform (the same user) may connect: the socket carries private keys.
  process.umask(0o077);
  rmSync(socketPath, { force: true });
  if (inherited) cluster.setupPrimary({ args: [socketPath, version, "--inherited"] });
  control.listen(socketPath, () => {
    chmodSync(socketPath, 0o600);
    for (let i = 0; i < config.workers; i++) fork();
  });
  process.on("SIGTERM", () => stop(0));
}

/** A router started by an older one (an upgrade): it takes that router's listeners, then its place. */
function successor(socketPath: string, version: string): void {
  const handles = new Map<Listener, ListenHandle>();
  const onHandover = (message: Handover, handle?: ListenHandle) => {
    if (message.type === "listener" && handle) handles.set(message.which, handle);
    else if (message.type === "listeners-given") {
      process.off("message", onHandover);
      primary(socketPath, version, { ...message, handles });
    }
  };
  process.on("message", onHandover);
  // The old router died before handing everything over: nothing to serve on.
  process.once("disconnect", () => {
    if (process.listeners("message").includes(onHandover as never)) process.exit(1);
  });
}

async function worker(): Promise<void> {
  const tracing = await startTracing({
    serviceName: "fifteen-router",
    endpoint: config.otlpEndpoint,
    // The router has no log of its own: this goes to the platform's stderr.
    onExportError: (err, failures) =>
      process.stderr.write(
        `fifteen-router: could not send ${failures} batch(es) of spans to ${config.otlpEndpoint}: ${err.message}\n`,
      ),
  });
  const certs = new SniCertificates();
  const portOf = (s: http.Server | undefined, fallback: number) =>
    (s?.address() as { port: number } | null)?.port ?? fallback;
  let reporting: NodeJS.Timeout | undefined;
  const proxy: Proxy = new Proxy({
    timeoutMs: config.timeoutSeconds * 1000,
    websocketIdleMs: config.websocketIdleSeconds * 1000,
    onWebSockets: () => {
      reporting ??= setTimeout(() => {
        reporting = undefined;
        send({ type: "websockets", counts: proxy.webSocketCounts() });
      }, WEBSOCKET_REPORT_MS);
    },
    listenPort: () => portOf(server, config.port),
    onAccess: (entry) => send({ type: "access", entry }),
    tracer: tracing.exporting ? tracing.tracer : undefined,
    tls:
      config.httpsPort === undefined
        ? undefined
        : {
            port: () => portOf(secureServer, config.httpsPort ?? 0),
            hasCertificate: (host) => certs.has(host),
            redirect: config.httpsRedirect,
            hstsMaxAge: config.hstsMaxAge,
          },
  });
  const serve = (target: http.Server) => {
    target.on("request", (req: IncomingMessage, res: ServerResponse) => {
      // Connection: close, so that clients take their next request to the new router, none lost in a race.
      if (retiring) res.shouldKeepAlive = false;
      proxy.handle(req, res);
    });
    target.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      proxy.upgrade(req, socket, head),
    );
    target.on("clientError", (_err, socket: Duplex) => {
      if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    });
    return target;
  };
  /** Set once a newer router serves on our listeners: each answer closes its connection, then we exit. */
  let retiring = false;
  const server = serve(http.createServer({ keepAlive: true, requestTimeout: 0 }));
  // A handshake for a name without a certificate fails there (tlsClientError); nothing to log per attempt.
  const secureServer =
    config.httpsPort === undefined
      ? undefined
      : serve(https.createServer({ keepAlive: true, requestTimeout: 0, SNICallback: certs.sni }));
  secureServer?.on("tlsClientError", () => undefined);
  const inherited = new Map<Listener, ListenHandle>();
  let given: (() => void) | undefined;
  process.on("message", (message: ToRouter | Handover, handle?: ListenHandle) => {
    if (message.type === "listener" && handle) inherited.set(message.which, handle);
    else if (message.type === "listeners-given") given?.();
    else if (message.type === "give-listeners") {
      // An upgrade: our listening sockets go to the new router (through our primary); we keep serving.
      // The bare handles: a net.Server would start accepting in the primary that receives it.
      const handleOf = (target: http.Server) => (target as unknown as { _handle: ListenHandle })._handle;
      process.send?.({ type: "listener", which: "http" } satisfies Handover, handleOf(server) as never);
      if (secureServer)
        process.send?.(
          { type: "listener", which: "https" } satisfies Handover,
          handleOf(secureServer) as never,
        );
      process.send?.({ type: "listeners-given" } satisfies Handover);
    } else if (message.type === "retire") {
      retiring = true;
      // The new router takes new WebSockets; the open ones close cleanly, and their clients reconnect to it.
      proxy.closeWebSockets("the router is being replaced");
      // Only the listeners close here (net's close, not http's, which would also cut idle keep-alive
      // connections a client may be sending on right now); idle ones go after a second, busy ones when done.
      let open = secureServer ? 2 : 1;
      const closed = () => {
        if (--open === 0) void tracing.shutdown(1000).finally(() => process.exit(0));
      };
      for (const target of [server, secureServer]) {
        if (!target) continue;
        net.Server.prototype.close.call(target, closed);
        setTimeout(() => target.closeIdleConnections(), 1000).unref();
      }
    } else if (message.type === "table") proxy.setTable(message.table);
    else if (message.type === "affinity-key") proxy.setAffinityKey(Buffer.from(message.key, "base64"));
    else if (message.type === "certs") {
      certs.set(message.certs, (hostname, err) =>
        process.stderr.write(
          `fifteen-router: the certificate for ${hostname} does not load: ${err.message}\n`,
        ),
      );
    } else if (message.type === "drain") {
      void proxy
        .drain(message.backends, message.timeoutMs)
        .then(() => send({ type: "drained", id: message.id }));
    }
  });
  process.on("SIGTERM", () => {
    proxy.closeWebSockets("the router is stopping");
    // The primary gives its workers 2 s: spans still buffered get 1 s of it once the last request is done.
    secureServer?.close();
    secureServer?.closeIdleConnections();
    server.close(() => void tracing.shutdown(1000).finally(() => process.exit(0)));
    server.closeIdleConnections();
  });
  // A port that cannot be bound is reported to the primary, which stops instead of re-forking workers forever.
  const listen = (target: http.Server, port: number, setting: ListenFailure["setting"]) =>
    new Promise<number>((resolve) => {
      target.once("error", (err: NodeJS.ErrnoException) =>
        send({ type: "failed", failure: { port, setting, code: err.code ?? err.message } }),
      );
      const done = () => resolve((target.address() as { port: number }).port);
      const handle = inherited.get(target === server ? "http" : "https");
      if (handle) target.listen(handle as never, done);
      // A single worker owns its sockets (no cluster round robin), so it can hand them to a newer router.
      else target.listen({ port, host: config.host, exclusive: config.workers === 1 }, done);
    });
  if (process.argv[4] === "--inherited") {
    await new Promise<void>((resolve) => {
      given = resolve;
      send({ type: "give-listeners" } as never);
    });
  }
  const port = await listen(server, config.port, "FIFTEEN_ROUTER_PORT");
  const httpsPort =
    secureServer && config.httpsPort !== undefined
      ? await listen(secureServer, config.httpsPort, "FIFTEEN_ROUTER_HTTPS_PORT")
      : undefined;
  send({ type: "ready", port, httpsPort });
}

if (!cluster.isPrimary) await worker();
// Started by an older router (over IPC, with its listeners) rather than by the platform.
else if (process.argv[2] && process.argv[3] && process.send) successor(process.argv[2], process.argv[3]);
else if (process.argv[2] && process.argv[3]) primary(process.argv[2], process.argv[3]);
else {
  process.stderr.write(
    "usage: node router/main.js CONTROL_SOCKET VERSION (the platform starts the router)\n",
  );
  process.exitCode = 2;
}
