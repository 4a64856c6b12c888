// The reconciler on a fake driver and a fake core: rollouts, failed boots, the release phase, scale changes,
// resizes, and a tick's cost with 1,000 apps.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RouteTable } from "../shared/route-table.js";
import { FakeCore, fakeReconcilerOptions } from "../testing/fake-core.js";
import { FakeDriver, type FakeDriverOptions } from "../testing/fake-driver.js";
import { Reconciler } from "./reconciler.js";

const WEB = { web: "node web.js", worker: "node worker.js" };

/** A reconciler on fakes, with what it published, drained and logged. */
export function harness(driverOptions: FakeDriverOptions = {}, applied?: () => Promise<void>) {
  const core = new FakeCore();
  const driver = new FakeDriver(driverOptions);
  const tables: RouteTable[] = [];
  const drained: string[] = [];
  /** The table the router had when each process was drained. */
  const drainedFrom: Array<RouteTable | undefined> = [];
  const lines: string[] = [];
  const reconciler = new Reconciler(
    core,
    driver,
    {
      publish: (table) => tables.push(table),
      drain: async (ids) => {
        drained.push(...ids);
        drainedFrom.push(tables.at(-1));
      },
      ...(applied ? { applied } : {}),
    },
    fakeReconcilerOptions({
      platformLog: (_appId, _app, text) => lines.push(text),
      releaseOutput: (_release, text) => lines.push(text.trimEnd()),
    }),
  );
  const processes = (appId: string) =>
    driver
      .list()
      .filter((p) => p.appId === appId)
      .map((p) => `${p.name}@v${p.release}:${p.state}`)
      .sort();
  const route = (host: string) => tables.at(-1)?.hosts[host];
  return { core, driver, reconciler, tables, drained, drainedFrom, lines, processes, route };
}

