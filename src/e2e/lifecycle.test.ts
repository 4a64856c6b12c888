// `fifteen up` as a process: first-start token, bad settings, graceful SIGTERM, and SIGKILL in the middle of a build.
import assert from "node:assert/strict";
import { chmod, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ApiClient, type Build } from "../client/index.js";
import { inheritedEnv } from "../config/index.js";
import { reap } from "../isolation/registry.js";
import { writeNodeApp } from "../testing/apps.js";
import { request } from "undici";
import { alive, CLI, run, spawnPlatform } from "../testing/platform.js";
import { writeRunApp } from "../testing/run-app.js";
import { submitTarball } from "../testing/tarball.js";

describe("platform lifecycle", () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "fifteen-life-"));
    // App uids must pass through to the data dirs inside (`up` refuses otherwise).
    await chmod(root, 0o711);
  });
  after(async () => {
    // If a test failed half-way, a SIGKILLed platform's processes and router are still running: reap them.
    for (const entry of await readdir(root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      for (const dataDir of [join(root, entry.name), join(root, entry.name, ".fifteen")]) {
        await reap(join(dataDir, "pids"));
        await reap(join(dataDir, "router-pid"));
      }
    }
    await rm(root, { recursive: true, force: true });
  });

  it("prints a generated admin token once, on the first start only, and stops cleanly on SIGTERM", async () => {
    const cwd = join(root, "first");
    await writeNodeApp(cwd, { lockfile: false }); // any directory: data goes to ./.fifteen
    const first = await spawnPlatform(cwd, {});
    // The token goes to stderr right after the log line spawnPlatform waits for on stdout: the two pipes race.
    for (let i = 0; i < 50 && !/fft_/.test(first.stderr()); i++) await new Promise((r) => setTimeout(r, 100));
    const token = /(fft_[A-Za-z0-9_-]+)/.exec(first.stderr())?.[1];
    assert.ok(token, `the first start prints the admin token: ${first.stderr()}`);
    assert.ok(!first.stdout().includes(token), "the token is not in the JSON log");
    const me = await new ApiClient(first.apiUrl, token).whoami();
    assert.equal(me.name, "admin");
    first.proc.kill("SIGTERM");
    assert.equal(await first.exited, 0);
    assert.match(first.stdout(), /"msg":"fifteen stopped"/);
    for (const line of first.stdout().trim().split("\n")) assert.doesNotThrow(() => JSON.parse(line), line);

    const second = await spawnPlatform(cwd, {});
    assert.doesNotMatch(second.stderr(), /fft_/);
    assert.equal((await new ApiClient(second.apiUrl, token).whoami()).name, "admin");
    second.proc.kill("SIGTERM");
    assert.equal(await second.exited, 0);
  });

  it("uses FIFTEEN_ADMIN_TOKEN on the first start and prints no token", async () => {
    const token = "fft_from_the_environment_123456";
    const p = await spawnPlatform(root, {
      FIFTEEN_DATA_DIR: join(root, "env-token"),
      FIFTEEN_ADMIN_TOKEN: token,
    });
    assert.doesNotMatch(p.stderr(), /fft_/);
    assert.equal((await new ApiClient(p.apiUrl, token).whoami()).name, "admin");
    p.proc.kill("SIGTERM");
    assert.equal(await p.exited, 0);
  });

  it("refuses to start with a bad setting, naming it", async () => {
    for (const [name, value] of [
      ["FIFTEEN_API_PORT", "abc"],
      ["FIFTEEN_MASTER_KEY", "short"],
      ["FIFTEEN_GRACE_SECONDS", "-5"],
    ]) {
      const res = await run(process.execPath, [CLI, "up"], {
        cwd: root,
        env: { ...inheritedEnv(), FIFTEEN_DATA_DIR: join(root, "bad"), [name as string]: value as string },
      });
      assert.equal(res.code, 78, `${name}=${value}`);
      assert.match(res.stderr, new RegExp(`cannot start: ${name}`));
    }
  });

  it("leaves releases as they were when killed mid-build, and builds again after restart", async () => {
    const token = "fft_lifecycle_admin_token_0001";
    const env = { FIFTEEN_DATA_DIR: join(root, "kill"), FIFTEEN_ADMIN_TOKEN: token };
    const appDir = join(root, "slow-app");
    await writeNodeApp(appDir, { scripts: { build: 'node -e "setTimeout(() => {}, 4000)"' } });

    const first = await spawnPlatform(root, env);
    let api = new ApiClient(first.apiUrl, token);
    await api.createApp("slow");
    const build = await submitTarball(api, "slow", appDir);
    for await (const text of api.buildOutput("slow", build.id, true))
      if (text.includes("npm run build")) break;
    first.proc.kill("SIGKILL");
    await first.exited;

    const second = await spawnPlatform(root, env);
    api = new ApiClient(second.apiUrl, token);
    assert.deepEqual(await api.releases("slow"), []);
    const interrupted: Build = await api.build("slow", build.id);
    assert.equal(interrupted.status, "failed");
    assert.equal(interrupted.errorCode, "BUILD_INTERRUPTED");

    await writeNodeApp(appDir, { scripts: {} });
    const retry = await submitTarball(api, "slow", appDir);
    for await (const text of api.buildOutput("slow", retry.id, true)) void text;
    assert.equal((await api.build("slow", retry.id)).status, "succeeded");
    assert.deepEqual(
      (await api.releases("slow")).map((r) => r.version),
      [1],
    );
    second.proc.kill("SIGTERM");
    assert.equal(await second.exited, 0);
  });

  it("adopts the same formation after SIGKILL, without orphans or doubles; the router serves meanwhile", async () => {
    const token = "fft_lifecycle_admin_token_0002";
    const env = { FIFTEEN_DATA_DIR: join(root, "formation"), FIFTEEN_ADMIN_TOKEN: token };
    const appDir = join(root, "web-app");
    await writeRunApp(appDir, { procfile: "web: node server.js\nstubborn: node stubborn.js\n" });
    const first = await spawnPlatform(root, env);
    let api = new ApiClient(first.apiUrl, token);
    await api.createApp("shop");
    const build = await submitTarball(api, "shop", appDir);
    for await (const text of api.buildOutput("shop", build.id, true)) void text;
    await api.scale("shop", { web: 2, stubborn: 1 });
    const waitFor = async (check: () => Promise<boolean>) => {
      for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 100));
    };
    await waitFor(async () => (await api.processes("shop")).filter((p) => p.state === "up").length === 3);
    const before = await api.processes("shop");
    assert.equal(before.filter((p) => p.state === "up").length, 3);
    // No keep-alive: the router is replaced on the same port during this test.
    const get = async (url: string) => {
      const res = await request(url, { headers: { host: "shop.localhost" }, reset: true });
      return { status: res.statusCode, text: await res.body.text() };
    };
    assert.equal((await get(first.routerUrl)).status, 200);

    first.proc.kill("SIGKILL");
    await first.exited;
    // The router and the processes outlive the control plane: requests still succeed while it is down,
    // even to an endpoint that writes to stdout (its output pipe does not break with the platform gone).
    assert.equal((await get(first.routerUrl)).status, 200);
    for (let i = 0; i < 5; i++) {
      const res = await request(`${first.routerUrl}/log`, {
        headers: { host: "shop.localhost", "x-request-id": `while-down-${i}` },
        reset: true,
      });
      await res.body.dump();
      assert.equal(res.statusCode, 200);
    }

    const second = await spawnPlatform(root, { ...env, FIFTEEN_ROUTER_PORT: new URL(first.routerUrl).port });
    api = new ApiClient(second.apiUrl, token);
    await waitFor(async () => (await api.processes("shop")).filter((p) => p.state === "up").length === 3);
    const after = await api.processes("shop");
    // Adopted, not restarted: the same processes, still running.
    assert.deepEqual(
      after.map((p) => `${p.name}:${p.state}:${p.pid}`).sort(),
      before.map((p) => `${p.name}:up:${p.pid}`).sort(),
    );
    for (const p of before) assert.equal(alive(p.pid as number), true, `${p.name} (pid ${p.pid}) still runs`);
    // What they printed while nobody read their output waited in its pipe, and is in the logs now.
    const printed: string[] = [];
    await waitFor(async () => {
      printed.length = 0;
      for await (const line of api.logs("shop", { lines: 500, source: "app" })) printed.push(line.text);
      return printed.filter((text) => text.includes("while-down-")).length === 5;
    });
    assert.equal(printed.filter((text) => text.includes("while-down-")).length, 5, printed.join("\n"));
    // What the dead platform had read but not yet written to the history cannot be counted: it is marked.
    const platformLines: string[] = [];
    for await (const line of api.logs("shop", { lines: 500, source: "platform" }))
      platformLines.push(line.text);
    assert.ok(
      platformLines.some((text) => text.includes("stopped without a clean shutdown")),
      platformLines.join("\n"),
    );
    assert.equal((await get(second.routerUrl)).status, 200);
    second.proc.kill("SIGTERM");
    assert.equal(await second.exited, 0);
    for (const p of after) assert.equal(alive(p.pid as number), false, `${p.name} stopped with the platform`);
  });
});
