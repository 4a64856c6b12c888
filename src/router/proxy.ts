// The proxy of one router worker: Host → app → round-robin over up web backends, streamed both ways.
import { randomUUID } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import type { Duplex } from "node:stream";
import type { Tracer } from "@opentelemetry/api";
import type { AppRoute, RouteTable } from "../shared/route-table.js";
import { AffinityCookies, stickyBackend } from "./affinity.js";
import { clientIp, forwardHeaders, HOP_BY_HOP } from "./forward-headers.js";
import { hostHeaders, placeRequest } from "./host-rules.js";
import { PAGES, sendMaintenance, sendPage, sendUpgradePage, STARTING_RETRY_AFTER } from "./pages.js";
import { startRequestTrace, type RequestTrace } from "./request-trace.js";
import { RoundRobin } from "./round-robin.js";
import { Tunnels, type WebSocketCount } from "./tunnels.js";

export interface AccessLog {
  appId: string;
  app: string;
  process: string;
  text: string;
  /** For metrics: the process type that answered ("router" when the router answered itself), and the outcome. */
  type: string;
  status: number;
  durationMs: number;
  bytesIn: number;
  bytesOut: number;
}

export interface ProxyOptions {
  timeoutMs: number;
  listenPort(): number;
  onAccess(entry: AccessLog): void;
  /** The host whose route serves requests for hosts the table does not know (`fifteen dev` has one app). */
  fallbackHost?: string;
  /**
   * Records a SERVER span per request (an SDK tracer, when spans are exported). Without one, apps still get a
   * fresh `traceparent` on every request, at the cost of two random ids.
   */
  tracer?: Tracer | undefined;
  /** HTTPS: requests that came over TLS are forwarded as such; redirect and HSTS apply to hosts with a certificate. */
  tls?: ProxyTls | undefined;
  /** An open WebSocket through which nothing passed for this long is closed with 1001; 0: never. */
  websocketIdleMs?: number;
  /** The open WebSockets per process changed (called on every change: the caller batches). */
  onWebSockets?(): void;
}

export interface ProxyTls {
  /** The port the HTTPS listener is on (X-Forwarded-Port, and the redirect's target). */
  port(): number;
  hasCertificate(host: string): boolean;
  /** Plain HTTP requests for a host with a certificate get 301 (GET, HEAD) or 308 to https://. */
  redirect: boolean;
  /** Strict-Transport-Security max-age on HTTPS responses for a host with a certificate; 0: none. */
  hstsMaxAge: number;
}

/** One request as it passes through: what the access log line and the span are made of. */
interface Exchange {
  req: IncomingMessage;
  /** The host it is routed by ("" when refused by the host rules). */
  host: string;
  /** Why the host rules refuse it (400), if they do. */
  refused: string | undefined;
  /** Whether the request came over TLS. */
  secure: boolean;
  requestId: string;
  started: number;
  trace: RequestTrace;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,200}$/;

/** Request bytes the client sent: the body as counted while streaming it upstream, or its declared length. */
function bytesIn(req: IncomingMessage): number {
  return (req as CountedRequest).bodyBytes ?? 0;
}

