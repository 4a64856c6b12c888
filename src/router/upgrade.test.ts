// A router of another platform version is replaced on its own listening sockets: real router processes, driven
// by two supervisors (the old platform, then the new one), with 32 connections of requests through the swap.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import pino from "pino";
import { loadRouterConfig } from "../config/index.js";
import { reap } from "../isolation/registry.js";
import { RouterSupervisor } from "./supervisor.js";
import { load } from "../testing/load.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
  } catch {
    return false;
  }
}

/** Every supervisor a test made: stopped after the tests, so that a failed one leaves no router restarting. */
const made: RouterSupervisor[] = [];

function supervisor(dataDir: string, version: string, lines: string[], workers = "1"): RouterSupervisor {
  const one = new RouterSupervisor({
    config: loadRouterConfig({
      FIFTEEN_ROUTER_PORT: "0",
      FIFTEEN_ROUTER_HTTPS_PORT: "0",
      FIFTEEN_ROUTER_WORKERS: workers,
    }),
    env: {},
    dataDir,
    registryDir: join(dataDir, "router-pid"),
    version,
    log: pino({ level: "info" }, { write: (line: string) => void lines.push(line) }),
    onAccess: () => undefined,
  });
  made.push(one);
  return one;
}

describe("router upgrade", () => {
  let dataDir: string;
  const backend = http.createServer((_req, res) => res.end("hello"));

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "fifteen-router-upgrade-"));
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
  });
  after(async () => {
    for (const s of made) await s.stop().catch(() => undefined);
    // A failed test may leave a router serving: stop it by its recorded pid.
    for (const dir of [dataDir, join(dataDir, "workers")]) await reap(join(dir, "router-pid"));
    backend.closeAllConnections();
    backend.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("a new platform version takes the router's sockets over: 0 failed requests, same ports, a new pid", async () => {
    const lines: string[] = [];
    const first = supervisor(dataDir, "1.0.0", lines);
    const port = await first.init();
    const httpsPort = first.httpsPort;
    const oldPid = first.pid ?? 0;
    first.publish({
      version: 0,
      hosts: {
        "shop.localhost": {
          appId: "a1",
          app: "shop",
          status: "ok",
          backends: [{ id: "b1", process: "web.1", port: (backend.address() as AddressInfo).port }],
        },
      },
    });
    first.outlive();
    const traffic = load(
      `http://127.0.0.1:${port}`,
      "shop.localhost",
      32,
      (status, body) => status === 200 && body === "hello",
    );
    let second: RouterSupervisor | undefined;
    try {
      await sleep(300);
      // The old platform stops (leaving its router serving); the new version starts on the same data dir.
      await first.handOff();
      await sleep(100);
      second = supervisor(dataDir, "2.0.0", lines);
      assert.equal(await second.init(), port, "the same port");
      assert.equal(second.httpsPort, httpsPort, "the same HTTPS port");
      assert.notEqual(second.pid, oldPid, "a new router process");
      // The old router drains its requests and exits, while the load goes on.
      for (let i = 0; i < 300 && alive(oldPid); i++) await sleep(50);
      assert.equal(alive(oldPid), false, "the old router exited");
      await sleep(300);
    } finally {
      await traffic.stop();
    }
    assert.deepEqual(traffic.failures, [], `${traffic.failures.length} failed of ${traffic.ok}`);
    assert.ok(traffic.ok > 100, `only ${traffic.ok} requests`);
    assert.match(lines.join(""), /the router was upgraded on its listening sockets/);
    const recorded = JSON.parse(readFileSync(join(dataDir, "router-pid", "router.json"), "utf8")) as {
      pid: number;
    };
    assert.equal(recorded.pid, second.pid);

    // The new router reports the new version: a third platform of that version adopts it as it is.
    await second.handOff();
    const third = supervisor(dataDir, "2.0.0", lines);
    assert.equal(await third.init(), port);
    assert.equal(third.pid, second.pid);
    assert.match(lines.join(""), /adopted the router left running by the last run/);
    await third.stop();
    assert.equal(alive(recorded.pid), false, "stop() stops the new router");
  });

  it("with several workers it falls back to a restart of the router, on the same ports, with a warning", async () => {
    const dir = join(dataDir, "workers");
    const lines: string[] = [];
    const first = supervisor(dir, "1.0.0", lines, "2");
    const port = await first.init();
    const oldPid = first.pid ?? 0;
    first.outlive();
    await first.handOff();
    const second = supervisor(dir, "2.0.0", lines, "2");
    assert.equal(await second.init(), port);
    assert.equal(alive(oldPid), false);
    assert.notEqual(second.pid, oldPid);
    assert.match(lines.join(""), /a router with several workers cannot hand its sockets to the new version/);
    await second.stop();
  });
});
