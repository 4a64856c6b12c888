// Log receivers for tests: HTTP(S) NDJSON and octet-counted RFC 5424 syslog over TCP and TLS, with a
// throwaway self-signed certificate for localhost. They can hang (accept, never answer) and drop connections.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { lookup } from "node:dns/promises";
import { once } from "node:events";
import { mkdtemp, readFile } from "node:fs/promises";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import net, { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import { promisify } from "node:util";
import type { DrainLine } from "../logs/drain-senders.js";

export type Scheme = "https" | "http" | "syslog+tls" | "syslog";

/** What a receiver got, as the tags of a DrainLine (syslog carries no seq). */
export type Received = Omit<DrainLine, "seq"> & { seq?: number };

export interface Receiver {
  readonly port: number;
  readonly received: Received[];
  /** Raw RFC 5424 messages (syslog) or request headers (HTTP). */
  readonly messages: string[];
  readonly headers: IncomingHttpHeaders[];
  connections: number;
  status: number;
  hang: boolean;
  /** Closes every open connection; the server keeps listening. */
  drop(): Promise<void>;
  close(): Promise<void>;
}

/** The test certificate (set by makeCertificate) and where `localhost` resolves first: TLS receivers listen there. */
export const testTls = { key: "", cert: "", certFile: "", dir: "", localhostAddress: "127.0.0.1" };

/** A self-signed certificate for DNS:localhost only, so reaching the same server by IP must fail. */
export async function makeCertificate(): Promise<void> {
  const tempDir = await mkdtemp(join(tmpdir(), "fifteen-drains-"));
  const key = join(tempDir, "key.pem");
  const cert = join(tempDir, "cert.pem");
  // Needs openssl on PATH.
  await promisify(execFile)("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    key,
    "-out",
    cert,
    "-days",
    "2",
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost",
  ]);
  testTls.dir = tempDir;
  testTls.certFile = cert;
  testTls.key = await readFile(key, "utf8");
  testTls.cert = await readFile(cert, "utf8");
  testTls.localhostAddress = (await lookup("localhost")).address;
}

/** Splits octet-counted frames (RFC 6587 §3.4.1) off the front of `buffer`; returns what is left. */
export function takeFrames(buffer: Buffer, frames: Buffer[]): Buffer {
  let offset = 0;
  for (;;) {
    const space = buffer.indexOf(0x20, offset);
    if (space === -1) break;
    const length = buffer.subarray(offset, space).toString("latin1");
    assert.match(length, /^[1-9]\d{0,5}$/, "frame length");
    const end = space + 1 + Number(length);
    if (buffer.length < end) break;
    frames.push(buffer.subarray(space + 1, end));
    offset = end;
  }
  return buffer.subarray(offset);
}

/** Reads an RFC 5424 message with Fifteen's structured data back into tags. */
export function parseSyslog(message: string): Received {
  const head = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) /.exec(message);
  assert.ok(head, `not RFC 5424: ${message.slice(0, 80)}`);
  let i = head[0].length;
  const params: Record<string, string> = {};
  assert.equal(message.slice(i, i + 15), "[fifteen@32473 ");
  i += 14;
  while (message[i] === " ") {
    const eq = message.indexOf('="', i);
    const name = message.slice(i + 1, eq);
    assert.match(name, /^[a-z]+$/);
    let value = "";
    for (i = eq + 2; message[i] !== '"'; i += 1) {
      assert.ok(i < message.length, "unterminated SD value");
      if (message[i] === "\\" && ['"', "\\", "]"].includes(message[i + 1] ?? "")) i += 1;
      value += message[i];
    }
    params[name] = value;
    i += 1;
  }
  assert.equal(message.slice(i, i + 2), "] ");
  const { app = "", source = "", process = "", release } = params;
  return {
    time: head[2] ?? "",
    app,
    source,
    process,
    ...(release === undefined ? {} : { release }),
    text: message.slice(i + 2),
  };
}

export async function startReceiver(scheme: Scheme, port = 0): Promise<Receiver> {
  const secure = scheme === "https" || scheme === "syslog+tls";
  const sockets = new Set<net.Socket>();
  const r = {
    received: [] as Received[],
    messages: [] as string[],
    headers: [] as IncomingHttpHeaders[],
    connections: 0,
    status: 200,
    hang: false,
  };
  let server: net.Server;
  if (scheme === "http" || scheme === "https") {
    const handler: http.RequestListener = (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        r.headers.push(req.headers);
        if (r.hang) return;
        const body = Buffer.concat(chunks).toString("utf8");
        assert.ok(body.endsWith("\n"));
        for (const json of body.slice(0, -1).split("\n")) r.received.push(JSON.parse(json) as Received);
        res.statusCode = r.status;
        res.end();
      });
    };
    server = secure
      ? https.createServer({ key: testTls.key, cert: testTls.cert }, handler)
      : http.createServer(handler);
  } else {
    const onSocket = (socket: net.Socket) => {
      let pending: Buffer = Buffer.alloc(0);
      socket.on("data", (chunk: Buffer) => {
        const frames: Buffer[] = [];
        pending = takeFrames(Buffer.concat([pending, chunk]), frames);
        for (const frame of frames) {
          const message = frame.toString("utf8");
          r.messages.push(message);
          r.received.push(parseSyslog(message));
        }
      });
      socket.on("error", () => socket.destroy());
    };
    server = secure
      ? tls.createServer({ key: testTls.key, cert: testTls.cert }).on("secureConnection", onSocket)
      : net.createServer(onSocket);
  }
  server.on("connection", (socket: net.Socket) => {
    r.connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(port, secure ? testTls.localhostAddress : "127.0.0.1");
  await once(server, "listening");
  const drop = async () => {
    const closing = [...sockets].map((s) => once(s, "close"));
    for (const socket of sockets) socket.destroy();
    await Promise.all(closing);
  };
  return Object.assign(r, {
    port: (server.address() as AddressInfo).port,
    drop,
    close: async () => {
      const closed = once(server, "close");
      server.close();
      await drop();
      await closed;
    },
  });
}
