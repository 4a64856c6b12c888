// kill -9 of `fifteen up` mid-release, mid-build and with 50 running apps: after the restart `ps` and the host's
// processes agree, nothing of a lost release or build runs, the current processes are adopted (the same pids,
// serving throughout), and the API answers again (how soon: bench scenario 8).
import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { ApiClient } from "../client/index.js";
import { removeDir } from "../runtime/local/disk.js";
import { processesUnder } from "../isolation/groups.js";
import { reap } from "../isolation/registry.js";
import { writeNodeApp } from "../testing/apps.js";
import { spawnPlatform, stopDataPlane, type ChildPlatform } from "../testing/platform.js";
import { submitTarball } from "../testing/tarball.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(100);
  }
}

/** A tiny web app (Procfile buildpack, no npm): answers "ok", after BOOT_DELAY seconds when that is set. */
async function writeTinyApp(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "server.js"),
    'require("http").createServer((q, s) => s.end("ok " + (process.env.FIFTEEN_RELEASE || ""))).listen(process.env.PORT);\n',
  );
  await writeFile(join(dir, "Procfile"), "web: sleep ${BOOT_DELAY:-0}; exec node server.js\n");
}

/** Process groups of every host process running in the platform's process or build directories. */
function hostGroups(dataDir: string, under: "run" | "work"): Set<number> {
  return new Set(processesUnder([join(dataDir, under)]).map((p) => p.pgrp));
}

