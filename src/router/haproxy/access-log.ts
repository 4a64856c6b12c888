// The HAProxy plane's access lines: the log-format HAProxy writes one line a request in, the strict parser of those
// lines, and the receiver that turns them into the Node router's access lines (proxy.ts #log). HAProxy forwards
// them from a ring in memory over a Unix stream socket (config.ts accessRing): many lines a read, where a
// datagram a request cost a system call and an event each (a unix datagram socket needs native code in Node).
import { STATUS_CODES } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import type { Logger } from "pino";
import type { AccessLog } from "../proxy.js";
import { appIdOf, slotOf } from "./names.js";
import { listenPrivate } from "./unix-socket.js";
import { RELAY_BACKEND, RELAY_SERVER } from "./websocket-relay.js";

/** The path is logged (like the Node router's) cut at this many bytes. */
export const PATH_LIMIT = 2000;

/**
 * The fields of a line, tab-separated, in order. Only numbers, validated names and base64 (the path) are
 * logged, so no field can hold a tab; the parser checks every field's shape anyway.
 */
const FIELDS = [
  ["tag", "f1"],
  /** The backend the host map routes to (`app_<id>`), "-" when the host had no route. */
  ["route", "%[var(txn.route),field(3,:)]"],
  ["app", "%[var(txn.route),field(2,:)]"],
  /** The backend that answered: the frontend (`fifteen`) for a page, `app_<id>` for a process. */
  ["backend", "%b"],
  ["server", "%s"],
  ["method", "%HM"],
  ["path", "%[var(txn.logpath)]"],
  ["host", "%[var(txn.host)]"],
  ["requestId", "%[var(txn.reqid)]"],
  ["client", "%ci"],
  ["status", "%ST"],
  ["TR", "%TR"],
  ["Tw", "%Tw"],
  ["Tc", "%Tc"],
  ["Tr", "%Tr"],
  ["Ta", "%Ta"],
  ["bytesRead", "%B"],
  /** The response head as the process sent it (headers and the blank line), its header count, and whether it
   * has Transfer-Encoding (a count, 0 or 1): see bodyBytes. */
  ["headLength", "%[var(txn.loghead)]"],
  ["headerCount", "%[var(txn.loghdrs)]"],
  ["chunked", "%[var(txn.logchunked)]"],
  ["requestLength", "%[var(txn.loglength)]"],
  /** The page the router answered with itself (set before each `http-request return`). */
  ["code", "%[var(txn.code)]"],
  ["termination", "%ts"],
  /** "1" when the request asked for an Upgrade (a WebSocket). */
  ["upgrade", "%[var(txn.logupgrade)]"],
  /** The traceparent the app got, and the client's span it continues ("-": a new trace): for its span. */
  ["traceparent", "%[var(txn.tp)]"],
  ["parentSpan", "%[var(txn.tpin),field(3,-)]"],
] as const;

type Field = (typeof FIELDS)[number][0];
export type AccessRecord = Record<Field, string>;

/** The log-format line (for a double-quoted config argument: `\t` is a tab to HAProxy's config parser). */
export const ACCESS_LOG_FORMAT = FIELDS.map(([, format]) => format).join("\\t");

const DASH = "-";
const INT = /^-?[0-9]{1,12}$/;
const COUNT = /^(?:[0-9]{1,12}|-)$/;
const SHAPES: Record<Field, RegExp> = {
  tag: /^f1$/,
  route: /^(?:app_[A-Za-z0-9_-]{1,64}|-)$/,
  app: /^(?:[a-z][a-z0-9-]{0,62}|-)$/,
  backend: /^[A-Za-z0-9_-]{1,80}$/,
  server: /^(?:s[0-9]{1,6}|relay|<NOSRV>|-)$/,
  // An HTTP token (HAProxy refuses any other method), or what HAProxy logs for a request it could not parse.
  method: /^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}|<BADREQ>)$/,
  path: /^(?:[A-Za-z0-9+/]*={0,2}|-)$/,
  host: /^(?:[a-z0-9_.-]{1,253}|\[[0-9a-f:.]{2,45}\]|-)$/,
  requestId: /^(?:[A-Za-z0-9._:-]{1,200}|-)$/,
  client: /^(?:[0-9a-fA-F.:]{2,45}|-)$/,
  status: INT,
  TR: INT,
  Tw: INT,
  Tc: INT,
  Tr: INT,
  Ta: INT,
  bytesRead: INT,
  headLength: COUNT,
  headerCount: COUNT,
  chunked: COUNT,
  requestLength: COUNT,
  code: /^(?:[a-z][a-z-]{0,31}|-)$/,
  termination: /^[A-Za-z-]{2}$/,
  upgrade: /^(?:1|-)$/,
  traceparent: /^(?:00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]|-)$/,
  parentSpan: /^(?:[0-9a-f]{16}|-)$/,
};

