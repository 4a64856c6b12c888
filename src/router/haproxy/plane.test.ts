// The HAProxy data plane against the real haproxy binary and real Node backends: routing, round robin, the
// pages it answers itself, the headers the app gets, live changes, drain, adoption, a taken port and stop.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import http from "node:http";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import WebSocket, { WebSocketServer } from "ws";
import type { RouterConfig } from "../../config/index.js";
import type { AppRoute, RouteTable } from "../../shared/route-table.js";
import { PAGES, pageText } from "../pages.js";
import { HaproxyPlane } from "./plane.js";
import { alive } from "./process.js";
import { RuntimeApi } from "./runtime-api.js";

const missing = spawnSync("haproxy", ["-v"]).error !== undefined;
const SKIP = missing
  ? "haproxy is not on PATH: install it (apt-get install haproxy) to run this suite"
  : false;

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

function request(
  port: number,
  host: string,
  path = "/",
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { port, host: "127.0.0.1", path, headers: { host, ...headers }, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on("error", reject);
  });
}

/**
 * A backend that answers with its name, path and the headers it got; `/slow` takes 600 ms, `/hang` never
 * answers, `/busy` is the app's own 503; an Upgrade is accepted and echoed.
 */
async function backend(name: string): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((req, res) => {
    const answer = () => res.end(JSON.stringify({ name, url: req.url, headers: req.headers }));
    if (req.url === "/slow") setTimeout(answer, 600);
    else if (req.url === "/busy") res.writeHead(503).end("busy");
    else if (req.url !== "/hang") answer();
  });
  server.on("upgrade", (req, socket: Socket) => {
    const key = req.headers["sec-websocket-key"];
    const accept = key
      ? `Sec-WebSocket-Accept: ${createHash("sha1")
          .update(`${String(key)}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
          .digest("base64")}\r\n`
      : "";
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${String(req.headers.upgrade)}\r\nConnection: Upgrade\r\n${accept}\r\n`,
    );
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Sends raw bytes and resolves with everything that came back until the connection closed. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port }, () => socket.write(text));
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (answer += chunk));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

const config = (port: number): RouterConfig => ({
  host: "127.0.0.1",
  port,
  workers: 1,
  timeoutSeconds: 1,
  websocketIdleSeconds: 3600,
  otlpEndpoint: undefined,
  httpsPort: undefined,
  httpsRedirect: false,
  hstsMaxAge: 0,
});

const shop = (ports: [string, number][]): AppRoute => ({
  appId: "a1",
  app: "shop",
  status: "ok",
  backends: ports.map(([id, port], i) => ({ id, process: `web.${i + 1}`, port })),
});

const table = (route: AppRoute, more: RouteTable["hosts"] = {}): RouteTable => ({
  version: 0,
  hosts: {
    "shop.localhost": route,
    "new.localhost": { appId: "a2", app: "new", status: "not-deployed", backends: [] },
    ...more,
  },
});

