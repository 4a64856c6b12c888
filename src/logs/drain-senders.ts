// Log drain transports: deliver batches of tagged lines as NDJSON over HTTP(S) or RFC 5424 syslog over TCP/TLS.
import { once } from "node:events";
import net, { isIP } from "node:net";
import { hostname as machineName } from "node:os";
import tls from "node:tls";
import type { EgressGuard } from "../net/egress.js";
import { guardedAgent, type GuardedAgent } from "../net/guarded-agent.js";
import { FifteenError } from "../shared/errors.js";

export interface DrainLine {
  seq: number;
  /** ISO 8601, as the log bus stamps it. */
  time: string;
  app: string;
  source: string;
  process: string;
  release?: string | undefined;
  text: string;
}

export interface DrainSender {
  /** Resolves once the batch is delivered (HTTP: a 2xx answer; syslog: every byte written); rejects otherwise. */
  send(lines: readonly DrainLine[]): Promise<void>;
  close(): void;
}

export interface DrainSenderOptions {
  /** Longest one send() may take, connecting included. */
  readonly timeoutMs: number;
  /** HOSTNAME in syslog messages; this machine's name by default. */
  readonly hostname?: string | undefined;
  /** Extra CA certificates to trust (tests); otherwise the system store, plus NODE_EXTRA_CA_CERTS as usual. */
  readonly ca?: string | Buffer | undefined;
}

/** The schemes createDrainSender accepts, for EgressGuard.checkUrl. */
export const DRAIN_SCHEMES = ["https", "http", "syslog+tls", "syslog"] as const;

export function createDrainSender(url: URL, guard: EgressGuard, options: DrainSenderOptions): DrainSender {
  switch (url.protocol) {
    case "http:":
    case "https:":
      return new HttpSender(url, guard, options);
    case "syslog:":
    case "syslog+tls:":
      return new SyslogSender(url, guard, options);
    default:
      throw new FifteenError(
        "URL_INVALID",
        `${url.protocol}// is not a drain scheme; use https://, http://, syslog+tls:// or syslog://.`,
      );
  }
}

function timeoutError(ms: number): Error {
  return new Error(`timeout after ${ms} ms`);
}

/** Percent-decodes URL credentials; a stray `%` is kept as written. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function bareHost(hostname: string): string {
  return hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
}

/** POSTs each batch as newline-delimited JSON, one object per line with every tag. */
class HttpSender implements DrainSender {
  readonly #agent: GuardedAgent;
  readonly #origin: string;
  readonly #path: string;
  readonly #headers: Record<string, string>;
  readonly #secrets: string[];
  readonly #timeoutMs: number;

  constructor(url: URL, guard: EgressGuard, options: DrainSenderOptions) {
    this.#timeoutMs = options.timeoutMs;
    this.#origin = url.origin;
    this.#path = `${url.pathname}${url.search}`;
    const user = decoded(url.username);
    const password = decoded(url.password);
    this.#secrets = [url.username, url.password, user, password].filter((s) => s !== "");
    this.#headers = { "content-type": "application/x-ndjson", "user-agent": "fifteen-logs" };
    if (user !== "" || password !== "") {
      this.#headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    }
    this.#agent = guardedAgent(guard, {
      timeoutMs: options.timeoutMs,
      ca: options.ca,
      // One keep-alive connection per drain: batches go one after another, and a pool would open
      // spare sockets whenever a send starts before the previous connection is marked idle.
      connections: 1,
    });
  }

  async send(lines: readonly DrainLine[]): Promise<void> {
    if (lines.length === 0) return;
    const body = lines.map((line) => `${JSON.stringify(tags(line))}\n`).join("");
    const signal = AbortSignal.timeout(this.#timeoutMs);
    let status: number;
    try {
      const response = await this.#agent.request({
        origin: this.#origin,
        path: this.#path,
        method: "POST",
        headers: { ...this.#headers, "fifteen-drain-count": String(lines.length) },
        body,
        signal,
      });
      status = response.statusCode;
      await response.body.dump();
    } catch (err) {
      throw this.#failure(err, signal);
    }
    if (status < 200 || status > 299) throw new Error(`HTTP ${status}`);
  }

  close(): void {
    // In-flight sends reject; nothing else can fail here.
    this.#agent.destroy().catch(() => undefined);
  }

  /** A short message that never holds the URL's credentials. */
  #failure(err: unknown, signal: AbortSignal): Error {
    if (err instanceof FifteenError) return err;
    if (signal.aborted) return timeoutError(this.#timeoutMs);
    let message = err instanceof Error ? err.message : String(err);
    for (const secret of this.#secrets) message = message.split(secret).join("***");
    return new Error(message);
  }
}

/** The fields of a line, in a fixed order, `release` left out when there is none. */
function tags(line: DrainLine): DrainLine {
  const { seq, time, app, source, process, release, text } = line;
  return { seq, time, app, source, process, ...(release === undefined ? {} : { release }), text };
}

/**
 * Facility user (1), severity informational (6): Fifteen does not know a line's level (apps print plain
 * text, and stdout and stderr are merged), so every source is sent as info and receivers filter on the
 * structured data instead.
 */
const PRI = "<14>";
/** 32473 is the enterprise number RFC 5612 reserves for documentation; Fifteen has none of its own. */
const SD_ID = "fifteen@32473";
/** RFC 5425 receivers should accept 8192-octet messages; longer lines are cut at a UTF-8 boundary. */
const MAX_MESSAGE_BYTES = 8192;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

