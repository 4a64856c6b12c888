// The HAProxy plane's access lines: the line parser and the access line it makes (malformed lines, escaping,
// truncation, each outcome as the Node router logs it), the socket they arrive on, then real HAProxy: awkward
// paths, and lines kept across an adoption. The ordinary lines and pages are checked by the data-plane contract.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import http from "node:http";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import { loadRouterConfig } from "../../config/index.js";
import type { AccessLog } from "../proxy.js";
import {
  ACCESS_LOG_FORMAT,
  AccessLogReceiver,
  accessEntry,
  bodyBytes,
  parseAccessLine,
  type AccessRecord,
} from "./access-log.js";
import { HaproxyPlane } from "./plane.js";

const SKIP =
  spawnSync("haproxy", ["-v"]).error !== undefined
    ? "haproxy is not on PATH: install it (apt-get install haproxy) to run this suite"
    : false;

const b64 = (text: string) => Buffer.from(text).toString("base64");

/** The fields of a request served by web.1 of app `a1` (`one`), with these changes. */
function recordOf(changes: Partial<AccessRecord> = {}): AccessRecord {
  return {
    tag: "f1",
    route: "app_a1",
    app: "one",
    backend: "app_a1",
    server: "s1",
    method: "GET",
    path: b64("/orders?page=2"),
    host: "one.localhost",
    requestId: "req-00000001",
    client: "127.0.0.1",
    status: "200",
    TR: "1",
    Tw: "0",
    Tc: "2",
    Tr: "5",
    Ta: "10",
    // Content-Length: 5 and Date: 29 characters, as HTX counts them, plus the start line and a 5-byte body.
    bytesRead: String(15 + 33 + 34 + 5),
    headLength: String(19 + 37 + 2),
    headerCount: "2",
    chunked: "0",
    requestLength: "-",
    code: "-",
    termination: "--",
    upgrade: "-",
    traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    parentSpan: "-",
    ...changes,
  };
}

/** That request's line as HAProxy sends it. */
function line(changes: Partial<AccessRecord> = {}): string {
  return Object.values(recordOf(changes)).join("\t");
}

const processOf = (appId: string, slot: number) => (appId === "a1" && slot === 0 ? "web.1" : undefined);

function entryOf(changes: Partial<AccessRecord> = {}): AccessLog | undefined {
  const record = parseAccessLine(line(changes));
  assert.ok(record, "the line parses");
  return accessEntry(record, processOf);
}

