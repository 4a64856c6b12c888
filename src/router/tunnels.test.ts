// WebSockets through the proxy against real sockets: affinity on the handshake, the open count per process, and
// a clean close (1001) when the process goes away, when the tunnel sits idle, and when the router goes away.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import WebSocket, { WebSocketServer } from "ws";
import { AffinityCookies, AFFINITY_COOKIE } from "./affinity.js";
import { Proxy } from "./proxy.js";
import type { WebSocketCount } from "./tunnels.js";

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** A WebSocket backend that greets with its name and can drop every connection as a killed process would. */
async function backend(name: string) {
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws) => {
    ws.send(name);
    ws.on("message", (data) => ws.send(`echo ${String(data)}`));
  });
  const port = await listen(server);
  return {
    port,
    /** Every connection cut without a close frame (the process died). */
    kill: () => {
      for (const client of wss.clients) client.terminate();
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

interface Opened {
  ws: WebSocket;
  greeting: string;
  closed: Promise<{ code: number; reason: string; error?: string }>;
}

function open(port: number, headers: Record<string, string> = {}): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { headers: { host: "chat.localhost", ...headers } });
    let error: string | undefined;
    ws.on("error", (err) => (error = err.message));
    const closed = new Promise<{ code: number; reason: string; error?: string }>((done) =>
      ws.on("close", (code, reason) => done({ code, reason: String(reason), ...(error ? { error } : {}) })),
    );
    ws.once("message", (data: Buffer) => resolve({ ws, greeting: String(data), closed }));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

describe("router tunnels (WebSockets)", () => {
  const key = randomBytes(32);
  const reports: WebSocketCount[][] = [];
  let proxy: Proxy;
  let server: http.Server;
  let port = 0;
  let one: Awaited<ReturnType<typeof backend>>;
  let two: Awaited<ReturnType<typeof backend>>;

  before(async () => {
    one = await backend("one");
    two = await backend("two");
    proxy = new Proxy({
      timeoutMs: 1000,
      listenPort: () => port,
      onAccess: () => undefined,
      websocketIdleMs: 400,
      onWebSockets: () => reports.push(proxy.webSocketCounts()),
    });
    proxy.setAffinityKey(key);
    proxy.setTable({
      version: 1,
      hosts: {
        "chat.localhost": {
          appId: "a1",
          app: "chat",
          status: "ok",
          affinity: true,
          backends: [
            { id: "p1", process: "web.1", port: one.port },
            { id: "p2", process: "web.2", port: two.port },
          ],
        },
      },
    });
    server = http.createServer((req, res) => proxy.handle(req, res));
    server.on("upgrade", (req, socket, head: Buffer) => proxy.upgrade(req, socket, head));
    port = await listen(server);
  });
  after(async () => {
    proxy.close();
    await new Promise((r) => server.close(r));
    await one.close();
    await two.close();
  });

  it("sends a handshake with a valid affinity cookie to its process, and counts open WebSockets per process", async () => {
    const cookie = `${AFFINITY_COOKIE}=${new AffinityCookies(key).value("a1", "p2")}`;
    const sockets = await Promise.all(Array.from({ length: 4 }, () => open(port, { cookie })));
    assert.deepEqual(
      sockets.map((s) => s.greeting),
      ["two", "two", "two", "two"],
    );
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(proxy.webSocketCounts(), [{ appId: "a1", app: "chat", process: "web.2", open: 4 }]);
    for (const s of sockets) s.ws.close(1000, "done");
    for (const s of sockets) assert.equal((await s.closed).code, 1000);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(proxy.webSocketCounts(), []);
    assert.ok(reports.length > 0);
  });

  it("closes with 1001, never a reset, when the process goes away", async () => {
    const cookie = `${AFFINITY_COOKIE}=${new AffinityCookies(key).value("a1", "p1")}`;
    const socket = await open(port, { cookie });
    socket.ws.send("ping");
    one.kill();
    const closed = await socket.closed;
    assert.deepEqual(closed, { code: 1001, reason: "the process went away" });
  });

  it("closes an idle WebSocket with 1001 both ways, and keeps a busy one open", async () => {
    const idle = await open(port);
    const busy = await open(port);
    const timer = setInterval(() => busy.ws.send("still here"), 100);
    const closed = await idle.closed;
    assert.deepEqual(closed, { code: 1001, reason: "idle timeout" });
    assert.equal(busy.ws.readyState, WebSocket.OPEN);
    clearInterval(timer);
    busy.ws.close();
    await busy.closed;
  });

  it("closes every open WebSocket with 1001 when the router goes away", async () => {
    const sockets = await Promise.all([open(port), open(port)]);
    proxy.closeWebSockets("the router is stopping");
    for (const s of sockets)
      assert.deepEqual(await s.closed, { code: 1001, reason: "the router is stopping" });
  });
});
