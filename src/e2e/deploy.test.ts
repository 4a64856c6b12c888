// Deploys as a user does them: git push, then `fifteen deploy`, rollback, failures that leave no release.
import assert from "node:assert/strict";
import { access, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ApiClient, type Build, type Release } from "../client/index.js";
import { commitAll, writeNodeApp } from "../testing/apps.js";
import {
  ADMIN_TOKEN,
  fifteen,
  run,
  startTestPlatform,
  userEnv,
  type TestPlatform,
} from "../testing/platform.js";

const BUILD_SCRIPT = `console.log("build step one"); setTimeout(() => console.log("build step two"), 1500);\n`;

describe("deploy, release and rollback", () => {
  let t: TestPlatform;
  let api: ApiClient;
  let appDir: string;
  let env: Record<string, string>;
  const gitUrl = (app: string) => `${t.apiUrl.replace("http://", `http://x:${ADMIN_TOKEN}@`)}/${app}.git`;
  const releases = async (app: string) =>
    JSON.parse((await fifteen(t, ["releases", "--json", "-a", app])).stdout) as Release[];

  before(async () => {
    t = await startTestPlatform();
    api = new ApiClient(t.apiUrl, ADMIN_TOKEN);
    env = userEnv(t);
    appDir = join(t.home, "shop");
    await writeNodeApp(appDir, {
      body: "v1",
      dependencies: { ms: "2.1.3" },
      scripts: { build: "node build.js" },
      files: { "build.js": BUILD_SCRIPT },
    });
    assert.equal((await fifteen(t, ["apps:create", "shop"])).code, 0);
  });
  after(() => t.close());

  let v1Commit = "";

  it("deploys with git push: build output comes back as remote: lines, v1 records the commit", async () => {
    v1Commit = await commitAll(appDir, env, "v1");
    const push = await run("git", ["push", gitUrl("shop"), "main"], { cwd: appDir, env });
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /remote: -----> Build 1 queued for shop/);
    assert.match(push.stderr, /remote: -----> Using the node buildpack/);
    assert.match(push.stderr, /remote: -----> Dependency cache is empty/);
    assert.match(push.stderr, /remote: .*build step two/);
    assert.match(push.stderr, /remote: -----> shop deployed: v1/);
    const [v1] = await releases("shop");
    assert.equal(v1?.version, 1);
    assert.equal(v1?.commit, v1Commit);
    assert.match(v1?.slugDigest ?? "", /^[0-9a-f]{64}$/);
    assert.match(v1?.sourceDigest ?? "", /^[0-9a-f]{64}$/);
    assert.deepEqual(v1?.processTypes, { web: "node server.js" });
    assert.equal(v1?.status, "succeeded");
  });

  it("deploys a change with `fifteen deploy`: v2, streamed live, reusing the dependency cache", async () => {
    await writeFile(
      join(appDir, "server.js"),
      `require("http").createServer((q, s) => s.end("v2")).listen(process.env.PORT);\n`,
    );
    const commit = await commitAll(appDir, env, "v2");
    const deploy = await fifteen(t, ["deploy", "-a", "shop"], { cwd: appDir });
    assert.equal(deploy.code, 0, deploy.stderr);
    assert.match(deploy.stderr, /Deployed shop: v2/);
    // Same lockfile: node_modules comes back from the build cache and npm ci does not run.
    assert.match(deploy.stdout, /Restored node_modules from the build cache \(.*\): install skipped/);
    const [v2] = await releases("shop");
    assert.equal(v2?.version, 2);
    assert.equal(v2?.commit, commit);
    assert.notEqual(v2?.slugDigest, (await releases("shop"))[1]?.slugDigest);
  });

  it("streams build output while the build runs", async () => {
    const { submitTarball } = await import("../testing/tarball.js");
    const build = await submitTarball(api, "shop", appDir);
    const seen: Array<{ text: string; at: number }> = [];
    for await (const text of api.buildOutput("shop", build.id, true)) seen.push({ text, at: Date.now() });
    const one = seen.find((c) => c.text.includes("build step one"));
    const two = seen.find((c) => c.text.includes("build step two"));
    assert.ok(one && two, "both build steps were streamed");
    assert.ok(two.at - one.at >= 1000, `step one arrived ${two.at - one.at} ms before step two, not live`);
    const done = await api.build("shop", build.id);
    assert.equal(done.status, "succeeded");
    assert.equal(done.release, 3);
  });

  it("rolls back to v1: a new release with v1's slug, listed newest first", async () => {
    const before = await releases("shop");
    const v1 = before.find((r) => r.version === 1);
    const res = await fifteen(t, ["rollback", "v1", "-a", "shop"]);
    assert.equal(res.code, 0, res.stderr);
    const after = await releases("shop");
    assert.deepEqual(
      after.map((r) => r.version),
      [4, 3, 2, 1],
    );
    const rolled = after[0] as Release;
    assert.equal(rolled.slugDigest, v1?.slugDigest);
    assert.equal(rolled.commit, v1Commit);
    assert.equal(rolled.description, "Rollback to v1");
    assert.equal(rolled.rollbackOf, 1);
    assert.equal(rolled.current, true);
    const info = JSON.parse(
      (await fifteen(t, ["releases:info", "v4", "--json", "-a", "shop"])).stdout,
    ) as Release;
    assert.equal(info.slugDigest, v1?.slugDigest);
  });

  it("makes a new release when config changes on a deployed app", async () => {
    const res = await fifteen(t, ["config:set", "GREETING=hi", "-a", "shop", "--json"]);
    assert.equal(res.code, 0, res.stderr);
    const [latest, previous] = await releases("shop");
    assert.equal(latest?.version, 5);
    assert.equal(latest?.description, "Set GREETING config vars");
    assert.equal(latest?.slugDigest, previous?.slugDigest);
    assert.notEqual(latest?.configVersion, previous?.configVersion);
  });

  it("fails a node app without a lockfile with a clear message and no release", async () => {
    assert.equal((await fifteen(t, ["apps:create", "nolock"])).code, 0);
    const dir = join(t.home, "nolock");
    await writeNodeApp(dir, { lockfile: false });
    const res = await fifteen(t, ["deploy", "-a", "nolock"], { cwd: dir });
    assert.equal(res.code, 1);
    assert.match(res.stdout, /No lockfile: create package-lock\.json \(`npm install`\), or yarn\.lock/);
    assert.match(res.stdout, /`fifteen deploy` uploads only tracked files/);
    assert.match(res.stderr, /Build 1 failed/);
    assert.deepEqual(await releases("nolock"), []);
    const builds = JSON.parse((await fifteen(t, ["builds", "--json", "-a", "nolock"])).stdout) as Build[];
    assert.equal(builds[0]?.errorCode, "LOCKFILE_MISSING");
  });

  it("rejects a push when the build fails, and leaves the old release serving", async () => {
    await writeFile(join(appDir, "Procfile"), "web node server.js\n");
    await commitAll(appDir, env, "broken procfile");
    const push = await run("git", ["push", gitUrl("shop"), "main"], { cwd: appDir, env });
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /remote: .*Procfile line 1: expected "type: command"/);
    assert.match(push.stderr, /pre-receive hook declined/);
    const [current] = await releases("shop");
    assert.equal(current?.version, 5);
  });

  it("rejects pushes to branches other than main", async () => {
    const push = await run("git", ["push", gitUrl("shop"), "main:feature"], { cwd: appDir, env });
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /shop deploys only its branch main; rejected: feature/);
  });

  it("builds a static site and a plain Procfile app", async () => {
    assert.equal((await fifteen(t, ["apps:create", "site"])).code, 0);
    const site = join(t.home, "site");
    await mkdir(site, { recursive: true });
    await writeFile(join(site, "index.html"), "<h1>hi</h1>\n");
    const res = await fifteen(t, ["deploy", "-a", "site"], { cwd: site });
    assert.equal(res.code, 0, res.stderr + res.stdout);
    assert.match(res.stdout, /static: yes \(index\.html found and no package\.json\)/);
    assert.deepEqual((await releases("site"))[0]?.processTypes, { web: "fifteen static" });

    assert.equal((await fifteen(t, ["apps:create", "worker"])).code, 0);
    const worker = join(t.home, "worker");
    await mkdir(worker, { recursive: true });
    await writeFile(join(worker, "Procfile"), "worker: sh -c 'sleep 1000'\n");
    const res2 = await fifteen(t, ["deploy", "-a", "worker"], { cwd: worker });
    assert.equal(res2.code, 0, res2.stderr + res2.stdout);
    assert.match(res2.stdout, /node: no \(no package\.json\)/);
    assert.match(res2.stdout, /procfile: yes/);
  });

  it("cancels a running build: no release is made", async () => {
    assert.equal((await fifteen(t, ["apps:create", "slow"])).code, 0);
    const dir = join(t.home, "slow");
    await writeNodeApp(dir, { scripts: { build: 'node -e "setTimeout(() => {}, 60000)"' } });
    const { submitTarball } = await import("../testing/tarball.js");
    const build = await submitTarball(api, "slow", dir);
    for await (const text of api.buildOutput("slow", build.id, true))
      if (text.includes("npm run build")) break;
    const cancel = await fifteen(t, ["builds:cancel", String(build.number), "-a", "slow"]);
    assert.equal(cancel.code, 0, cancel.stderr);
    const done = await api.build("slow", build.id);
    assert.equal(done.status, "canceled");
    assert.deepEqual(await releases("slow"), []);
    const again = await fifteen(t, ["builds:cancel", String(build.number), "-a", "slow"]);
    assert.match(again.stderr, /already canceled/);
  });

  it("supports --json on every read command", async () => {
    const builds = JSON.parse((await fifteen(t, ["builds", "--json", "-a", "shop"])).stdout) as Build[];
    const reads = [
      ["apps"],
      ["apps:info", "-a", "shop"],
      ["config", "-a", "shop"],
      ["config:get", "GREETING", "-a", "shop"],
      ["builds", "-a", "shop"],
      ["builds:info", builds[0]?.id ?? "", "-a", "shop"],
      ["releases", "-a", "shop"],
      ["releases:info", "v1", "-a", "shop"],
      ["auth:whoami"],
    ];
    for (const args of reads) {
      const res = await fifteen(t, [...args, "--json"]);
      assert.equal(res.code, 0, `${args.join(" ")}: ${res.stderr}`);
      assert.doesNotThrow(() => JSON.parse(res.stdout), `${args.join(" ")} --json parses`);
    }
  });

  it("removes the app's repository and slugs on destroy", async () => {
    const slugs = (await releases("worker")).map((r) => r.slugDigest);
    const res = await fifteen(t, ["apps:destroy", "-a", "worker", "--confirm", "worker"]);
    assert.equal(res.code, 0, res.stderr);
    for (const digest of slugs) {
      await assert.rejects(access(join(t.dataDir, "slugs", `${digest}.tgz`)));
    }
    await assert.rejects(access(join(t.dataDir, "repos", "worker.git")));
  });
});