describe("crash recovery", () => {
  let root: string;
  const platforms: ChildPlatform[] = [];
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "fifteen-recovery-"));
    // App uids must pass through to the data dirs inside (`up` refuses otherwise).
    await chmod(root, 0o711);
  });
  after(async () => {
    for (const p of platforms) if (p.proc.exitCode === null) p.proc.kill("SIGKILL");
    for (const name of ["release", "build", "fifty"]) {
      await reap(join(root, name, "pids"));
      await reap(join(root, name, "router-pid"));
      await stopDataPlane(join(root, name));
    }
    // Unmounts the disks of processes a killed platform left, then removes everything.
    await removeDir(root);
  });
  const up = async (env: Record<string, string>) => {
    const p = await spawnPlatform(root, env);
    platforms.push(p);
    return p;
  };

  it("kill -9 mid-release: the pending release fails, its process ends, the live one is adopted", async () => {
    const token = "fft_recovery_admin_token_00001";
    const dataDir = join(root, "release");
    const env = { FIFTEEN_DATA_DIR: dataDir, FIFTEEN_ADMIN_TOKEN: token, FIFTEEN_BOOT_TIMEOUT_SECONDS: "60" };
    const appDir = join(root, "tiny");
    await writeTinyApp(appDir);
    const first = await up(env);
    let api = new ApiClient(first.apiUrl, token);
    await api.createApp("shop");
    const build = await submitTarball(api, "shop", appDir);
    for await (const text of api.buildOutput("shop", build.id, true)) void text;
    await waitFor(async () => (await api.processes("shop")).some((p) => p.state === "up"));
    const live = (await api.processes("shop"))[0];
    // v2 boots for a minute: the platform dies while it is starting.
    await api.configUpdate("shop", { BOOT_DELAY: "60" });
    await waitFor(async () => (await api.processes("shop")).some((p) => p.release === 2 && p.pid !== null));
    const starting = (await api.processes("shop")).find((p) => p.release === 2);
    first.proc.kill("SIGKILL");
    await first.exited;

    const second = await up(env);
    api = new ApiClient(second.apiUrl, token);
    const releases = await api.releases("shop");
    assert.equal(releases.find((r) => r.version === 2)?.status, "failed");
    await waitFor(async () => !hostGroups(dataDir, "run").has(starting?.pid as number), 10_000);
    // Its stop ends once its disk is unmounted and its directory removed.
    await waitFor(async () => (await api.processes("shop")).length === 1, 10_000);
    const ps = await api.processes("shop");
    assert.deepEqual(
      ps.map((p) => [p.name, p.release, p.state, p.pid]),
      [["web.1", 1, "up", live?.pid]],
      "v1's web.1 was adopted, not restarted",
    );
    assert.deepEqual([...hostGroups(dataDir, "run")], [live?.pid], "the host runs exactly what ps lists");
    const res = await request(second.routerUrl, { headers: { host: "shop.localhost" }, reset: true });
    assert.equal(await res.body.text(), "ok v1");
    second.proc.kill("SIGTERM");
    assert.equal(await second.exited, 0);
    assert.equal(hostGroups(dataDir, "run").size, 0);
  });

  it("kill -9 mid-build: the build step ends with the restart", async () => {
    const token = "fft_recovery_admin_token_00002";
    const dataDir = join(root, "build");
    const env = { FIFTEEN_DATA_DIR: dataDir, FIFTEEN_ADMIN_TOKEN: token };
    const appDir = join(root, "slow-build");
    await writeNodeApp(appDir, { scripts: { build: 'node -e "setTimeout(() => {}, 60000)"' } });
    const first = await up(env);
    let api = new ApiClient(first.apiUrl, token);
    await api.createApp("slow");
    const build = await submitTarball(api, "slow", appDir);
    for await (const text of api.buildOutput("slow", build.id, true))
      if (text.includes("npm run build")) break;
    await waitFor(async () => hostGroups(dataDir, "work").size > 0);
    first.proc.kill("SIGKILL");
    await first.exited;
    assert.ok(hostGroups(dataDir, "work").size > 0, "the build step outlived the platform");

    const second = await up(env);
    api = new ApiClient(second.apiUrl, token);
    assert.equal((await api.build("slow", build.id)).errorCode, "BUILD_INTERRUPTED");
    assert.deepEqual([...hostGroups(dataDir, "work")], [], "no build step remains");
    assert.deepEqual(await api.processes("slow"), []);
    assert.deepEqual([...hostGroups(dataDir, "run")], []);
    second.proc.kill("SIGTERM");
    assert.equal(await second.exited, 0);
  });

  it("kill -9 with 50 running apps: the API answers again, every app is adopted and a busy app never fails a request", async (t) => {
    const token = "fft_recovery_admin_token_00003";
    const dataDir = join(root, "fifty");
    const env = { FIFTEEN_DATA_DIR: dataDir, FIFTEEN_ADMIN_TOKEN: token };
    const appDir = join(root, "tiny-fifty");
    await writeTinyApp(appDir);
    const spawned = Date.now();
    const first = await up(env);
    // How long this machine takes to start a platform with no apps at all (well under 5 s on an idle one).
    const emptyStartSeconds = (Date.now() - spawned) / 1000;
    let api = new ApiClient(first.apiUrl, token);
    // One build, promoted to 50 apps at once.
    await api.createApp("source");
    await api.createPipeline("fleet");
    await api.addToPipeline("source", "fleet", "staging");
    const apps = Array.from({ length: 50 }, (_, i) => `app${i}`);
    for (const app of apps) {
      await api.createApp(app);
      await api.addToPipeline(app, "fleet", "production");
    }
    const build = await submitTarball(api, "source", appDir);
    for await (const text of api.buildOutput("source", build.id, true)) void text;
    await api.promote("source");
    const serving = async () =>
      (await Promise.all(apps.map((app) => api.processes(app)))).every((ps) =>
        ps.some((p) => p.state === "up"),
      );
    await waitFor(serving, 90_000);
    const pids = new Map(
      await Promise.all(apps.map(async (app) => [app, (await api.processes(app))[0]?.pid] as const)),
    );

    // A steady stream of requests to one app, through the router, across the crash and the restart.
    let failures = 0;
    let ok = 0;
    /** What the failed requests got, for the assertion's message. */
    const seen = new Set<string>();
    let loading = true;
    const load = (async () => {
      while (loading) {
        try {
          const res = await request(first.routerUrl, { headers: { host: "app7.localhost" } });
          const body = await res.body.text();
          if (body.startsWith("ok")) ok += 1;
          else {
            failures += 1;
            seen.add(`${res.statusCode} ${body.slice(0, 60).trim()}`);
          }
        } catch (err) {
          failures += 1;
          seen.add(err instanceof Error ? err.message : String(err));
        }
        await sleep(20);
      }
    })();
    await sleep(300);
    first.proc.kill("SIGKILL");
    await first.exited;
    const restarted = Date.now();
    // The same ports: the API is asked from the moment the new platform is started.
    const starting = up({
      ...env,
      FIFTEEN_API_PORT: new URL(first.apiUrl).port,
      FIFTEEN_ROUTER_PORT: new URL(first.routerUrl).port,
    });
    api = new ApiClient(first.apiUrl, token);
    await waitFor(
      () =>
        api.whoami().then(
          () => true,
          () => false,
        ),
      30_000,
    );
    const apiSeconds = (Date.now() - restarted) / 1000;
    const second = await starting;
    await waitFor(serving, 30_000);
    await sleep(500);
    loading = false;
    await load;
    // How soon the API answers is a benchmark's measure (BENCHMARKS.md scenario 8, 100 apps, target 5 s), not
    // this test's: beside other tests the machine's load makes any bound here a coin toss. This test holds what
    // does not depend on the load: the API answers, no request fails, every app is adopted.
    t.diagnostic(
      `the API answered ${apiSeconds} s after the restart (an empty platform: ${emptyStartSeconds} s)`,
    );
    assert.equal(
      failures,
      0,
      `${failures} of ${ok + failures} requests failed during the restart: ${[...seen].join("; ")}`,
    );
    for (const app of apps)
      assert.equal((await api.processes(app))[0]?.pid, pids.get(app), `${app} was adopted`);
    assert.ok(ok > 50, `${ok} requests succeeded`);
    second.proc.kill("SIGTERM");
    assert.equal(await second.exited, 0);
  });
});
