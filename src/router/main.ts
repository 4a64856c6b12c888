// The router process: a cluster primary that relays the route table to its workers, which proxy HTTP.
// The platform talks to the primary over the control socket (control.ts). The router stops when that connection
// closes, unless the platform said it is fully up ("outlive"): then it keeps serving its last table through a
// platform crash, until the next start reconnects and adopts it.
import cluster, { type Worker } from "node:cluster";
import { chmodSync, rmSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import { createServer } from "node:net";
import type { Duplex } from "node:stream";
import { loadRouterConfig } from "../config/index.js";
import type { HostCertificate, RouteTable } from "../shared/route-table.js";
import { startTracing } from "../telemetry/tracing.js";
import { SniCertificates } from "./certificates.js";
import { ControlChannel, type FromRouter, type ListenFailure, type ToRouter } from "./control.js";
import { Proxy } from "./proxy.js";

const config = loadRouterConfig();

/** How long a new router waits for its platform's first connection before it gives up and exits. */
const FIRST_CONNECTION_MS = 10_000;
/** How long a router that could not listen waits for the platform to come and hear why. */
const FAILURE_LINGER_MS = 3_000;
/** EX_CONFIG: a listener's port is taken; the platform says which setting to change. */
const EXIT_LISTEN_FAILED = 78;

/**
 * To the primary (from a worker). With a callback, a send that fails because the primary just died is dropped;
 * without one, Node would raise it as an 'error' on process and stop the worker, and every connection it serves.
 */
function send(message: FromRouter): void {
  if (process.connected) process.send?.(message, undefined, {}, () => undefined);
}

/** `socketPath`: where to listen for the platform; `version`: the platform's, reported back when it reconnects. */
function primary(socketPath: string, version: string): void {
  const workers = new Set<Worker>();
  let table: RouteTable | undefined;
  let certs: HostCertificate[] | undefined;
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
    rmSync(socketPath, { force: true });
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
    worker.on("message", (message: FromRouter) => {
      if (message.type === "access") toPlatform(message);
      else if (message.type === "ready") {
        if (table) worker.send({ type: "table", table } satisfies ToRouter);
        if (certs) worker.send({ type: "certs", certs } satisfies ToRouter);
        if (port === 0) {
          port = message.port;
          httpsPort = message.httpsPort;
          toPlatform(message);
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
      if (!stopping && !failure) fork();
    });
  };

  const onMessage = (message: ToRouter) => {
    if (message.type === "table") {
      // An adopting platform first sends the table it saved, which may be older than the one served.
      if (table && message.table.version < table.version) return;
      table = message.table;
      toWorkers(message);
    } else if (message.type === "certs") {
      certs = message.certs;
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
    });
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
  control.listen(socketPath, () => {
    chmodSync(socketPath, 0o600);
    for (let i = 0; i < config.workers; i++) fork();
  });
  process.on("SIGTERM", () => stop(0));
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
  const proxy = new Proxy({
    timeoutMs: config.timeoutSeconds * 1000,
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
    target.on("request", (req: IncomingMessage, res: ServerResponse) => proxy.handle(req, res));
    target.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      proxy.upgrade(req, socket, head),
    );
    target.on("clientError", (_err, socket: Duplex) => {
      if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    });
    return target;
  };
  const server = serve(http.createServer({ keepAlive: true, requestTimeout: 0 }));
  // A handshake for a name without a certificate fails there (tlsClientError); nothing to log per attempt.
  const secureServer =
    config.httpsPort === undefined
      ? undefined
      : serve(https.createServer({ keepAlive: true, requestTimeout: 0, SNICallback: certs.sni }));
  secureServer?.on("tlsClientError", () => undefined);
  process.on("message", (message: ToRouter) => {
    if (message.type === "table") proxy.setTable(message.table);
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
      target.listen(port, config.host, () => resolve((target.address() as { port: number }).port));
    });
  const port = await listen(server, config.port, "FIFTEEN_ROUTER_PORT");
  const httpsPort =
    secureServer && config.httpsPort !== undefined
      ? await listen(secureServer, config.httpsPort, "FIFTEEN_ROUTER_HTTPS_PORT")
      : undefined;
  send({ type: "ready", port, httpsPort });
}

if (!cluster.isPrimary) await worker();
else if (process.argv[2] && process.argv[3]) primary(process.argv[2], process.argv[3]);
else {
  process.stderr.write(
    "usage: node router/main.js CONTROL_SOCKET VERSION (the platform starts the router)\n",
  );
  process.exitCode = 2;
}