describe("HAProxy access lines", () => {
  it("has one log-format field per parsed field, tab-separated", () => {
    assert.equal(ACCESS_LOG_FORMAT.split("\\t").length, Object.keys(parseAccessLine(line()) ?? {}).length);
    assert.doesNotMatch(ACCESS_LOG_FORMAT, /[\t\n"]/);
  });

  it("reads each field into its own name", () => {
    // Values that differ between fields that are often alike: a field read into another's name shows.
    const changes = {
      backend: "fifteen",
      requestLength: "12",
      code: "timeout",
      upgrade: "1",
      TR: "3",
      Tw: "4",
    };
    assert.deepEqual(parseAccessLine(line(changes)), recordOf(changes));
  });

  it("makes the Node router's line and fields for a served request", () => {
    assert.deepEqual(entryOf(), {
      appId: "a1",
      app: "one",
      process: "router",
      text:
        'at=info method=GET path="/orders?page=2" host=one.localhost request_id=req-00000001 fwd="127.0.0.1" ' +
        "dyno=web.1 connect=2ms service=7ms status=200 bytes=5",
      type: "web",
      status: 200,
      durationMs: 9,
      bytesIn: 0,
      bytesOut: 5,
    });
    assert.equal(entryOf({ requestLength: "12", method: "POST" })?.bytesIn, 12);
  });

  it("JSON-quotes the path it got in base64, whatever it holds", () => {
    const path = '/a\tb"c\\d%25%e2?€=1';
    const entry = entryOf({ path: b64(path) });
    const quoted = /path=("(?:[^"\\]|\\.)*") host=/.exec(entry?.text ?? "")?.[1] ?? "";
    assert.equal(JSON.parse(quoted), path);
    assert.doesNotMatch(entry?.text ?? "", /\t/);
  });

  it("drops what is not of the format's shape", () => {
    const good = line();
    const malformed = [
      "",
      "Proxy fifteen stopped (cumulated conns: FE: 2, BE: 0).",
      good.replace("f1", "f2"),
      `${good}\textra`,
      `${good}\n`,
      good.replace("\tGET\t", "\tGE\tT\t"),
      good.replace("\tGET\t", '\tG"ET\t'),
      good.replace(b64("/orders?page=2"), '/orders"'),
      good.replace("one.localhost", "one localhost"),
      good.replace("\t200\t", "\t2x0\t"),
      good.replace("\t--\t-\t", "\t-\t-\t"),
      good.replace("\t--\t-\t", "\t--\t2\t"),
      good.replace("-b7ad6b7169203331-01", "-b7ad6b7169203331-1"),
      good.replace("app_a1\tone", "app_a/1\tone"),
      good.replace("\t2\t0\t-\t-\t--", "\t2x\t0\t-\t-\t--"),
    ];
    for (const text of malformed) assert.equal(parseAccessLine(text), undefined, JSON.stringify(text));
  });

  it("has no line for the requests the Node router logs none for", () => {
    const page = { backend: "fifteen", server: "<NOSRV>", status: "404" };
    assert.equal(entryOf({ ...page, route: "-", app: "-", code: "unknown-host" }), undefined);
    assert.equal(entryOf({ ...page, route: "-", app: "-", code: "bad-host", status: "400" }), undefined);
    assert.equal(
      entryOf({ ...page, route: "-", app: "-", code: "router-starting", status: "503" }),
      undefined,
    );
    assert.equal(entryOf({ ...page, route: "-", app: "-", method: "<BADREQ>", status: "400" }), undefined);
  });

  it("logs each outcome as the Node router does", () => {
    const page = { backend: "fifteen", server: "<NOSRV>", Tw: "-1", Tc: "-1", Tr: "-1", termination: "LR" };
    const cases: Array<[Partial<AccessRecord>, RegExp]> = [
      [
        { ...page, status: "503", code: "crashed" },
        /^at=error code=crashed .* dyno=router connect=0ms service=9ms status=503 bytes=0$/,
      ],
      [
        { ...page, status: "503", code: "maintenance" },
        /^at=error code=maintenance .* dyno=router .* status=503 bytes=0$/,
      ],
      [
        { status: "502", Tc: "-1", termination: "SC" },
        /^at=error code=bad-gateway .* dyno=router connect=0ms .* status=502 bytes=0$/,
      ],
      [
        { status: "504", Tr: "-1", termination: "sH" },
        /^at=error code=timeout .* dyno=web\.1 connect=2ms .* status=504 bytes=0$/,
      ],
      [{ status: "200", termination: "sD" }, /^at=error code=timeout .* dyno=web\.1 .* status=504 bytes=5$/],
      [
        { status: "502", Tr: "-1", termination: "SH" },
        /^at=error code=bad-gateway .* dyno=web\.1 .* status=502 bytes=0$/,
      ],
      [
        { status: "200", termination: "SD" },
        /^at=error code=backend-reset .* dyno=web\.1 .* status=200 bytes=5$/,
      ],
      [
        { status: "200", termination: "CD" },
        /^at=error code=client-closed .* dyno=web\.1 .* status=499 bytes=5$/,
      ],
      // An app's own 502 is its answer, not the router's.
      [
        { status: "502", bytesRead: String(15 + 33 + 34 + 9 + 5) },
        /^at=info .* dyno=web\.1 .* status=502 bytes=5$/,
      ],
      // An upgrade is logged as the connection to the process opens: no service time, no bytes.
      [
        { status: "101", termination: "CD" },
        /^at=info .* dyno=web\.1 connect=2ms service=0ms status=101 bytes=0$/,
      ],
    ];
    for (const [changes, line] of cases) assert.match(entryOf(changes)?.text ?? "", line);
    // A WebSocket through the relay names the process the relay gave it to, found by its request id.
    const relayed = parseAccessLine(
      line({ backend: "websocket_relay", server: "relay", status: "101", termination: "CD", upgrade: "1" }),
    );
    assert.ok(relayed);
    const byRelay = (id: string) => (id === "req-00000001" ? "web.3" : undefined);
    assert.match(accessEntry(relayed, processOf, byRelay)?.text ?? "", /dyno=web\.3 .* status=101 /);
    assert.match(accessEntry(relayed, processOf)?.text ?? "", /dyno=unknown .* status=101 /);
    // A WebSocket no process took is closed without a line (proxy.ts); a client gone first is 499.
    assert.equal(entryOf({ status: "502", Tc: "-1", termination: "SC", upgrade: "1" }), undefined);
    assert.match(
      entryOf({ status: "-1", server: "<NOSRV>", termination: "CR" })?.text ?? "",
      /code=client-closed .* status=499 /,
    );
    assert.equal(entryOf({ ...page, status: "503", code: "starting" })?.type, "router");
  });

  it("counts the body out of %B: Content-Length or chunked, as HAProxy 2.6 counts the head", () => {
    const record = parseAccessLine(line());
    assert.ok(record);
    // Measured on HAProxy 2.6 with Node backends (Date, Keep-Alive, then Content-Length or Transfer-Encoding).
    const measured = (bytesRead: number, headLength: number, headerNames: string) => {
      const names = headerNames.split(",");
      const headerCount = String(names.length);
      const chunked = names.includes("transfer-encoding") ? "1" : "0";
      return bodyBytes(
        { ...record, bytesRead: String(bytesRead), headLength: String(headLength), headerCount, chunked },
        200,
      );
    };
    assert.equal(measured(101, 81, "content-length,date,keep-alive"), 0);
    assert.equal(measured(121, 90, "date,keep-alive,transfer-encoding"), 10);
    assert.equal(measured(181, 90, "date,keep-alive,transfer-encoding"), 70);
  });

  it("reads lines from its Unix socket, split anywhere across reads, and counts the malformed ones", async () => {
    const lines: AccessLog[] = [];
    const receiver = new AccessLogReceiver({
      onAccess: (e) => lines.push(e),
      processOf,
      log: pino({ level: "silent" }),
    });
    const dir = await mkdtemp(join(tmpdir(), "fifteen-access-sock-"));
    const path = join(dir, "access.sock");
    await writeFile(path, "left by an earlier run");
    await receiver.listen(path);
    assert.equal((await stat(path)).mode & 0o777, 0o600, "only the platform's user may connect");
    const sender = connect(path);
    try {
      const text = [line(), "not\ta\tline", line({ requestId: "req-00000002" })].join("\n") + "\n";
      // Cut mid-line: a read holds any part of a line.
      for (const part of [text.slice(0, 17), text.slice(17, 300), text.slice(300)])
        await new Promise<void>((resolve, reject) =>
          sender.write(part, (err) => (err ? reject(err) : resolve())),
        );
      for (let i = 0; i < 100 && lines.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(
        lines.map((e) => /request_id=(\S+)/.exec(e.text)?.[1]),
        ["req-00000001", "req-00000002"],
      );
      assert.equal(receiver.malformed, 1);
    } finally {
      sender.destroy();
      await receiver.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Sends raw bytes, resolves with the status line's code once the connection closes. */
function rawStatus(port: number, bytes: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port }, () => socket.end(bytes));
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
    socket.on("error", reject);
    socket.on("close", () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1] ?? 0)));
  });
}