/** A header field: printable US-ASCII without spaces, at most `max` characters, `-` when empty. */
function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, "_").slice(0, max);
  return clean === "" ? "-" : clean;
}

function sdValue(value: string): string {
  return value.replace(/["\\\]]/g, "\\$&");
}

/** The bytes of `text` that fit in `max`, without splitting a character. */
function truncateUtf8(text: Buffer, max: number): Buffer {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  while (end > 0 && ((text[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return text.subarray(0, end);
}

/** One RFC 5424 message framed by octet counting (RFC 6587 §3.4.1): `LEN SP MSG`. */
function syslogFrame(line: DrainLine, hostname: string): Buffer {
  const params = [
    `app="${sdValue(line.app)}"`,
    `source="${sdValue(line.source)}"`,
    `process="${sdValue(line.process)}"`,
    ...(line.release === undefined ? [] : [`release="${sdValue(line.release)}"`]),
  ];
  const time = RFC3339.test(line.time) ? line.time : "-";
  const head = Buffer.from(
    `${PRI}1 ${time} ${hostname} ${headerField(line.app, 48)} ${headerField(line.process, 128)} - ` +
      `[${SD_ID} ${params.join(" ")}] `,
  );
  const text = truncateUtf8(Buffer.from(line.text), MAX_MESSAGE_BYTES - head.length);
  return Buffer.concat([Buffer.from(`${head.length + text.length} `), head, text]);
}

/** Streams octet-counted RFC 5424 messages over one persistent connection, reconnecting on the next send. */
class SyslogSender implements DrainSender {
  readonly #guard: EgressGuard;
  readonly #host: string;
  readonly #port: number;
  readonly #tls: boolean;
  readonly #ca: string | Buffer | undefined;
  readonly #hostname: string;
  readonly #timeoutMs: number;
  #socket: net.Socket | undefined;
  /** Sends run one at a time so batches arrive in order and share one connection attempt. */
  #tail: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(url: URL, guard: EgressGuard, options: DrainSenderOptions) {
    this.#guard = guard;
    this.#host = bareHost(url.hostname);
    this.#tls = url.protocol === "syslog+tls:";
    this.#port = url.port === "" ? (this.#tls ? 6514 : 514) : Number(url.port);
    this.#ca = options.ca;
    this.#hostname = headerField(options.hostname ?? machineName(), 255);
    this.#timeoutMs = options.timeoutMs;
  }

  send(lines: readonly DrainLine[]): Promise<void> {
    const run = this.#tail.then(() => this.#deliver(lines));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.#closed = true;
    const socket = this.#socket;
    this.#socket = undefined;
    if (!socket) return;
    socket.end();
    setTimeout(() => socket.destroy(), this.#timeoutMs).unref();
  }

  async #deliver(lines: readonly DrainLine[]): Promise<void> {
    if (this.#closed) throw new Error("the drain sender is closed");
    if (lines.length === 0) return;
    const payload = Buffer.concat(lines.map((line) => syslogFrame(line, this.#hostname)));
    const signal = AbortSignal.timeout(this.#timeoutMs);
    try {
      const open = this.#socket;
      const socket = open && !open.destroyed && open.writable ? open : await this.#connect(signal);
      await write(socket, payload, signal);
    } catch (err) {
      if (err instanceof FifteenError) throw err;
      if (signal.aborted) throw timeoutError(this.#timeoutMs);
      throw err instanceof Error ? new Error(err.message) : new Error(String(err));
    }
  }

  async #connect(signal: AbortSignal): Promise<net.Socket> {
    const { address } = await abortable(this.#guard.resolve(this.#host), signal);
    const socket = this.#tls
      ? tls.connect({
          host: address,
          port: this.#port,
          servername: isIP(this.#host) ? undefined : this.#host,
          ...(this.#ca === undefined ? {} : { ca: this.#ca }),
        })
      : net.connect({ host: address, port: this.#port });
    // An idle connection can fail too; the next send then connects again.
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      if (this.#socket === socket) this.#socket = undefined;
    });
    socket.resume(); // receivers do not answer; never buffer what they send
    try {
      await once(socket, this.#tls ? "secureConnect" : "connect", { signal });
    } catch (err) {
      socket.destroy();
      throw err;
    }
    socket.setKeepAlive(true, 60_000);
    if (this.#closed) {
      socket.destroy();
      throw new Error("the drain sender is closed");
    }
    this.#socket = socket;
    return socket;
  }
}

/** Settles like `promise`, or rejects as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Resolves when `payload` is handed to the kernel; on error, close or abort destroys the socket and rejects. */
function write(socket: net.Socket, payload: Buffer, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      socket.off("error", onError).off("close", onClose);
      signal.removeEventListener("abort", onAbort);
      if (err) {
        socket.destroy();
        reject(err);
      } else resolve();
    };
    const onError = (err: Error) => settle(err);
    const onClose = () => settle(new Error("connection closed by the receiver"));
    const onAbort = () => settle(new Error("aborted"));
    socket.on("error", onError).on("close", onClose);
    signal.addEventListener("abort", onAbort, { once: true });
    if (socket.destroyed || !socket.writable) return onClose();
    socket.write(payload, (err) => settle(err ?? undefined));
  });
}