const NAMES = FIELDS.map(([field]) => field);
/** The whole line's shape, one group a field (each field's pattern without its anchors), in one pass. */
const LINE = new RegExp(`^${NAMES.map((field) => `(${SHAPES[field].source.slice(1, -1)})`).join("\\t")}$`);

/** One line as HAProxy sent it, every field checked; undefined when it is not of this shape. */
export function parseAccessLine(line: string): AccessRecord | undefined {
  const match = LINE.exec(line);
  return match ? toRecord(match as unknown as string[]) : undefined;
}

/** The record of a match: one object literal (one shape), which a loop of keyed stores is many times slower at. */
function toRecord(m: string[]): AccessRecord {
  // prettier-ignore
  const record = {
    tag: m[1], route: m[2], app: m[3], backend: m[4], server: m[5], method: m[6], path: m[7], host: m[8],
    requestId: m[9], client: m[10], status: m[11], TR: m[12], Tw: m[13], Tc: m[14], Tr: m[15], Ta: m[16],
    bytesRead: m[17], headLength: m[18], headerCount: m[19], chunked: m[20], requestLength: m[21],
    code: m[22], termination: m[23], upgrade: m[24], traceparent: m[25], parentSpan: m[26],
  };
  return record as AccessRecord;
}

/** Pages the Node router answers without an access line: no app is known for them. */
const UNLOGGED = new Set(["bad-host", "router-starting", "unknown-host"]);

/**
 * What HTX (HAProxy's internal message) counts for a response's start line besides its version, status and
 * reason; %B counts the head that way, not as the bytes sent. Checked against real HAProxy by the contract.
 */
const START_LINE_OVERHEAD = 21;

const num = (value: string) => Number(value);
const atLeast0 = (value: string) => Math.max(0, Number(value));

/**
 * The response body bytes the process sent: %B less the response head as HTX (HAProxy's internal message)
 * counts it when it comes in: each header's name and value (Connection already taken out), the start line, and
 * one more for a chunked body's end. Assumes the status's usual reason phrase.
 */
export function bodyBytes(record: AccessRecord, status: number): number {
  if (record.headLength === DASH) return 0;
  // res.hdrs is `name: value\r\n` a header, then a blank line.
  const headers = num(record.headLength) - 4 * atLeast0(record.headerCount) - 2;
  const startLine = START_LINE_OVERHEAD + "HTTP/1.1".length + String(status).length;
  const reason = (STATUS_CODES[status] ?? "").length;
  const chunked = atLeast0(record.chunked) > 0 ? 1 : 0;
  return Math.max(0, num(record.bytesRead) - headers - startLine - reason - chunked);
}

/** Which process a server slot of an app's backend held (`web.1`), from the plane's slots. */
export type ProcessOf = (appId: string, slot: number) => string | undefined;
/** Which process the WebSocket relay gave a handshake to, by its request id (websocket-relay.ts). */
export type RelayedBy = (requestId: string) => string | undefined;

interface Outcome {
  code: string | undefined;
  status: number;
  /** The process that answered, or "router". */
  process: string;
  bytes: number;
}

/** How a request ended, as the Node router would say it; undefined when it logs nothing for it. */
function outcome(record: AccessRecord, processOf: ProcessOf, relayedBy: RelayedBy): Outcome | undefined {
  const status = num(record.status);
  const [by, when] = record.termination;
  const page = (code: string | undefined, status: number): Outcome => ({
    code,
    status,
    process: "router",
    bytes: 0,
  });
  if (record.code !== DASH) return page(record.code, status);
  const relayed = record.backend === RELAY_BACKEND && record.server === RELAY_SERVER;
  const slot = record.backend === record.route ? slotOf(record.server) : undefined;
  const served = relayed || slot !== undefined;
  const process = !served
    ? "router"
    : ((relayed ? relayedBy(record.requestId) : processOf(routedApp(record), slot ?? 0)) ?? "unknown");
  const sent = (code: string | undefined, status: number): Outcome => ({
    code,
    status,
    process,
    bytes: bodyBytes(record, num(record.status)),
  });
  // An upgraded connection is logged as it opens, with no bytes (proxy.ts).
  if (status === 101) return { code: undefined, status, process, bytes: 0 };
  if (by === "C" || by === "c") return sent("client-closed", 499);
  if (by === "S" && when === "C") {
    // Every process refused the connection: the router answered 502 itself (an upgrade is closed, unlogged).
    return record.upgrade === DASH ? page("bad-gateway", 502) : undefined;
  }
  // Not passed to a process, nor one of its pages: a redirect (info), or an error of the router's own.
  if (!served) {
    // A redirect ends locally ("L"): HAProxy answered it itself, as the Node router does.
    if ((by === "-" || by === "L") && status < 500) return page(undefined, status);
    return status === 504 ? page("timeout", 504) : page("bad-gateway", 502);
  }
  if (by === "s") return when === "D" ? sent("timeout", 504) : { ...sent("timeout", 504), bytes: 0 };
  if (by === "S" && when === "D") return sent("backend-reset", status);
  // HAProxy's own 502 page (an invalid response, a process that closed before answering): no bytes of the app.
  if (by !== "-") return { ...sent(status === 504 ? "timeout" : "bad-gateway", status), bytes: 0 };
  return sent(undefined, status);
}

