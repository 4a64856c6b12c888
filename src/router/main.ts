// The router process: a cluster primary that relays the route table to its workers, which proxy HTTP.
// Started by the platform with an IPC channel; it keeps serving its last table if the platform goes away.
import cluster, { type Worker } from "node:cluster";
import http from "node:http";
import { loadRouterConfig } from "../config/index.js";
import type { RouteTable } from "../shared/route-table.js";
import { startTracing } from "../telemetry/tracing.js";
import { Proxy, type AccessLog } from "./proxy.js";

export type ToRouter =
  | { type: "table"; table: RouteTable }
  | { type: "drain"; id: number; backends: string[]; timeoutMs: number }
  | { type: "stop" };

export type FromRouter =
  { type: "ready"; port: number } | { type: "drained"; id: number } | { type: "access"; entry: AccessLog };

const config = loadRouterConfig();

function send(message: FromRouter): void {
  if (process.connected) process.send?.(message);
}

function primary(): void {
  const workers = new Set<Worker>();
  let table: RouteTable | undefined;
  let port = 0;
  const drains = new Map<number, number>();

  const fork = () => {
    const worker = cluster.fork();
    workers.add(worker);
    worker.on("message", (message: FromRouter) => {
      if (message.type === "access") send(message);
      else if (message.type === "ready") {
        if (table) worker.send({ type: "table", table } satisfies ToRouter);
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
  const proxy = new Proxy({
    timeoutMs: config.timeoutSeconds * 1000,
    listenPort: () => (server.address() as { port: number } | null)?.port ?? config.port,
    onAccess: (entry) => process.send?.({ type: "access", entry } satisfies FromRouter),
    tracer: tracing.exporting ? tracing.tracer : undefined,
  });
  const server = http.createServer({ keepAlive: true, requestTimeout: 0 }, (req, res) =>
    proxy.handle(req, res),
  );
  server.on("upgrade", (req, socket, head: Buffer) => proxy.upgrade(req, socket, head));
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  });
  process.on("message", (message: ToRouter) => {
    if (message.type === "table") proxy.setTable(message.table);
    else if (message.type === "drain") {
      void proxy
        .drain(message.backends, message.timeoutMs)
        .then(() => process.send?.({ type: "drained", id: message.id }));
    }
  });
  process.on("SIGTERM", () => {
    // The primary gives its workers 2 s: spans still buffered get 1 s of it once the last request is done.
    server.close(() => void tracing.shutdown(1000).finally(() => process.exit(0)));
    server.closeIdleConnections();
  });
  server.listen(config.port, config.host, () => {
    const { port } = server.address() as { port: number };
    process.send?.({ type: "ready", port } satisfies FromRouter);
  });
}

if (cluster.isPrimary) primary();
else await worker();