describe("HAProxy access lines, end to end", { skip: SKIP }, () => {
  let dataDir = "";
  let app: http.Server;
  const lines: AccessLog[] = [];
  const config = loadRouterConfig({ FIFTEEN_ROUTER_HOST: "127.0.0.1", FIFTEEN_ROUTER_PORT: "0" });
  const log = pino({ level: "silent" });
  const onAccess = (e: AccessLog) => lines.push(e);
  let plane: HaproxyPlane;

  const lineOf = async (id: string) => {
    for (let i = 0; i < 200; i++) {
      const found = lines.find((e) => e.text.includes(` request_id=${id} `));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.fail(`no access line for ${id}`);
  };
  const get = (id: string, path: string) =>
    Buffer.concat([
      Buffer.from(`GET `),
      Buffer.from(path, "utf8"),
      Buffer.from(` HTTP/1.1\r\nHost: one.localhost\r\nX-Request-Id: ${id}\r\nConnection: close\r\n\r\n`),
    ]);

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "fifteen-access-"));
    app = http.createServer((req, res) => res.end(req.url));
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const port = (app.address() as AddressInfo).port;
    plane = new HaproxyPlane({ config, dataDir, log, onAccess });
    await plane.init();
    plane.publish({
      version: 0,
      hosts: {
        "one.localhost": {
          appId: "a1",
          app: "one",
          status: "ok",
          backends: [{ id: "p1", process: "web.1", port }],
        },
      },
    });
    await plane.settled();
  });

  after(async () => {
    await plane.stop();
    await new Promise((resolve) => app.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  it("logs quotes, backslashes and % in a path exactly; nothing for raw UTF-8 or a tab, refused as by Node", async () => {
    const path = `/q"uo\\te%25%zz/%E2%82%AC?x="1"&y=%`;
    assert.equal(await rawStatus(plane.port, get("access-e2e-0001", path)), 200);
    const entry = await lineOf("access-e2e-0001");
    assert.equal(JSON.parse(/path=("(?:[^"\\]|\\.)*") host=/.exec(entry.text)?.[1] ?? ""), path);
    assert.match(entry.text, /^at=info method=GET path="\/q\\"uo\\\\te%25%zz\/%E2%82%AC\?x=\\"1\\"&y=%" /);
    // HAProxy's parser refuses these before any rule (the Node router's does too): no app, so no line.
    assert.equal(await rawStatus(plane.port, get("access-e2e-0002", "/€")), 400);
    assert.equal(await rawStatus(plane.port, get("access-e2e-0003", "/a\tb")), 400);
    await rawStatus(plane.port, get("access-e2e-0004", "/later"));
    await lineOf("access-e2e-0004");
    assert.equal(
      lines.some((e) => /access-e2e-000[23]/.test(e.text)),
      false,
    );
  });

  it("goes on receiving when the next run adopts HAProxy, lines of the gap included", async () => {
    await plane.handOff();
    // No platform listens: HAProxy keeps the line in its ring and forwards it once the next run does.
    assert.equal(await rawStatus(plane.port, get("access-e2e-0005", "/in-the-gap")), 200);
    plane = new HaproxyPlane({ config, dataDir, log, onAccess });
    await plane.init();
    await plane.settled();
    await rawStatus(plane.port, get("access-e2e-0006", "/adopted"));
    await lineOf("access-e2e-0006");
    await lineOf("access-e2e-0005");
  });
});