/** Polls (every event-loop turn) until `check` holds. */
async function until(check: () => boolean, what: string, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe("reconciler", () => {
  it("brings each formation up at start and routes its up web processes", async () => {
    const h = harness();
    const id = h.core.addApp("shop", { web: 2, worker: 1 }, WEB);
    await h.reconciler.start();
    await until(() => h.route("shop.localhost")?.backends.length === 2, "two backends");
    assert.deepEqual(h.processes(id), ["web.1@v1:up", "web.2@v1:up", "worker.1@v1:up"]);
    assert.equal(h.route("shop.localhost")?.status, "ok");
    await h.reconciler.close();
  });

  it("publishes a table at start with no app at all, so the router answers 404 rather than 'starting'", async () => {
    const h = harness();
    await h.reconciler.start();
    await until(() => h.tables.length === 1, "the first table");
    assert.deepEqual(h.tables[0]?.hosts, {});
    await h.reconciler.tick();
    assert.equal(h.tables.length, 1, "nothing changed, so no second table");
    await h.reconciler.close();
  });

  it("rolls out surge-first: the new web processes serve before the old ones drain and stop", async () => {
    const h = harness();
    const id = h.core.addApp("shop", { web: 2, worker: 1 }, WEB);
    await h.reconciler.start();
    await until(() => h.route("shop.localhost")?.backends.length === 2, "v1 up");
    const v1 = h.driver.list().map((p) => p.id);
    const version = h.core.deploy(id, WEB);
    await until(() => h.processes(id).join() === "web.1@v2:up,web.2@v2:up,worker.1@v2:up", "v2 only");
    assert.equal(h.core.release(id, version).status, "succeeded");
    // Never without a backend once v1 served; every old web process drained before it stopped.
    const served = h.tables.filter((t) => t.hosts["shop.localhost"]?.status === "ok");
    const first = h.tables.indexOf(served[0] as RouteTable);
    for (const table of h.tables.slice(first))
      assert.ok((table.hosts["shop.localhost"]?.backends.length ?? 0) > 0);
    // Each old web process was drained once the router already had v2's (and no longer had it).
    assert.deepEqual(h.drained.filter((pid) => v1.includes(pid)).length, 2);
    h.drained.forEach((pid, i) => {
      const backends = h.drainedFrom[i]?.hosts["shop.localhost"]?.backends ?? [];
      assert.equal(backends.length, 2);
      assert.ok(
        backends.every((b) => !v1.includes(b.id)),
        `v1's ${pid} drained while v1 still served`,
      );
    });
    assert.ok(h.lines.includes(`release v${version} is live`));
    await h.reconciler.close();
  });

  it("settles a release as succeeded only once the data plane serves its processes", async () => {
    let serve = () => undefined as void;
    let asked = false;
    const h = harness({}, () => {
      asked = true;
      return new Promise<void>((resolve) => (serve = resolve));
    });
    const id = h.core.addApp("shop", { web: 1 }, WEB);
    await h.reconciler.start();
    await until(() => h.route("shop.localhost")?.backends.length === 1, "v1 up");
    const version = h.core.deploy(id, WEB);
    const v2 = () => h.driver.list().find((p) => p.release === version && p.state === "up")?.id;
    await until(
      () => asked && h.route("shop.localhost")?.backends.some((b) => b.id === v2()) === true,
      "a table routing v2, waiting to be served",
    );
    // Whoever waits for the release (the CLI) must find the data plane serving it once it reads succeeded.
    assert.equal(h.core.release(id, version).status, "pending");
    serve();
    await until(() => h.core.release(id, version).status === "succeeded", "v2 settled");
    await h.reconciler.close();
  });

  it("keeps the old release serving when the new one fails its boot", async () => {
    const h = harness({ boot: (spec) => (spec.release === 2 ? "fail" : "up") });
    const id = h.core.addApp("shop", { web: 2 }, WEB);
    await h.reconciler.start();
    await until(() => h.route("shop.localhost")?.backends.length === 2, "v1 up");
    const version = h.core.deploy(id, WEB);
    await until(() => h.core.release(id, version).status === "failed", "v2 failed");
    await until(() => h.processes(id).join() === "web.1@v1:up,web.2@v1:up", "v2's processes stopped");
    const release = h.core.release(id, version);
    assert.match(release.failure ?? "", /exited with 1 while booting/);
    assert.deepEqual(release.failureOutput, ["Error: boom"]);
    assert.equal(h.route("shop.localhost")?.backends.length, 2);
    assert.ok(h.lines.some((l) => l.startsWith("release v2 failed") && l.endsWith("v1 keeps serving")));
    await h.reconciler.close();
  });

  it("runs the release phase before any new process, and fails the release when it fails", async () => {
    const h = harness({ exit: () => ({ code: 1, signal: null, endedBy: null }) });
    const id = h.core.addApp("shop", { web: 1 }, WEB);
    await h.reconciler.start();
    await until(() => h.route("shop.localhost")?.status === "ok", "v1 up");
    const version = h.core.deploy(id, { ...WEB, release: "node migrate.js" });
    await until(() => h.core.release(id, version).status === "failed", "v2 failed");
    assert.match(
      h.core.release(id, version).failure ?? "",
      /the release phase \(release\.1: node migrate\.js\) failed: exit 1/,
    );
    assert.deepEqual(h.core.release(id, version).failureOutput, ["Error: migration failed"]);
    assert.equal(h.driver.started.filter((s) => s.release === 2).length, 0);
    assert.deepEqual(h.processes(id), ["web.1@v1:up"]);
    await h.reconciler.close();
  });

  it("runs the release phase then the web processes; a rollback skips it", async () => {
    const ran: number[] = [];
    const h = harness({ exit: (spec) => (ran.push(spec.release), { code: 0, signal: null, endedBy: null }) });
    const id = h.core.addApp("shop", { web: 1 }, WEB);
    await h.reconciler.start();
    const v2 = h.core.deploy(id, { ...WEB, release: "node migrate.js" });
    await until(() => h.core.release(id, v2).status === "succeeded", "v2 live");
    assert.deepEqual(ran, [2]);
    const v3 = h.core.deploy(id, { ...WEB, release: "node migrate.js" }, 1);
    await until(() => h.core.release(id, v3).status === "succeeded", "v3 live");
    assert.deepEqual(ran, [2]);
    assert.ok(
      h.lines.indexOf("-----> Release phase done") <
        h.lines.findIndex((l) => l.startsWith("release v2 created")),
    );
    await h.reconciler.close();
  });

  it("starts nothing for a release missing required config", async () => {
    const h = harness();
    const id = h.core.addApp("shop", { web: 1 }, WEB);
    await h.reconciler.start();
    h.core.configFailures.set(id, "DATABASE_URL is required");
    const version = h.core.deploy(id, WEB);
    await until(() => h.core.release(id, version).status === "failed", "v2 failed");
    assert.equal(h.core.release(id, version).failure, "DATABASE_URL is required");
    assert.equal(h.driver.started.filter((s) => s.release === 2).length, 0);
    await h.reconciler.close();
  });

  it("follows scale changes up and down", async () => {
    const h = harness();
    const id = h.core.addApp("shop", { web: 1, worker: 0 }, WEB);
    await h.reconciler.start();
    h.core.scale(id, { web: 3, worker: 1 });
    await until(() => h.route("shop.localhost")?.backends.length === 3, "three backends");
    assert.deepEqual(h.processes(id), ["web.1@v1:up", "web.2@v1:up", "web.3@v1:up", "worker.1@v1:up"]);
    h.core.scale(id, { web: 1, worker: 0 });
    await until(() => h.processes(id).join() === "web.1@v1:up", "back to web.1");
    h.core.scale(id, { web: 0 });
    await until(() => h.route("shop.localhost")?.status === "no-web", "no web");
    await h.reconciler.close();
  });

  it("replaces resized web processes one at a time, each after its fresh one is up", async () => {
    const h = harness();
    const id = h.core.addApp("shop", { web: 2 }, WEB);
    await h.reconciler.start();
    await until(() => h.route("shop.localhost")?.backends.length === 2, "v1 up");
    const before = h.driver.list().map((p) => p.id);
    h.core.resize(id, { web: 1024 });
    await until(
      () => h.driver.list().every((p) => !before.includes(p.id)) && h.driver.list().length === 2,
      "replaced",
    );
    for (const table of h.tables.slice(1))
      assert.ok((table.hosts["shop.localhost"]?.backends.length ?? 0) > 0);
    assert.deepEqual(
      h.driver.started.slice(2).map((s) => [s.type, s.index, s.memoryMb]),
      [
        ["web", 1, 1024],
        ["web", 2, 1024],
      ],
    );
    await h.reconciler.close();
  });

  it("restarts a lone web process surge-first: never a table without a backend, a new pid and port", async () => {
    const h = harness();
    const id = h.core.addApp("shop", { web: 1, worker: 1 }, WEB);
    await h.reconciler.start();
    await until(() => h.route("shop.localhost")?.backends.length === 1, "v1 up");
    await until(() => h.driver.list().every((p) => p.state === "up"), "worker.1 up");
    const old = h.driver.list();
    const from = h.tables.length;
    assert.equal(await h.reconciler.restart(id, undefined), 2);
    const done = () => {
      const now = h.driver.list();
      return (
        now.length === 2 &&
        now.every((p) => p.state === "up" && !old.some((o) => o.id === p.id && o.pid === p.pid))
      );
    };
    await until(done, "web.1 replaced and worker.1 restarted");
    const web = h.driver.list().find((p) => p.type === "web");
    const before = old.find((p) => p.type === "web");
    assert.ok(web && before);
    assert.notEqual(web.id, before.id);
    assert.notEqual(web.pid, before.pid);
    assert.notEqual(web.port, before.port);
    assert.equal(web.name, "web.1");
    for (const table of h.tables.slice(from))
      assert.ok((table.hosts["shop.localhost"]?.backends.length ?? 0) > 0, "a table with no backend");
    // The old one was drained only once the router already had the fresh one (and no longer had it).
    assert.deepEqual(h.drained, [before.id]);
    assert.deepEqual(
      h.drainedFrom[0]?.hosts["shop.localhost"]?.backends.map((b) => b.id),
      [web.id],
    );
    // A worker is not routed: it restarts in place (same id), so two never run at once.
    const worker = old.find((p) => p.type === "worker");
    assert.equal(h.driver.list().find((p) => p.type === "worker")?.id, worker?.id);
    assert.ok(h.lines.includes("restarting web.1 (requested)"));
    await h.reconciler.close();
  });

  it("restarts web processes one at a time, never below the formation's count", async () => {
    const h = harness();
    const id = h.core.addApp("shop", { web: 2 }, WEB);
    await h.reconciler.start();
    await until(() => h.route("shop.localhost")?.backends.length === 2, "v1 up");
    const before = h.driver.list().map((p) => p.id);
    const from = h.tables.length;
    assert.equal(await h.reconciler.restart(id, "web"), 2);
    await until(
      () =>
        h.driver.list().length === 2 &&
        h.driver.list().every((p) => !before.includes(p.id) && p.state === "up"),
      "both replaced",
    );
    for (const table of h.tables.slice(from))
      assert.ok((table.hosts["shop.localhost"]?.backends.length ?? 0) >= 2, "fewer than two backends");
    assert.deepEqual(h.drained, before);
    assert.deepEqual(h.processes(id), ["web.1@v1:up", "web.2@v1:up"]);
    await h.reconciler.close();
  });

  it("keeps the old web process serving when its replacement fails to boot", async () => {
    let restarting = false;
    const h = harness({ boot: () => (restarting ? "fail" : "up") });
    const id = h.core.addApp("shop", { web: 1 }, WEB);
    await h.reconciler.start();
    await until(() => h.route("shop.localhost")?.backends.length === 1, "v1 up");
    const before = h.driver.list().map((p) => p.id);
    restarting = true;
    assert.equal(await h.reconciler.restart(id, "web.1"), 1);
    await until(() => h.lines.some((l) => l.startsWith("restart stopped")), "the restart to stop");
    await until(() => h.driver.list().length === 1, "the failed one stopped");
    assert.deepEqual(
      h.driver.list().map((p) => p.id),
      before,
    );
    assert.deepEqual(
      h.route("shop.localhost")?.backends.map((b) => b.id),
      before,
    );
    assert.ok(
      h.lines.includes(
        "restart stopped: web.1 exited with 1 while booting; web.1 keeps running and the other processes were left alone",
      ),
    );
    await h.reconciler.close();
  });

  it("keeps a tick of 1,000 apps under 50 ms, listing the host at most once", async () => {
    const h = harness();
    const ids = Array.from({ length: 1000 }, (_, i) => h.core.addApp(`app${i}`, { web: 2, worker: 1 }, WEB));
    await h.reconciler.start();
    let up = 0;
    h.driver.onChange((p) => void (p.state === "up" && up++));
    await until(() => up === 3000, "3,000 processes up", 10_000);
    // The first tick looks at every app (their processes changed since their last pass); later ones skip them.
    const fullStarted = performance.now();
    await h.reconciler.tick();
    const full = performance.now() - fullStarted;
    const lists = h.driver.lists;
    const published = h.tables.length;
    // The median of five ticks: the test machine's other load shows in single samples.
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await h.reconciler.tick();
      times.push(performance.now() - started);
    }
    const ms = times.sort((a, b) => a - b)[2] as number;
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(ms < 50, `a tick of 1,000 apps took ${ms.toFixed(1)} ms`);
    assert.ok(h.driver.lists - lists <= 1, `the tick listed the host ${h.driver.lists - lists} times`);
    assert.equal(h.tables.length, published, "nothing changed, so no new table");
    // One app changing costs one app's work: its route changes, the others' are reused.
    h.core.scale(ids[0] as string, { web: 3 });
    await until(() => h.route("app0.localhost")?.backends.length === 3, "app0 scaled");
    assert.equal(h.route("app999.localhost")?.backends.length, 2);
    console.log(
      `tick of 1,000 apps (3,000 processes): median ${ms.toFixed(1)} ms, fastest ${times[0]?.toFixed(1)} ms; a pass over every app ${full.toFixed(1)} ms`,
    );
    // Hands off rather than stopping 3,000 processes one by one, which this test is not about.
    await h.reconciler.handOff();
  });
});
