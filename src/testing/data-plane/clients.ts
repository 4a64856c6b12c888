// The data-plane contract's clients: node:http and node:https requests, raw sockets for requests no client
// library would send, and bare TLS handshakes; plus waiting for something that happens a moment later.
import assert from "node:assert/strict";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { connect } from "node:net";
import tls from "node:tls";
import WebSocket from "ws";

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  host: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Over TLS: the CA to trust and the name to send in SNI. */
export interface TlsOptions {
  ca: string;
  servername: string;
}

/** One request on its own connection (no agent: a plane's keep-alive never carries over between tests). */
export function request(port: number, options: RequestOptions, secure?: TlsOptions): Promise<Answer> {
  const { host, path = "/", method = "GET", headers = {}, body } = options;
  const send = secure ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      {
        host: "127.0.0.1",
        port,
        path,
        method,
        headers: { host, ...headers },
        agent: false,
        ...(secure ? { ca: secure.ca, servername: secure.servername } : {}),
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export interface RawAnswer {
  /** Everything the plane sent before it closed the connection (or before the wait ran out). */
  text: string;
  /** The status of each response in `text`, in order. */
  statuses: number[];
  /** Whether the plane closed the connection (rather than the wait running out). */
  closed: boolean;
}

/** The status of each response in a byte stream, read one after the other by their Content-Length. */
function statusesOf(text: string): number[] {
  const statuses: number[] = [];
  let rest = text;
  for (;;) {
    const match = /^HTTP\/1\.[01] (\d{3})[^\r]*\r\n/.exec(rest);
    const end = rest.indexOf("\r\n\r\n");
    if (!match || end === -1) return statuses;
    statuses.push(Number(match[1]));
    const length = /\r\ncontent-length: *(\d+)/i.exec(rest.slice(0, end))?.[1];
    // Without a length (a chunked body) the rest is taken as this response's: no test pipelines those.
    if (length === undefined) return statuses;
    rest = rest.slice(end + 4 + Number(length));
  }
}

/** Writes `bytes` exactly as given and reads until the plane closes the connection, or `waitMs` passes. */
export function raw(port: number, bytes: string, waitMs = 2000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    let settled = false;
    const done = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, statuses: statusesOf(text), closed });
    };
    const timer = setTimeout(() => done(false), waitMs);
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (text += chunk));
    // A reset after a refusal is a close too.
    socket.on("error", () => done(true));
    socket.on("close", () => done(true));
    socket.write(bytes);
  });
}

/** A request head from its lines, with `Connection: close` so that the plane ends the connection after it. */
export function head(lines: string[]): string {
  return `${[...lines, "Connection: close"].join("\r\n")}\r\n\r\n`;
}

/** Whether a TLS handshake with this SNI name (none when undefined) succeeds against the CA. */
export function handshake(port: number, servername: string | undefined, ca: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: "127.0.0.1", port, ca, ...(servername ? { servername } : {}) });
    socket.once("secureConnect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** An open WebSocket, and its messages in order (queued from the start: one may come with the handshake). */
export interface OpenSocket {
  ws: WebSocket;
  next(): Promise<string>;
}

/** Opens a WebSocket through the plane; resolves once open, or with the status the plane refused it with. */
export function openSocket(
  url: string,
  options: WebSocket.ClientOptions & { servername?: string },
): Promise<OpenSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    const queued: string[] = [];
    const waiting: Array<(message: string) => void> = [];
    ws.on("message", (data: Buffer) => {
      const message = data.toString();
      const waiter = waiting.shift();
      if (waiter) waiter(message);
      else queued.push(message);
    });
    const next = () =>
      new Promise<string>((r) => {
        const message = queued.shift();
        if (message === undefined) waiting.push(r);
        else r(message);
      });
    ws.once("open", () => resolve({ ws, next }));
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once("error", reject);
  });
}

/** Waits until `check` holds (polling), or fails the test after `ms`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  ms = 5000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out waiting for ${what}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
