// A platform upgrade (SIGTERM to `fifteen up`, then `fifteen up` again on the same data dir) under load: the app
// and the router keep serving through the gap (0 failed requests, the same pid), the new platform adopts them,
// lines the app printed meanwhile reach `fifteen logs`, and `fifteen down --stop-apps` ends everything.
import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { ApiClient } from "../client/index.js";
import { UNCLEAN_STOP_LINE } from "../logs/unclean-stop.js";
import { removeDir } from "../runtime/local/disk.js";
import { reap } from "../isolation/registry.js";
import {
  ADMIN_TOKEN,
  alive,
  CLI,
  dataPlanePid,
  fifteen,
  run,
  spawnPlatform,
  startTestPlatform,
  stopDataPlane,
  userEnv,
  type ChildPlatform,
  type TestPlatform,
} from "../testing/platform.js";
import { submitTarball } from "../testing/tarball.js";
import { inheritedEnv } from "../config/index.js";
import { load } from "../testing/load.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(100);
  }
}

/** A web app that also logs a timestamped line every 100 ms (so some are printed while no platform runs). */
async function writeTickingApp(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "server.js"),
    [
      'const http = require("http");',
      "let served = 0;",
      'http.createServer((req, res) => { served++; res.end("hello from " + process.pid); }).listen(process.env.PORT);',
      'setInterval(() => console.log("tick at " + Date.now() + " after " + served + " requests"), 100);',
      "",
    ].join("\n"),
  );
  await writeFile(join(dir, "Procfile"), "web: exec node server.js\n");
}

describe("platform upgrade without downtime", () => {
  let root: string;
  const platforms: ChildPlatform[] = [];
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "fifteen-upgrade-"));
    await chmod(root, 0o711);
  });
  after(async () => {
    for (const p of platforms) if (p.proc.exitCode === null) p.proc.kill("SIGKILL");
    await reap(join(root, "data", "pids"));
    await reap(join(root, "data", "router-pid"));
    // An HAProxy a failed case left (its command line names the data dir).
    await stopDataPlane(join(root, "data"));
    await removeDir(root);
  });

  it("SIGTERM and start again under load: 0 failed requests, the same pid, logs from the gap; down --stop-apps ends it", async () => {
    const token = "fft_upgrade_admin_token_000001";
    const dataDir = join(root, "data");
    const env = { FIFTEEN_DATA_DIR: dataDir, FIFTEEN_ADMIN_TOKEN: token, FIFTEEN_STOP_APPS_ON_EXIT: "0" };
    const appDir = join(root, "ticking");
    await writeTickingApp(appDir);
    const first = await spawnPlatform(root, env);
    platforms.push(first);
    let api = new ApiClient(first.apiUrl, token);
    await api.createApp("shop");
    const build = await submitTarball(api, "shop", appDir);
    for await (const text of api.buildOutput("shop", build.id, true)) void text;
    await waitFor(async () => (await api.processes("shop")).some((p) => p.state === "up"));
    const before = (await api.processes("shop"))[0];
    assert.ok(before?.pid);
    const router = { pid: await dataPlanePid(dataDir) };

    // A one-off is tied to its client: it ends with the platform, unlike the formation's processes.
    await api.runDetached("shop", { command: ["sleep 300"] });
    let oneOff: number | null | undefined;
    await waitFor(async () => {
      oneOff = (await api.processes("shop")).find((p) => p.name.startsWith("run."))?.pid;
      return typeof oneOff === "number";
    });

    const traffic = load(
      first.routerUrl,
      "shop.localhost",
      32,
      (status, body) => status === 200 && body.startsWith("hello"),
    );
    await sleep(1500);
    first.proc.kill("SIGTERM");
    assert.equal(await first.exited, 0, first.stderr());
    const stoppedAt = Date.now();
    assert.ok(alive(before.pid), "the app outlived the platform");
    assert.ok(alive(router.pid), "the router outlived the platform");
    assert.equal(alive(oneOff as number), false, "the one-off ended with the platform");
    // The gap: nobody supervises the app, the router serves its last table.
    await sleep(1500);
    const second = await spawnPlatform(root, env);
    platforms.push(second);
    const upAt = Date.now();
    assert.equal(second.routerUrl, first.routerUrl, "the same router serves on");
    api = new ApiClient(second.apiUrl, token);
    await sleep(3000);
    await traffic.stop();
    assert.deepEqual(traffic.failures.slice(0, 5), [], `${traffic.failures.length} requests failed`);
    assert.ok(traffic.ok > 100, `only ${traffic.ok} requests were answered`);

    const after = await api.processes("shop");
    assert.deepEqual(
      after.map((p) => [p.name, p.state, p.pid]),
      [["web.1", "up", before.pid]],
      "adopted, not restarted",
    );
    const user = { apiUrl: second.apiUrl, home: root };
    const userOpts = { env: userEnv(user, { FIFTEEN_TOKEN: token }), cwd: root };
    const ps = await run(process.execPath, [CLI, "ps", "-a", "shop"], userOpts);
    assert.equal(ps.code, 0, ps.stderr);
    assert.match(ps.stdout, new RegExp(`web\\.1\\s+up\\s+.*\\d+ MB / 512 MB\\s+${before.pid}\\s`));
    const psJson = JSON.parse(
      (await run(process.execPath, [CLI, "ps", "-a", "shop", "--json"], userOpts)).stdout,
    ) as Array<{ memoryBytes: number; memoryLimitBytes: number }>;
    assert.ok((psJson[0]?.memoryBytes ?? 0) > 1 << 20);
    assert.equal(psJson[0]?.memoryLimitBytes, 512 * 1024 * 1024);

    // Lines printed while no platform ran, read by the next one from the process's output pipe.
    const logs = await run(
      process.execPath,
      [CLI, "logs", "-a", "shop", "-s", "app", "-n", "1000"],
      userOpts,
    );
    assert.equal(logs.code, 0, logs.stderr);
    const ticks = [...logs.stdout.matchAll(/tick at (\d+)/g)].map((m) => Number(m[1]));
    assert.ok(
      ticks.some((t) => t > stoppedAt && t < upAt),
      `no line from the gap (${stoppedAt}–${upAt}) in the logs`,
    );
    assert.ok(
      ticks.some((t) => t > upAt + 1000),
      "no line from after the restart",
    );
    const all = await run(process.execPath, [CLI, "logs", "-a", "shop", "-n", "1000"], userOpts);
    assert.doesNotMatch(all.stdout, new RegExp(UNCLEAN_STOP_LINE.slice(0, 40)), "a handoff is a clean stop");

    const down = await run(process.execPath, [CLI, "down", "--stop-apps"], {
      cwd: root,
      env: { ...inheritedEnv(), FIFTEEN_DATA_DIR: dataDir },
    });
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stderr, /Stopped the platform \(pid \d+\), its apps and its router/);
    assert.equal(await second.exited, 0);
    assert.equal(alive(before.pid), false, "the app was stopped");
    assert.equal(alive(router.pid), false, "the router was stopped");
  });
});

