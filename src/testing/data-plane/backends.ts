// The apps behind a data plane under contract: real HTTP servers on loopback that record every request they
// get and answer with what they saw (as JSON), so a test can check what the plane passed on.
import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

export interface Seen {
  backend: string;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How long `/slow` takes to answer: long enough for a drain to have to wait for it. */
export const SLOW_MS = 400;

/** `/stream` sends this many chunks, STREAM_GAP_MS apart: longer in all than the contract's 1 s timeout. */
export const STREAM_CHUNKS = 5;
export const STREAM_GAP_MS = 350;

/** `/events` sends this many server-sent events, EVENT_GAP_MS apart, each with the time it was written. */
export const EVENTS = 10;
export const EVENT_GAP_MS = 100;

function events(res: http.ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  let sent = 0;
  const timer = setInterval(() => {
    res.write(`id: ${++sent}\ndata: ${Date.now()}\n\n`);
    if (sent < EVENTS) return;
    clearInterval(timer);
    res.end();
  }, EVENT_GAP_MS);
}

/** A response that keeps sending: each gap is shorter than the plane's idle timeout, the whole is longer. */
function stream(res: http.ServerResponse): void {
  let sent = 0;
  const send = () => {
    res.write(`chunk ${++sent}\n`);
    if (sent === STREAM_CHUNKS) res.end();
    else setTimeout(send, STREAM_GAP_MS);
  };
  send();
}

/**
 * A backend named `name`. `/hang` never answers (a timeout), `/stall` starts its answer and stops, `/slow`
 * answers after SLOW_MS, `/stream` sends chunks over time, `/own-hsts` sends its own Strict-Transport-Security,
 * `/hop` hop-by-hop headers, `/events` server-sent events over time; anything else answers at once with what it saw. `/ws` is a WebSocket that first sends the
 * handshake's headers, then echoes.
 */
export class Backend {
  readonly seen: Seen[] = [];
  port = 0;
  readonly #server: http.Server;
  readonly #sockets = new WebSocketServer({ noServer: true });

  constructor(readonly name: string) {
    this.#server = http.createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (body += chunk));
      req.on("end", () => {
        const seen = {
          backend: name,
          method: req.method ?? "",
          url: req.url ?? "",
          headers: req.headers,
          body,
        };
        this.seen.push(seen);
        if (req.url === "/hang") return;
        if (req.url === "/stream") return stream(res);
        if (req.url === "/events") return events(res);
        if (req.url === "/stall") return void res.write("started");
        if (req.url === "/own-hsts") res.setHeader("strict-transport-security", "max-age=1; preload");
        // Hop-by-hop headers the plane must not pass back to the client.
        if (req.url === "/hop")
          res.setHeader("proxy-authenticate", "Basic").setHeader("keep-alive", "timeout=99");
        const answer = () => res.end(JSON.stringify(seen));
        if (req.url === "/slow") setTimeout(answer, SLOW_MS);
        else answer();
      });
    });
    this.#server.on("upgrade", (req: http.IncomingMessage, socket, head: Buffer) => {
      this.seen.push({
        backend: name,
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: "",
      });
      this.#sockets.handleUpgrade(req, socket, head, (ws) => {
        ws.send(JSON.stringify(req.headers));
        ws.on("message", (data, binary) => ws.send(data, { binary }));
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    this.port = (this.#server.address() as AddressInfo).port;
  }

  /** Whether it saw a request for this path (the query ignored). */
  saw(path: string): boolean {
    return this.seen.some((s) => s.url.split("?")[0] === path);
  }

  /** Cuts every open WebSocket without a close frame, as a process that died would. */
  dropWebSockets(): void {
    for (const client of this.#sockets.clients) client.terminate();
  }

  async close(): Promise<void> {
    for (const client of this.#sockets.clients) client.terminate();
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

/** A port nothing listens on (it was free a moment ago): connections to it are refused. */
export async function refusingPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