/** The app the host map routed to (the record's route is checked to be an app's backend or "-"). */
const routedApp = (record: AccessRecord) => appIdOf(record.route) ?? "";

/** The access line of a request, as the Node router makes it; undefined for requests it logs none for. */
export function accessEntry(
  record: AccessRecord,
  processOf: ProcessOf,
  relayedBy: RelayedBy = () => undefined,
): AccessLog | undefined {
  if (record.route === DASH || record.app === DASH || UNLOGGED.has(record.code)) return undefined;
  const ended = outcome(record, processOf, relayedBy);
  if (!ended) return undefined;
  const { code, status, process, bytes } = ended;
  const appId = routedApp(record);
  const started = atLeast0(record.TR);
  const active = Math.max(0, num(record.Ta) - started);
  const connect = process === "router" ? 0 : Math.min(active, atLeast0(record.Tw) + atLeast0(record.Tc));
  const service = status === 101 ? 0 : active - connect;
  const path = record.path === DASH ? "/" : Buffer.from(record.path, "base64").toString("utf8");
  const text =
    `at=${code ? "error" : "info"}${code ? ` code=${code}` : ""} method=${record.method} path=${JSON.stringify(path)} ` +
    `host=${record.host === DASH ? "" : record.host} request_id=${record.requestId} fwd="${record.client}" ` +
    `dyno=${process} connect=${connect}ms service=${service}ms status=${status} bytes=${bytes}`;
  return {
    appId,
    app: record.app,
    process: "router",
    text,
    type: process === "router" ? "router" : process.slice(0, process.lastIndexOf(".")) || process,
    status,
    durationMs: active,
    bytesIn: record.requestLength === DASH ? 0 : num(record.requestLength),
    bytesOut: bytes,
  };
}

export interface AccessLogReceiverOptions {
  onAccess(entry: AccessLog): void;
  /** Each logged request with its record, when its span is recorded (a collector is set). */
  onRequest?: ((record: AccessRecord, entry: AccessLog) => void) | undefined;
  processOf: ProcessOf;
  relayedBy?: RelayedBy | undefined;
  log: Logger;
}

/** A line longer than this is not one of ours: the connection is dropped rather than buffered without end. */
const MAX_LINE = 16 * 1024;

/**
 * The Unix socket HAProxy's ring forwards access lines to, a line each (`\n`-terminated): each well-formed line
 * becomes an access line. Only the platform's user can connect (0600, in the plane's 0700 directory).
 */
export class AccessLogReceiver {
  #server: Server | undefined;
  readonly #connections = new Set<Socket>();
  #malformed = 0;

  constructor(private readonly options: AccessLogReceiverOptions) {}

  /** Lines dropped because they were not of the log-format's shape. */
  get malformed(): number {
    return this.#malformed;
  }

  /** Listens on `path`, replacing what an earlier run left there; an adopted HAProxy connects again by itself. */
  async listen(path: string): Promise<void> {
    const server = createServer((socket) => this.#connected(socket));
    await listenPrivate(server, path, this.options.log, "the access log socket");
    this.#server = server;
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#connections) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #connected(socket: Socket): void {
    this.#connections.add(socket);
    let rest = "";
    socket.on("data", (chunk: Buffer) => {
      const text = rest + chunk.toString("latin1");
      let from = 0;
      for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", from)) {
        this.#receive(text.slice(from, end));
        from = end + 1;
      }
      rest = text.slice(from);
      if (rest.length > MAX_LINE) {
        this.#dropped();
        socket.destroy();
      }
    });
    socket.on("error", () => undefined);
    socket.on("close", () => this.#connections.delete(socket));
  }

  #receive(line: string): void {
    // HAProxy's own notices to a frontend's log (`Proxy fifteen stopped …` at each reload) are not requests.
    if (line.startsWith("Proxy ")) return;
    const record = parseAccessLine(line);
    if (!record) return this.#dropped();
    const entry = accessEntry(record, this.options.processOf, this.options.relayedBy);
    if (!entry) return;
    this.options.onAccess(entry);
    this.options.onRequest?.(record, entry);
  }

  #dropped(): void {
    // Logged once in a while, not per line: a flood must not become a flood of warnings.
    if (this.#malformed++ % 1000 === 0)
      this.options.log.warn({ malformed: this.#malformed }, "dropped a malformed HAProxy access line");
  }
}
