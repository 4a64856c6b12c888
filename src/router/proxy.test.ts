// The proxy against real sockets: headers it adds, retries, timeouts and error pages.
import assert from "node:assert/strict";
import http, { type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { RouteTable } from "../shared/route-table.js";
import { Proxy, type AccessLog } from "./proxy.js";

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

describe("router proxy", () => {
  const logs: AccessLog[] = [];
  let seen: IncomingMessage["headers"] = {};
  const backend = http.createServer((req, res) => {
    seen = req.headers;
    if (req.url === "/hang") return;
    res.end(`ok ${req.method} ${req.url}`);
  });
  let proxyServer: http.Server;
  let proxy: Proxy;
  let proxyPort = 0;
  let backendPort = 0;
  let deadPort = 0;

  const table = (status: RouteTable["hosts"][string]["status"], ports: number[]): RouteTable => ({
    version: Date.now(),
    hosts: {
      "shop.localhost": {
        appId: "a1",
        app: "shop",
        status,
        backends: ports.map((port, i) => ({ id: `b${i}`, process: `web.${i + 1}`, port })),
      },
    },
  });
  const get = (path: string, host = "shop.localhost", headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string; headers: IncomingMessage["headers"] }>((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port: proxyPort, path, headers: { host, ...headers } },
        (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        },
      );
      req.on("error", reject);
      req.end();
    });

  before(async () => {
    backendPort = await listen(backend);
    const dead = http.createServer();
    deadPort = await listen(dead);
    await new Promise((r) => dead.close(r));
    proxy = new Proxy({ timeoutMs: 300, listenPort: () => proxyPort, onAccess: (e) => logs.push(e) });
    proxyServer = http.createServer((req, res) => proxy.handle(req, res));
    proxyPort = await listen(proxyServer);
  });
  after(async () => {
    proxy.close();
    proxyServer.closeAllConnections();
    backend.closeAllConnections();
    await new Promise((r) => proxyServer.close(r));
    await new Promise((r) => backend.close(r));
  });

  it("forwards to the backend with X-Forwarded-* and X-Request-Id, and logs the request", async () => {
    proxy.setTable(table("ok", [backendPort]));
    const res = await get("/hello?x=1", `shop.localhost:${proxyPort}`);
    assert.equal(res.status, 200);
    assert.equal(res.body, "ok GET /hello?x=1");
    assert.equal(seen["x-forwarded-for"], "127.0.0.1");
    assert.equal(seen["x-forwarded-proto"], "http");
    assert.equal(seen["x-forwarded-host"], `shop.localhost:${proxyPort}`);
    assert.equal(seen["x-forwarded-port"], String(proxyPort));
    assert.match(String(seen["x-request-id"]), /^[0-9a-f-]{36}$/);
    assert.equal(res.headers["x-request-id"], seen["x-request-id"]);
    const line = logs.at(-1);
    assert.equal(line?.app, "shop");
    assert.match(
      line?.text ?? "",
      /^at=info method=GET path="\/hello\?x=1" host=shop\.localhost request_id=\S+ fwd="127\.0\.0\.1" dyno=web\.1 connect=\d+ms service=\d+ms status=200 bytes=17$/,
    );
  });

  it("appends to an incoming X-Forwarded-For and keeps a valid request id", async () => {
    await get("/", "shop.localhost", { "x-forwarded-for": "10.0.0.1", "x-request-id": "abcdefgh-1234" });
    assert.equal(seen["x-forwarded-for"], "10.0.0.1, 127.0.0.1");
    assert.equal(seen["x-request-id"], "abcdefgh-1234");
    await get("/", "shop.localhost", { "x-request-id": "bad id with spaces" });
    assert.notEqual(seen["x-request-id"], "bad id with spaces");
  });

  it("retries a refused connection on another backend", async () => {
    proxy.setTable(table("ok", [deadPort, backendPort]));
    for (let i = 0; i < 4; i++) assert.equal((await get("/")).status, 200);
  });

  it("answers 502 when every backend refuses", async () => {
    proxy.setTable(table("ok", [deadPort]));
    const res = await get("/");
    assert.equal(res.status, 502);
  });

  it("answers 504 when the backend does not respond in time", async () => {
    proxy.setTable(table("ok", [backendPort]));
    const res = await get("/hang");
    assert.equal(res.status, 504);
    assert.match(logs.at(-1)?.text ?? "", /at=error code=timeout .*status=504/);
  });

  it("answers 404 for unknown hosts and 503 for apps without web processes", async () => {
    assert.equal((await get("/", "other.localhost")).status, 404);
    proxy.setTable(table("no-web", []));
    const none = await get("/");
    assert.equal(none.status, 503);
    assert.match(none.body, /no web processes/);
    proxy.setTable(table("crashed", []));
    assert.match((await get("/")).body, /crashed/);
  });

  it("ignores a table older than the one it has", async () => {
    proxy.setTable(table("ok", [backendPort]));
    proxy.setTable({ version: 1, hosts: {} });
    assert.equal((await get("/")).status, 200);
  });
});