interface CountedRequest extends IncomingMessage {
  bodyBytes?: number;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

export class Proxy {
  /** Undefined until the platform sends the first table: until then every request gets 503 `starting`. */
  #table: RouteTable | undefined;
  readonly #turns = new RoundRobin();
  readonly #inflight = new Map<string, number>();
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 64, timeout: 60_000 });
  readonly #tunnels: Tunnels;
  /** Signs and checks session affinity cookies; none until the platform sent the key. */
  #affinity: AffinityCookies | undefined;

  constructor(private readonly options: ProxyOptions) {
    this.#tunnels = new Tunnels({
      idleMs: options.websocketIdleMs ?? 0,
      onChange: () => options.onWebSockets?.(),
    });
  }

  /** The key session affinity cookies are signed with (the platform's, the same for every worker). */
  setAffinityKey(key: Buffer): void {
    this.#affinity = new AffinityCookies(key);
  }

  /** Open WebSockets per process, in this worker. */
  webSocketCounts(): WebSocketCount[] {
    return this.#tunnels.counts();
  }

  /** Every open WebSocket gets a clean close (1001) now: the router is going away. */
  closeWebSockets(reason: string): void {
    this.#tunnels.closeAll(reason);
  }

  setTable(table: RouteTable): void {
    if (!this.#table || table.version >= this.#table.version) this.#table = table;
  }

  /** Resolves once no request is in flight to any of the backends (or the timeout passes). */
  async drain(ids: string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (ids.some((id) => (this.#inflight.get(id) ?? 0) > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const x = this.#exchange(req);
    const { started, requestId } = x;
    if (x.refused !== undefined || !this.#table) return this.#answerItself(x, res);
    const route = this.#route(x.host);
    // Set before the app's headers, so an app that sends its own (includeSubDomains, preload) wins.
    const hsts = this.#hsts(x);
    if (hsts) res.setHeader("strict-transport-security", hsts);
    if (this.#redirects(x)) return this.#redirect(x, route, res);
    if (!route) {
      x.trace.end({ status: 404, process: "router" });
      return sendPage(res, "unknown-host", requestId);
    }
    if (route.maintenance) {
      this.#log(x, route, "router", started, 503, 0, "maintenance");
      return sendMaintenance(req, res, route, requestId);
    }
    const tried = new Set<string>();
    const attempt = () => {
      const sticky = stickyBackend(this.#affinity, route, req.headers.cookie, tried);
      const backend = sticky ?? this.#turns.pick(route, tried);
      if (!backend) {
        const page = this.#pageOf(x, route);
        this.#log(x, route, "router", started, PAGES[page]?.[0] ?? 503, 0, page);
        return sendPage(res, page, requestId, route);
      }
      tried.add(backend.id);
      this.#count(backend.id, 1);
      let connected = started;
      let bytes = 0;
      let done = false;
      const finish = (status: number, error?: string) => {
        if (done) return;
        done = true;
        this.#count(backend.id, -1);
        this.#log(x, route, backend.process, connected, status, bytes, error);
      };
      const upstream = http.request({
        host: "127.0.0.1",
        port: backend.port,
        method: req.method,
        path: req.url,
        headers: this.#forwardHeaders(x),
        agent: this.#agent,
      });
      upstream.setTimeout(this.options.timeoutMs, () => upstream.destroy(new Error("timeout")));
      upstream.on("socket", (socket: Socket) => {
        if (socket.connecting) socket.once("connect", () => (connected = Date.now()));
        else connected = Date.now();
      });
      upstream.on("response", (upRes) => {
        const headers = { ...upRes.headers };
        for (const name of Object.keys(headers)) if (HOP_BY_HOP.has(name)) delete headers[name];
        headers["x-request-id"] = requestId;
        // A new session, or one whose process is gone or draining: the cookie names the process that answered.
        if (route.affinity && this.#affinity && !sticky) {
          const cookie = this.#affinity.header(route.appId, backend.id, x.secure);
          const own = headers["set-cookie"] ?? [];
          headers["set-cookie"] = [...own, cookie];
        }
        res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, headers);
        upRes.on("data", (chunk: Buffer) => (bytes += chunk.length));
        upRes.pipe(res);
        upRes.on("end", () => finish(upRes.statusCode ?? 502));
        upRes.on("error", () => {
          finish(upRes.statusCode ?? 502, "backend-reset");
          res.destroy();
        });
      });
      upstream.on("error", (err: NodeJS.ErrnoException) => {
        if (done) return;
        // A backend that refused the connection never saw the request: try another if it can be replayed.
        if (err.code === "ECONNREFUSED" && !hasBody(req) && !res.headersSent) {
          this.#count(backend.id, -1);
          done = true;
          return attempt();
        }
        const page = err.message === "timeout" ? "timeout" : "bad-gateway";
        finish(PAGES[page]?.[0] ?? 502, page);
        if (res.headersSent) res.destroy();
        else sendPage(res, page, requestId, route);
      });
      res.on("close", () => {
        if (!res.writableFinished) {
          upstream.destroy();
          finish(499, "client-closed");
        }
      });
      req.pipe(upstream);
    };
    if (hasBody(req)) {
      const counted = req as CountedRequest;
      counted.bodyBytes = 0;
      req.on("data", (chunk: Buffer) => (counted.bodyBytes = (counted.bodyBytes ?? 0) + chunk.length));
    }
    attempt();
  }

  /**
   * WebSocket (and any other Upgrade): the handshake goes to a backend (the one a valid affinity cookie names,
   * if any), then the bytes are relayed both ways (tunnels.ts).
   */
  upgrade(req: IncomingMessage, client: Duplex, head: Buffer): void {
    const x = this.#exchange(req);
    const route = this.#route(x.host);
    const backend =
      route && !route.maintenance
        ? (stickyBackend(this.#affinity, route, req.headers.cookie, new Set()) ??
          this.#turns.pick(route, new Set()))
        : undefined;
    if (!route || !backend) return this.#refuseUpgrade(x, route, client);
    this.#count(backend.id, 1);
    let counted = true;
    // The handshake counts as a request in flight (drains wait for it); an open WebSocket does not.
    const release = () => {
      if (counted) this.#count(backend.id, -1);
      counted = false;
    };
    const upstream = connect({ host: "127.0.0.1", port: backend.port });
    const refused = () => {
      release();
      x.trace.end({ status: 502, app: route.app, process: backend.process, error: "bad-gateway" });
      client.destroy();
    };
    // A client that leaves before the process accepted the connection takes it with it.
    const abandoned = () => upstream.destroy();
    upstream.once("error", refused);
    client.once("error", abandoned);
    client.once("close", abandoned);
    upstream.once("connect", () => {
      upstream.off("error", refused);
      client.off("error", abandoned);
      client.off("close", abandoned);
      const headers = this.#forwardHeaders(x, true);
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (const [name, value] of Object.entries(headers)) {
        for (const v of Array.isArray(value) ? value : [value])
          if (v !== undefined) lines.push(`${name}: ${v}`);
      }
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      const connected = Date.now();
      this.#tunnels.relay(client, upstream, {
        appId: route.appId,
        app: route.app,
        backendId: backend.id,
        process: backend.process,
        websocket: String(req.headers.upgrade).toLowerCase() === "websocket",
        onStatus: (status) => {
          release();
          this.#log(
            x,
            route,
            backend.process,
            connected,
            status,
            0,
            status === 502 ? "bad-gateway" : undefined,
          );
        },
      });
    });
  }

  /** An upgrade the router answers itself: the same pages as for HTTP, then the connection closes. */
  #refuseUpgrade(x: Exchange, route: AppRoute | undefined, client: Duplex): void {
    const page = route?.maintenance ? "maintenance" : this.#pageOf(x, route);
    const status = sendUpgradePage(client, page, x.requestId, route);
    if (route) this.#log(x, route, "router", x.started, status, 0, page);
    else x.trace.end({ status, process: "router" });
  }

  close(): void {
    this.#agent.destroy();
  }

  #exchange(req: IncomingMessage): Exchange {
    const started = Date.now();
    const secure = (req.socket as Partial<TLSSocket>).encrypted === true;
    const listenerPort = secure && this.options.tls ? this.options.tls.port() : this.options.listenPort();
    const placed = placeRequest({ url: req.url ?? "/", hosts: hostHeaders(req.rawHeaders), listenerPort });
    let host = "";
    let refused: string | undefined;
    if (placed.ok) {
      // From here on the request is as an origin-form one for that host: what the app and the log see.
      host = placed.host;
      req.url = placed.path;
      if (placed.hostHeader) req.headers.host = placed.hostHeader;
    } else refused = placed.reason;
    // The client's X-Request-Id when it is a sane token, else a new one.
    const incoming = req.headers["x-request-id"];
    const requestId = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const trace = startRequestTrace(this.options.tracer, req, host, requestId, clientIp(req));
    return { req, host, refused, secure, requestId, started, trace };
  }

  #route(host: string): AppRoute | undefined {
    const hosts = this.#table?.hosts;
    if (!hosts) return undefined;
    const { fallbackHost } = this.options;
    return hosts[host] ?? (fallbackHost ? hosts[fallbackHost] : undefined);
  }

  /** The page the router answers with when it does not pass the request on. */
  #pageOf(x: Exchange, route: AppRoute | undefined): string {
    if (x.refused !== undefined) return "bad-host";
    if (!this.#table) return "router-starting";
    if (!route) return "unknown-host";
    return route.status === "ok" ? "bad-gateway" : route.status;
  }

  /** A request refused by the host rules (400), or one that came before the first route table (503). */
  #answerItself(x: Exchange, res: ServerResponse): void {
    const page = this.#pageOf(x, undefined);
    x.trace.end({ status: PAGES[page]?.[0] ?? 503, process: "router" });
    if (page === "router-starting") res.setHeader("retry-after", STARTING_RETRY_AFTER);
    if (page === "bad-host") res.setHeader("connection", "close");
    sendPage(res, page, x.requestId);
  }

  #count(id: string, delta: number): void {
    const value = (this.#inflight.get(id) ?? 0) + delta;
    if (value <= 0) this.#inflight.delete(id);
    else this.#inflight.set(id, value);
  }

  #forwardHeaders(x: Exchange, upgrade = false): http.OutgoingHttpHeaders {
    const port = x.secure && this.options.tls ? this.options.tls.port() : this.options.listenPort();
    return forwardHeaders(x, port, upgrade);
  }

  #hsts({ secure, host }: Exchange): string | undefined {
    const tls = this.options.tls;
    if (!secure || !tls || tls.hstsMaxAge === 0 || !tls.hasCertificate(host)) return undefined;
    return `max-age=${tls.hstsMaxAge}`;
  }

  #redirects({ secure, host }: Exchange): boolean {
    const tls = this.options.tls;
    return !secure && tls !== undefined && tls.redirect && tls.hasCertificate(host);
  }

  /** 301 for GET and HEAD (cacheable, what browsers expect), 308 for the rest so the method and body survive. */
  #redirect(x: Exchange, route: AppRoute | undefined, res: ServerResponse): void {
    const port = this.options.tls?.port() ?? 443;
    const status = x.req.method === "GET" || x.req.method === "HEAD" ? 301 : 308;
    const location = `https://${x.host}${port === 443 ? "" : `:${port}`}${x.req.url ?? "/"}`;
    res.writeHead(status, {
      location,
      "content-length": 0,
      "x-request-id": x.requestId,
    });
    res.end();
    if (route) this.#log(x, route, "router", x.started, status, 0, undefined);
    else x.trace.end({ status, process: "router" });
  }

  /** The access log line and the end of the request's span. */
  #log(
    { req, host, requestId, started, trace }: Exchange,
    route: AppRoute,
    process: string,
    connected: number,
    status: number,
    bytes: number,
    error: string | undefined,
  ): void {
    trace.end({ status, app: route.app, process, error });
    const now = Date.now();
    const path = JSON.stringify((req.url ?? "/").slice(0, 2000));
    const text =
      `at=${error ? "error" : "info"}${error ? ` code=${error}` : ""} method=${req.method} path=${path} host=${host} ` +
      `request_id=${requestId} fwd="${clientIp(req)}" dyno=${process} connect=${Math.max(0, connected - started)}ms ` +
      `service=${Math.max(0, now - connected)}ms status=${status} bytes=${bytes}`;
    this.options.onAccess({
      appId: route.appId,
      app: route.app,
      process: "router",
      text,
      type: process === "router" ? "router" : process.slice(0, process.lastIndexOf(".")) || process,
      status,
      durationMs: now - started,
      bytesIn: bytesIn(req),
      bytesOut: bytes,
    });
  }
}