describe("HAProxy data plane", { skip: SKIP }, () => {
  const log = pino({ level: "silent" });
  let dataDir = "";
  let plane: HaproxyPlane;
  let port = 0;
  let one: Awaited<ReturnType<typeof backend>>;
  let two: Awaited<ReturnType<typeof backend>>;
  const names = (answers: Answer[]) =>
    answers.map((a) => (JSON.parse(a.body) as { name: string }).name).sort();

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "hx-"));
    [one, two] = await Promise.all([backend("one"), backend("two")]);
    plane = new HaproxyPlane({ config: config(await freePort()), dataDir, log });
    port = await plane.init();
  });

  after(async () => {
    await plane.stop();
    one.server.close();
    two.server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers 503 starting until it has a table", async () => {
    const answer = await request(port, "shop.localhost");
    assert.equal(answer.status, 503);
    assert.equal(answer.headers["retry-after"], "1");
    assert.equal(answer.body, `${PAGES["router-starting"]?.[1]}\n`);
    for (const socket of ["admin.sock", "master.sock"])
      assert.equal((await stat(join(dataDir, "haproxy", socket))).mode & 0o777, 0o600, socket);
  });

  it("routes by host, round robin over the up backends", async () => {
    plane.publish(
      table(
        shop([
          ["p1", one.port],
          ["p2", two.port],
        ]),
      ),
    );
    await plane.settled();
    const answers = await Promise.all([1, 2, 3, 4].map(() => request(port, "shop.localhost")));
    assert.deepEqual(names(answers), ["one", "one", "two", "two"]);
  });

  it("answers an unknown host with 404 and an app not deployed with its page", async () => {
    const unknown = await request(port, "nope.localhost");
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body, `${PAGES["unknown-host"]?.[1]}\n`);
    const notDeployed = await request(port, "new.localhost");
    assert.equal(notDeployed.status, 503);
    assert.equal(notDeployed.body, `${PAGES["not-deployed"]?.[1]}\n`);
    assert.match(String(notDeployed.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
  });

  it("refuses a host on another port with 400", async () => {
    const answer = await request(port, "shop.localhost:1");
    assert.equal(answer.status, 400);
  });

  it("gives the app X-Forwarded-*, X-Request-Id and a traceparent", async () => {
    const parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const kept = await request(port, "shop.localhost", "/", {
      "x-forwarded-for": "10.0.0.1",
      "x-request-id": "client-chosen-id-1234",
      traceparent: parent,
      tracestate: "vendor=1",
    });
    const seen = (JSON.parse(kept.body) as { headers: http.IncomingHttpHeaders }).headers;
    assert.equal(seen["x-forwarded-for"], "10.0.0.1, 127.0.0.1");
    assert.equal(seen["x-forwarded-proto"], "http");
    assert.equal(seen["x-forwarded-port"], String(port));
    assert.equal(seen["x-forwarded-host"], "shop.localhost");
    assert.equal(seen.forwarded, 'for=127.0.0.1;proto=http;host="shop.localhost"');
    assert.equal(seen["x-request-id"], "client-chosen-id-1234");
    assert.equal(kept.headers["x-request-id"], "client-chosen-id-1234");
    assert.match(String(seen.traceparent), /^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    assert.notEqual(seen.traceparent, parent);
    assert.equal(seen.tracestate, "vendor=1");

    const fresh = await request(port, "shop.localhost", "/", {
      "x-request-id": "bad id!",
      traceparent: "00-00000000000000000000000000000000-b7ad6b7169203331-01",
      tracestate: "vendor=1",
    });
    const made = (JSON.parse(fresh.body) as { headers: http.IncomingHttpHeaders }).headers;
    assert.match(
      String(made["x-request-id"]),
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    assert.equal(fresh.headers["x-request-id"], made["x-request-id"]);
    assert.match(String(made.traceparent), /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    assert.doesNotMatch(String(made.traceparent), /^00-0{32}/);
    assert.equal(made.tracestate, undefined);
  });

  it("answers 504 with the page when the process says nothing for the timeout, and passes an app's 503", async () => {
    const slow = await request(port, "shop.localhost", "/hang");
    assert.equal(slow.status, 504);
    assert.equal(slow.body, `${PAGES.timeout?.[1]}\n`);
    const busy = await request(port, "shop.localhost", "/busy");
    assert.deepEqual([busy.status, busy.body], [503, "busy"]);
  });

  it("follows the host rules: trailing dot, two Host headers, absolute form", async () => {
    const dotted = await request(port, "shop.localhost.");
    assert.equal(dotted.status, 200);
    const two = await raw(port, "GET / HTTP/1.1\r\nHost: shop.localhost\r\nHost: new.localhost\r\n\r\n");
    assert.match(two, /^HTTP\/1.1 400 /);
    // HAProxy refuses an absolute form whose Host differs (the Node router routes it by the authority).
    const mismatch = await raw(
      port,
      "GET http://shop.localhost/abs HTTP/1.1\r\nHost: new.localhost\r\nConnection: close\r\n\r\n",
    );
    assert.match(mismatch, /^HTTP\/1.1 400 /);
    const absolute = await raw(
      port,
      "GET http://shop.localhost/abs?x=1 HTTP/1.1\r\nHost: shop.localhost\r\nConnection: close\r\n\r\n",
    );
    assert.match(absolute, /^HTTP\/1.1 200 /);
    const seen = JSON.parse(absolute.slice(absolute.indexOf("\r\n\r\n") + 4)) as {
      url: string;
      headers: http.IncomingHttpHeaders;
    };
    assert.equal(seen.url, "/abs?x=1");
    assert.equal(seen.headers.host, "shop.localhost");
  });

  /** An upgrade through the plane to the test app (which takes any), then bytes both ways. */
  async function echoUpgrade(upgrade: string): Promise<void> {
    const socket = connect({ host: "127.0.0.1", port });
    socket.setEncoding("utf8");
    let got = "";
    socket.on("data", (chunk: string) => (got += chunk));
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: shop.localhost\r\nConnection: Upgrade\r\nUpgrade: ${upgrade}\r\n` +
        // HAProxy checks a WebSocket handshake has these.
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
    );
    for (let i = 0; i < 100 && !got.includes("\r\n\r\n"); i++) await new Promise((r) => setTimeout(r, 10));
    assert.match(got, /^HTTP\/1.1 101 /);
    got = "";
    socket.write("ping");
    for (let i = 0; i < 100 && got !== "ping"; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(got, "ping");
    socket.destroy();
  }

  it("carries an upgrade both ways, straight to the process, and a WebSocket through the relay", async () => {
    await echoUpgrade("echo");
    await echoUpgrade("websocket");
  });

  it("answers maintenance (JSON for API clients) and a failed release's page", async () => {
    const down: AppRoute = { appId: "a3", app: "down", status: "ok", maintenance: true, backends: [] };
    const broken: AppRoute = {
      appId: "a4",
      app: "broken",
      status: "failed",
      failed: { version: 2, failure: 'npm exited 1: "100%" $HOME' },
      backends: [],
    };
    plane.publish(
      table(
        shop([
          ["p1", one.port],
          ["p2", two.port],
        ]),
        { "down.localhost": down, "broken.localhost": broken },
      ),
    );
    await plane.settled();
    const json = await request(port, "down.localhost", "/", { accept: "application/json" });
    assert.equal(json.status, 503);
    assert.equal(json.headers["retry-after"], "60");
    assert.deepEqual(JSON.parse(json.body), {
      id: "maintenance",
      app: "down",
      message: PAGES.maintenance?.[1],
    });
    const html = await request(port, "down.localhost", "/", { accept: "text/html" });
    assert.match(html.body, /<h1>Down for maintenance<\/h1><p>down is undergoing/);
    const failed = await request(port, "broken.localhost");
    assert.equal(failed.status, 503);
    assert.equal(failed.body, `${pageText("failed", broken)}\n`);
  });

  it("changes servers live, without a reload, and drains one until its requests are done", async () => {
    const admin = new RuntimeApi(join(dataDir, "haproxy", "admin.sock"));
    const worker = (await admin.info()).get("Pid");
    plane.publish(table(shop([["p2", two.port]])));
    const slow = request(port, "shop.localhost", "/slow");
    await plane.settled();
    const answers = await Promise.all([1, 2, 3].map(() => request(port, "shop.localhost")));
    assert.deepEqual(names(answers), ["two", "two", "two"]);
    // One back: it is a slot set through the runtime API.
    plane.publish(
      table(
        shop([
          ["p1", one.port],
          ["p2", two.port],
        ]),
      ),
    );
    await plane.settled();
    const both = await Promise.all([1, 2].map(() => request(port, "shop.localhost")));
    assert.deepEqual(names(both), ["one", "two"]);
    assert.equal((await admin.info()).get("Pid"), worker, "no reload: the same worker");
    assert.equal((await slow).status, 200);

    const inFlight = request(port, "shop.localhost", "/slow");
    const other = await request(port, "shop.localhost");
    const drained = (JSON.parse(other.body) as { name: string }).name === "one" ? "p2" : "p1";
    const started = Date.now();
    plane.publish(table(shop(drained === "p1" ? [["p2", two.port]] : [["p1", one.port]])));
    await plane.drain([drained], 5000);
    assert.ok(Date.now() - started >= 300, "drain waited for the request in flight");
    assert.equal((await inFlight).status, 200);
  });

  it("reloads for new apps without failing a request", async () => {
    let failed = 0;
    let done = 0;
    let running = true;
    const loop = async () => {
      while (running) {
        const answer = await request(port, "shop.localhost").catch(() => undefined);
        if (answer?.status !== 200) failed++;
        done++;
      }
    };
    const loops = [loop(), loop(), loop()];
    for (const n of [1, 2, 3]) {
      const extra: AppRoute = {
        appId: `x${n}`,
        app: `extra${n}`,
        status: "ok",
        backends: [{ id: `x${n}`, process: "web.1", port: two.port }],
      };
      plane.publish(
        table(
          shop([
            ["p1", one.port],
            ["p2", two.port],
          ]),
          { [`extra${n}.localhost`]: extra },
        ),
      );
      await plane.settled();
      const answer = await request(port, `extra${n}.localhost`);
      assert.equal((JSON.parse(answer.body) as { name: string }).name, "two");
    }
    running = false;
    await Promise.all(loops);
    assert.equal(failed, 0, `${failed} of ${done} requests failed`);
    assert.ok(done > 10, `only ${done} requests`);
  });

  it("answers 502 with the page when no process takes the connection", async () => {
    plane.publish(table(shop([["dead", await freePort()]])));
    await plane.settled();
    const answer = await request(port, "shop.localhost");
    assert.equal(answer.status, 502);
    assert.equal(answer.body, `${PAGES["bad-gateway"]?.[1]}\n`);
  });

  it("is adopted by the next start after a handoff, serving the last table", async () => {
    plane.publish(table(shop([["p1", one.port]])));
    await plane.settled();
    const pid = plane.pid;
    await plane.handOff();
    // The relay went with the platform: until the next one's, HAProxy carries WebSockets itself.
    await echoUpgrade("websocket");
    plane = new HaproxyPlane({ config: config(0), dataDir, log });
    assert.equal(await plane.init(), port);
    assert.equal(plane.pid, pid);
    const answer = await request(port, "shop.localhost");
    assert.equal((JSON.parse(answer.body) as { name: string }).name, "one");
  });

  it("starts HAProxy again within a second when it dies", async () => {
    const pid = plane.pid ?? 0;
    process.kill(pid, "SIGKILL");
    const killed = Date.now();
    // Its orphaned worker may answer for a moment; what counts is a new HAProxy, serving the table.
    while ((plane.pid === pid || plane.pid === undefined || !plane.running) && Date.now() - killed < 3000)
      await new Promise((r) => setTimeout(r, 20));
    // 1 s on an idle machine; one busy with other tests (load above its cores) gets longer.
    const bound = 1000 * Math.max(1, (loadavg()[0] ?? 0) / availableParallelism());
    assert.ok(Date.now() - killed < bound, `started again after ${Date.now() - killed} ms`);
    assert.notEqual(plane.pid, pid);
    assert.equal(plane.lastCrash?.pid, pid);
    assert.ok(
      (plane.lastCrash?.restartedMs ?? Infinity) < bound,
      "the crash is recorded with its restart time",
    );
    const answer = await request(port, "shop.localhost");
    assert.equal((JSON.parse(answer.body) as { name: string }).name, "one");
  });

  it("refuses a taken port with PORT_IN_USE", async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const taken = (holder.address() as AddressInfo).port;
    const otherDir = await mkdtemp(join(tmpdir(), "hx-"));
    const other = new HaproxyPlane({ config: config(taken), dataDir: otherDir, log });
    await assert.rejects(other.init(), (err: Error & { code?: string }) => {
      assert.equal(err.code, "PORT_IN_USE");
      assert.match(err.message, new RegExp(`port ${taken} is in use: set FIFTEEN_ROUTER_PORT`));
      return true;
    });
    holder.close();
    await rm(otherDir, { recursive: true, force: true });
  });

  it("takes a changed FIFTEEN_ROUTER_PORT at the next start: the running HAProxy is replaced on that port", async () => {
    const before = port;
    await plane.handOff();
    const wanted = await freePort();
    plane = new HaproxyPlane({ config: config(wanted), dataDir, log });
    assert.equal(await plane.init(), wanted);
    port = wanted;
    const answer = await request(port, "shop.localhost");
    assert.equal((JSON.parse(answer.body) as { name: string }).name, "one");
    assert.equal(await refuses(before), true);
  });

  it("leaves nothing running after stop()", async () => {
    const pid = plane.pid ?? 0;
    await plane.stop();
    assert.equal(alive(pid), false);
    assert.equal(await refuses(port), true);
  });
});

describe("HAProxy data plane: the WebSocket idle timeout", { skip: SKIP }, () => {
  const log = pino({ level: "silent" });
  let dataDir = "";
  let plane: HaproxyPlane;
  let port = 0;
  let app: http.Server;
  let wss: WebSocketServer;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "hx-"));
    app = http.createServer();
    wss = new WebSocketServer({ server: app });
    wss.on("connection", (ws) => ws.on("message", (data: Buffer) => ws.send(data)));
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const appPort = (app.address() as AddressInfo).port;
    plane = new HaproxyPlane({
      config: { ...config(await freePort()), websocketIdleSeconds: 1 },
      dataDir,
      log,
    });
    port = await plane.init();
    plane.publish(table(shop([["p1", appPort]])));
    await plane.settled();
  });

  after(async () => {
    await plane.stop();
    wss.close();
    app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A WebSocket through the plane, open; resolves `closed` with the ms it stayed open. */
  const openSocket = () =>
    new Promise<{ ws: WebSocket; closed: Promise<number> }>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { headers: { host: "shop.localhost" } });
      const opened = Date.now();
      const closed = new Promise<number>((done) => ws.once("close", () => done(Date.now() - opened)));
      ws.once("open", () => resolve({ ws, closed }));
      ws.once("error", reject);
    });

  it(
    "closes a WebSocket with nothing passing for FIFTEEN_ROUTER_WEBSOCKET_IDLE_SECONDS, and keeps a busy one",
    { timeout: 15_000 },
    async () => {
      const idle = await openSocket();
      const busy = await openSocket();
      const echoes: string[] = [];
      busy.ws.on("message", (data: Buffer) => echoes.push(String(data)));
      const timer = setInterval(() => busy.ws.send(`ping ${echoes.length}`), 300);
      const idleFor = await idle.closed;
      assert.ok(idleFor >= 900 && idleFor < 3000, `the idle one closed after ${idleFor} ms`);
      await new Promise((r) => setTimeout(r, 1500));
      clearInterval(timer);
      assert.equal(busy.ws.readyState, WebSocket.OPEN, "traffic keeps a WebSocket open");
      assert.ok(echoes.length >= 5, JSON.stringify(echoes));
      busy.ws.close();
      await busy.closed;
    },
  );
});