describe("maintenance mode", () => {
  let t: TestPlatform;
  let appDir: string;
  before(async () => {
    t = await startTestPlatform();
    appDir = join(t.dataDir, "..", "ticking");
    await writeTickingApp(appDir);
  });
  after(async () => {
    await t.close();
  });

  const get = async (accept?: string) => {
    const res = await request(t.platform.routerUrl, {
      headers: { host: "shop.localhost", ...(accept ? { accept } : {}) },
      reset: true,
    });
    return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
  };

  it("on: 503 pages (HTML, JSON) with Retry-After, processes untouched; survives a restart; off: served at once", async () => {
    const api = new ApiClient(t.apiUrl, ADMIN_TOKEN);
    await api.createApp("shop");
    const build = await submitTarball(api, "shop", appDir);
    for await (const text of api.buildOutput("shop", build.id, true)) void text;
    await waitFor(async () => (await get()).status === 200);

    const on = await fifteen(t, ["maintenance:on", "-a", "shop"]);
    assert.equal(on.code, 0, on.stderr);
    assert.match(on.stderr, /Maintenance mode is on for shop/);
    const page = await get("text/html,application/xhtml+xml,*/*;q=0.8");
    assert.equal(page.status, 503);
    assert.equal(page.headers["retry-after"], "60");
    assert.match(String(page.headers["content-type"]), /text\/html/);
    assert.match(page.body, /Down for maintenance/);
    const json = await get("application/json");
    assert.equal(json.status, 503);
    assert.deepEqual(JSON.parse(json.body), {
      id: "maintenance",
      app: "shop",
      message: "This app is down for maintenance. Try again later.",
    });
    const ps = await api.processes("shop");
    assert.deepEqual(
      ps.map((p) => [p.name, p.state]),
      [["web.1", "up"]],
      "the processes keep running",
    );
    const shown = await fifteen(t, ["maintenance", "-a", "shop", "--json"]);
    assert.deepEqual(JSON.parse(shown.stdout), { maintenance: true });

    await t.restart();
    await waitFor(async () =>
      (await new ApiClient(t.apiUrl, ADMIN_TOKEN).processes("shop")).some((p) => p.state === "up"),
    );
    assert.equal((await get()).status, 503, "maintenance survives a platform restart");
    const pid = (await new ApiClient(t.apiUrl, ADMIN_TOKEN).processes("shop"))[0]?.pid;

    const off = await fifteen(t, ["maintenance:off", "-a", "shop"]);
    assert.equal(off.code, 0, off.stderr);
    await waitFor(async () => (await get()).status === 200, 2000);
    assert.match((await get()).body, /^hello/);
    assert.equal((await fifteen(t, ["maintenance", "-a", "shop"])).stdout, "off\n");
    const after = await new ApiClient(t.apiUrl, ADMIN_TOKEN).processes("shop");
    assert.equal(after[0]?.pid, pid, "no restart to leave maintenance");
    const audit = await new ApiClient(t.apiUrl, ADMIN_TOKEN).audit(50);
    const actions = audit.filter((e) => e.target === "shop").map((e) => e.action);
    assert.ok(actions.filter((a) => a === "PUT /v1/apps/:app/maintenance").length >= 2, actions.join(", "));
  });
});
