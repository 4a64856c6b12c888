// `fifteen up` as a process: first-start token, bad settings, graceful SIGTERM, and SIGKILL in the middle of a build.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ApiClient, type Build } from "../client/index.js";
import { inheritedEnv } from "../config/index.js";
import { writeNodeApp } from "../testing/apps.js";
import { CLI, run, spawnPlatform } from "../testing/platform.js";
import { submitTarball } from "../testing/tarball.js";

describe("platform lifecycle", () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "fifteen-life-"));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it("prints a generated admin token once, on the first start only, and stops cleanly on SIGTERM", async () => {
    const cwd = join(root, "first");
    await writeNodeApp(cwd, { lockfile: false }); // any directory: data goes to ./.fifteen
    const first = await spawnPlatform(cwd, {});
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
});
