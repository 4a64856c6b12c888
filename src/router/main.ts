// The router process: a cluster primary that relays the route table to its workers, which proxy HTTP.
// Started by the platform with an IPC channel; it keeps serving its last table if the platform goes away.
import cluster, { type Worker } from "node:cluster";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import type { Duplex } from "node:stream";
import { loadRouterConfig } from "../config/index.js";
import type { HostCertificate, RouteTable } from "../shared/route-table.js";
import { startTracing } from "../telemetry/tracing.js";
import { SniCertificates } from "./certificates.js";
import { Proxy, type AccessLog } from "./proxy.js";

export type ToRouter =
  | { type: "table"; table: RouteTable }
  /** Every host's certificate (a full replacement); keys travel only over this IPC channel. */
  | { type: "certs"; certs: HostCertificate[] }
  | { type: "drain"; id: number; backends: string[]; timeoutMs: number }
  | { type: "stop" };

export type FromRouter =
  | { type: "ready"; port: number; httpsPort: number | undefined }
  | { type: "drained"; id: number }
  | { type: "access"; entry: AccessLog };

const config = loadRouterConfig();

/**
 * To the platform (from the primary) or the primary (from a worker), if it is still there. With a callback, a send that fails because the platform just died
 * (SIGKILL) is dropped; without one, Node would raise it as an 'error' on process and stop the router, and
 * with it every connection it serves.
 */
function send(message: FromRouter): void {
  if (process.connected) process.send?.(message, undefined, {}, () => undefined);
}

function primary(): void {
  const workers = new Set<Worker>();
  let table: RouteTable | undefined;
  let certs: ToRouter | undefined;
  let port = 0;
  const drains = new Map<number, number>();

  const fork = () => {
    const worker = cluster.fork();
    workers.add(worker);
    worker.on("message", (message: FromRouter) => {
      if (message.type === "access") send(message);
      else if (message.type === "ready") {
        if (table) worker.send({ type: "table", table } satisfies ToRouter);
        if (certs) worker.send(certs);
        if (port === 0) {
          port = message.port;
          send(message);
        }
      } else if (message.type === "drained") {
        const left = (drains.get(message.id) ?? 1) - 1;
        if (left <= 0) {
          drains.delete(message.id);
          send(message);
        } else drains.set(message.id, left);
      }
    });
    worker.on("exit", () => {
      workers.delete(worker);
      if (!stopping) fork();
    });
  };
  let stopping = false;
  for (let i = 0; i < config.workers; i++) fork();

  process.on("message", (message: ToRouter) => {
    if (message.type === "table") {
      table = message.table;
      for (const worker of workers) worker.send(message);
    } else if (message.type === "certs") {
      certs = message;
      for (const worker of workers) worker.send(message);
    } else if (message.type === "drain") {
      drains.set(message.id, workers.size);
      for (const worker of workers) worker.send(message);
    } else if (message.type === "stop") {
      stopping = true;
      for (const worker of workers) worker.kill("SIGTERM");
      setTimeout(() => process.exit(0), 2000).unref();
      cluster.on("exit", () => {
        if (workers.size === 0) process.exit(0);
      });
    }
  });
  // Losing the platform is not a reason to stop serving: keep the last table until told otherwise.
  process.on("disconnect", () => undefined);
  process.on("SIGTERM", () => {
    stopping = true;
    for (const worker of workers) worker.kill("SIGTERM");
    setTimeout(() => process.exit(0), 2000).unref();
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
  const listen = (target: http.Server, port: number) =>
    new Promise<number>((resolve) =>
      target.listen(port, config.host, () => resolve((target.address() as { port: number }).port)),
    );
  const port = await listen(server, config.port);
  const httpsPort =
    secureServer && config.httpsPort !== undefined ? await listen(secureServer, config.httpsPort) : undefined;
  send({ type: "ready", port, httpsPort });
}

if (cluster.isPrimary) primary();
else await worker();
