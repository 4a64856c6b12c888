// The HAProxy plane's WebSocket relay (docs/router.md#websockets): HAProxy sends each WebSocket handshake for an
// app to this relay, in the platform, over a Unix socket, and the relay carries it on to a process of the app.
// HAProxy cannot write a frame into a tunnel, so a WebSocket it carried itself ended with a bare TCP close when
// its process went away (a deploy, a crash: code 1006 in the browser). The relay follows the frames both ways
// (tunnels.ts, as the Node router does) and closes such a WebSocket with 1001 at a frame boundary instead.
// HAProxy has already checked the request, answered the pages and set the forwarding headers, the request id and
// the traceparent: the relay only picks the process (the affinity cookie's, else the next in turn) and relays.
// While the relay is away (a platform restart), HAProxy sends WebSockets straight to the processes.
import http, { type IncomingMessage } from "node:http";
import { connect } from "node:net";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import type { AppRoute, RouteTable } from "../../shared/route-table.js";
import { type AffinityCookies, stickyBackend } from "../affinity.js";
import { sendUpgradePage } from "../pages.js";
import { RoundRobin } from "../round-robin.js";
import { Tunnels, type WebSocketCount } from "../tunnels.js";
import { listenPrivate } from "./unix-socket.js";

export interface WebSocketRelayOptions {
  /** An open WebSocket with nothing passing either way this long is closed with 1001. */
  idleMs: number;
  /** The open WebSockets of some process changed. */
  onChange(): void;
  log: Logger;
}

/** The backend HAProxy sends WebSocket handshakes to (config.ts), and its one server: this relay. */
export const RELAY_BACKEND = "websocket_relay";
export const RELAY_SERVER = "relay";

/** Who served a relayed handshake, kept until HAProxy's access line for it asks (`servedBy`). */
interface Served {
  appId: string;
  process: string;
}

/**
 * HAProxy writes a WebSocket's access line when it closes: who served it is kept while it is open, and this
 * long after, for the line to arrive.
 */
const SERVED_KEPT_MS = 60_000;

/** The host a request is routed by, as HAProxy's `txn.host`: lower case, without a port or a final dot. */
export function routedHost(header: string | undefined): string {
  return (header ?? "")
    .toLowerCase()
    .replace(/:[0-9]+$/, "")
    .replace(/\.$/, "");
}

export class WebSocketRelay {
  #table: RouteTable | undefined;
  #cookies: AffinityCookies | undefined;
  #server: http.Server | undefined;
  readonly #tunnels: Tunnels;
  readonly #turns = new RoundRobin();
  readonly #served = new Map<string, Served>();

  constructor(private readonly options: WebSocketRelayOptions) {
    this.#tunnels = new Tunnels({ idleMs: options.idleMs, onChange: options.onChange });
  }

  setTable(table: RouteTable): void {
    this.#table = table;
  }

  /** The key the affinity cookies are signed with (the plane's; HAProxy's maps hold the same values). */
  setCookies(cookies: AffinityCookies): void {
    this.#cookies = cookies;
  }

  /** Open WebSockets through the relay, per process. */
  counts(): WebSocketCount[] {
    return this.#tunnels.counts();
  }

  /** The app and process that took the handshake with this request id, once (for its access line). */
  servedBy(requestId: string): Served | undefined {
    const served = this.#served.get(requestId);
    this.#served.delete(requestId);
    return served;
  }

  /** Listens on `path` (0600), replacing what an earlier run left there. */
  async listen(path: string): Promise<void> {
    const server = http.createServer((_req, res) => {
      // HAProxy sends only handshakes here; anything else is not for a process.
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8", connection: "close" });
      res.end("Only WebSocket handshakes are relayed here.\n");
    });
    server.on("upgrade", (req: IncomingMessage, client: Duplex, head: Buffer) =>
      this.#upgrade(req, client, head),
    );
    // HAProxy's health check connects and closes: nothing to say about it.
    server.on("clientError", (_err, socket: Duplex) => socket.destroy());
    await listenPrivate(server, path, this.options.log, "the WebSocket relay's socket");
    this.#server = server;
  }

  /** Every relayed WebSocket is closed with 1001 (`reason`) and the socket stops listening. */
  async close(reason: string): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#tunnels.closeAll(reason);
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #upgrade(req: IncomingMessage, client: Duplex, head: Buffer): void {
    const requestId = String(req.headers["x-request-id"] ?? "");
    const route = this.#table?.hosts[routedHost(req.headers.host)];
    client.on("error", () => client.destroy());
    if (!route || route.maintenance || route.status !== "ok") {
      // The table changed since HAProxy looked: the page of the route as it is now.
      const page = !route ? "unknown-host" : route.maintenance ? "maintenance" : route.status;
      return void sendUpgradePage(client, page, requestId, route);
    }
    this.#connect(req, client, head, route, requestId, new Set());
  }

  /** The handshake to a process; one that refuses the connection never saw it, so the next one gets it. */
  #connect(
    req: IncomingMessage,
    client: Duplex,
    head: Buffer,
    route: AppRoute,
    requestId: string,
    tried: Set<string>,
  ): void {
    const backend =
      stickyBackend(this.#cookies, route, req.headers.cookie, tried) ?? this.#turns.pick(route, tried);
    if (!backend) return void sendUpgradePage(client, "bad-gateway", requestId, route);
    tried.add(backend.id);
    const upstream = connect({ host: "127.0.0.1", port: backend.port });
    const refused = () => {
      client.off("close", abandoned);
      this.#connect(req, client, head, route, requestId, tried);
    };
    // A client that leaves before the process accepted the connection takes it with it.
    const abandoned = () => upstream.destroy();
    upstream.once("error", refused);
    client.once("close", abandoned);
    upstream.once("connect", () => {
      upstream.off("error", refused);
      client.off("close", abandoned);
      // As HAProxy sent it: it has already set what the process is to see.
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      this.#remember(requestId, client, { appId: route.appId, process: backend.process });
      this.#tunnels.relay(client, upstream, {
        appId: route.appId,
        app: route.app,
        backendId: backend.id,
        process: backend.process,
        websocket: true,
        onStatus: () => undefined,
      });
    });
  }

  #remember(requestId: string, client: Duplex, served: Served): void {
    if (requestId === "") return;
    this.#served.set(requestId, served);
    client.once("close", () => {
      const forget = () => {
        if (this.#served.get(requestId) === served) this.#served.delete(requestId);
      };
      setTimeout(forget, SERVED_KEPT_MS).unref();
    });
  }
}
