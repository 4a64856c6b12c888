// The real router process, driven by its supervisor over the control socket and reached with raw sockets: the
// host rules, the `starting` answer before any table, the saved table, and adoption by the next supervisor.
import assert from "node:assert/strict";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import http, { type IncomingMessage } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import pino from "pino";
import { loadRouterConfig } from "../config/index.js";
import type { RouteTable } from "../shared/route-table.js";
import { HOST_RULE_CASES, SERVED_HOST } from "./host-rules.cases.js";
import { RouterSupervisor } from "./supervisor.js";

/** Writes a raw request and reads the whole answer (the router closes after one: Connection: close). */
function raw(port: number, head: string[]): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (data += chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const split = data.indexOf("\r\n\r\n");
      const headers = data.slice(0, split);
      resolve({ status: Number(headers.split(" ")[1]), headers, body: data.slice(split + 4) });
    });
    socket.write(`${[...head, "Connection: close"].join("\r\n")}\r\n\r\n`);
  });
}

function supervisor(dataDir: string, env: Record<string, string> = {}): RouterSupervisor {
  return new RouterSupervisor({
    config: loadRouterConfig({ FIFTEEN_ROUTER_PORT: "0", ...env }),
    env: {},
    dataDir,
    registryDir: join(dataDir, "router-pid"),
    version: "test",
    log: pino({ level: "silent" }),
    onAccess: () => undefined,
  });
}

describe("router process", () => {
  let dataDir: string;
  let seen: IncomingMessage | undefined;
  const backend = http.createServer((req, res) => {
    seen = req;
    res.end("ok");
  });
  let table: RouteTable;
  /** What the app received last (a function: the backend sets it behind the type checker's back). */
  const received = (): IncomingMessage | undefined => seen;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "fifteen-router-"));
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    const route = {
      appId: "a1",
      app: "shop",
      status: "ok" as const,
      backends: [{ id: "b1", process: "web.1", port: (backend.address() as AddressInfo).port }],
    };
    table = { version: 1, hosts: { [SERVED_HOST]: route } };
  });
  after(async () => {
    backend.closeAllConnections();
    backend.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers 503 starting with Retry-After before its first table, never 404", async () => {
    const router = supervisor(dataDir);
    const port = await router.init();
    try {
      const res = await raw(port, ["GET / HTTP/1.1", "Host: unknown.localhost"]);
      assert.equal(res.status, 503);
      assert.match(res.headers, /\r\nretry-after: 1\r\n/i);
      assert.match(res.body, /^starting/);
      router.publish(table);
      await waitFor(async () => (await raw(port, ["GET / HTTP/1.1", `Host: ${SERVED_HOST}`])).status === 200);
    } finally {
      await router.stop();
    }
  });

  it("saves the table (0600) and hands it to the next router at once", async () => {
    const mode = (await stat(join(dataDir, "routes.json"))).mode & 0o777;
    assert.equal(mode, 0o600);
    const router = supervisor(dataDir);
    const port = await router.init();
    try {
      // No publish: the first request is served from the saved table.
      assert.equal((await raw(port, ["GET / HTTP/1.1", `Host: ${SERVED_HOST}`])).status, 200);
      assert.equal((await stat(join(dataDir, "router.sock"))).mode & 0o777, 0o600);
    } finally {
      await router.stop();
    }
  });

  describe("host rules (the same table as host-rules.test.ts)", () => {
    let router: RouterSupervisor;
    let port = 0;
    before(async () => {
      router = supervisor(dataDir);
      port = await router.init();
      router.publish(table);
    });
    after(() => router.stop());

    for (const c of HOST_RULE_CASES) {
      it(c.name, async () => {
        seen = undefined;
        const res = await raw(
          port,
          c.head.map((h) => h.replaceAll("PORT", String(port))),
        );
        assert.equal(res.status, c.status, res.body);
        const got = received();
        if (!c.upstream) return assert.equal(got, undefined, "the app got nothing");
        assert.equal(got?.url, c.upstream.path);
        assert.equal(got?.headers.host, c.upstream.host.replaceAll("PORT", String(port)));
      });
    }

    it("replaces a client's Forwarded header with what the router saw", async () => {
      const res = await raw(port, [
        "GET / HTTP/1.1",
        `Host: ${SERVED_HOST}`,
        "Forwarded: for=6.6.6.6;host=evil.example",
      ]);
      assert.equal(res.status, 200);
      assert.equal(received()?.headers.forwarded, `for=127.0.0.1;proto=http;host="${SERVED_HOST}"`);
    });
  });

  it("is adopted by the next supervisor: same pid, same port, serving throughout", async () => {
    const first = supervisor(dataDir);
    const port = await first.init();
    first.publish(table);
    first.outlive();
    const second = supervisor(dataDir);
    assert.equal(await second.init(), port);
    assert.equal(second.pid, first.pid);
    assert.equal((await raw(port, ["GET / HTTP/1.1", `Host: ${SERVED_HOST}`])).status, 200);
    // The first supervisor lost it to the second: stopping the first leaves the router to the second.
    await first.stop();
    assert.equal((await raw(port, ["GET / HTTP/1.1", `Host: ${SERVED_HOST}`])).status, 200);
    await second.stop();
    assert.equal(alive(second.pid ?? 0), false);
  });

  it("is restarted on the same port, with its table, when it dies", async () => {
    const router = supervisor(dataDir);
    const port = await router.init();
    router.publish(table);
    const pid = router.pid ?? 0;
    try {
      process.kill(-pid, "SIGKILL");
      await waitFor(async () => router.running && router.pid !== pid);
      assert.equal(router.port, port);
      assert.equal((await raw(port, ["GET / HTTP/1.1", `Host: ${SERVED_HOST}`])).status, 200);
    } finally {
      await router.stop();
    }
  });

  it("is replaced, not adopted, when its settings differ", async () => {
    const first = supervisor(dataDir);
    await first.init();
    first.outlive();
    const second = supervisor(dataDir, { FIFTEEN_ROUTER_WORKERS: "2" });
    const port = await second.init();
    try {
      assert.notEqual(second.pid, first.pid);
      assert.equal(alive(first.pid ?? 0), false, "the old router stopped");
      // The saved table came along to the new router.
      assert.equal((await raw(port, ["GET / HTTP/1.1", `Host: ${SERVED_HOST}`])).status, 200);
    } finally {
      await second.stop();
      await first.stop();
    }
  });

  it("exits when its control connection closes, unless it was told to outlive it", async () => {
    for (const outlive of [false, true]) {
      const router = supervisor(dataDir);
      const port = await router.init();
      // Another client takes the router over, as a platform that then crashes would.
      const control = connect(join(dataDir, "router.sock"));
      await once(control, "connect");
      if (outlive) control.write(`${JSON.stringify({ type: "outlive" })}\n`);
      await new Promise((r) => setTimeout(r, 100));
      control.destroy();
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(alive(router.pid ?? 0), outlive, `outlive=${outlive}`);
      if (outlive) assert.equal((await raw(port, ["GET / HTTP/1.1", `Host: ${SERVED_HOST}`])).status, 200);
      await router.stop();
      if (!outlive) continue;
      const next = supervisor(dataDir);
      await next.init();
      await next.stop();
    }
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
  } catch {
    return false;
  }
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail("timed out");
}
