// The build cache and build environment, as a user sees them: a redeploy of a native-module app skips the
// install, config reaches build steps (runtime-only values do not), framework caches survive, npm's real reason
// ends a failed install, untracked lockfiles are named, and npm workspace links survive the slug.
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import type { Build } from "../client/index.js";
import { commitAll, writeNodeApp } from "../testing/apps.js";
import { inheritedEnv } from "../config/index.js";
import {
  ADMIN_TOKEN,
  fifteen,
  run,
  startTestPlatform,
  userEnv,
  type TestPlatform,
} from "../testing/platform.js";

describe("build cache and build environment", () => {
  let t: TestPlatform;
  const get = async (app: string) => {
    const res = await request(t.platform.routerUrl, { headers: { host: `${app}.localhost` } });
    return { status: res.statusCode, text: await res.body.text() };
  };
  /** The body the router serves for the app, once it is the expected one (a release may still be rolling). */
  const serves = async (app: string, expected: RegExp) => {
    const deadline = Date.now() + 30_000;
    let last = { status: 0, text: "" };
    while (Date.now() < deadline) {
      last = await get(app);
      if (last.status === 200 && expected.test(last.text)) return last.text;
      await sleep(200);
    }
    assert.fail(`${app} answered ${last.status} ${JSON.stringify(last.text)}, not ${String(expected)}`);
  };
  const builds = async (app: string) =>
    JSON.parse((await fifteen(t, ["builds", "--json", "-a", app])).stdout) as Build[];
  const buildSeconds = (build: Build | undefined) =>
    (Date.parse(build?.finishedAt ?? "") - Date.parse(build?.startedAt ?? "")) / 1000;
  const create = async (app: string) => assert.equal((await fifteen(t, ["apps:create", app])).code, 0);

  before(async () => {
    t = await startTestPlatform({ FIFTEEN_BOOT_TIMEOUT_SECONDS: "30" });
  });
  after(() => t.close());

  it("redeploys a native-module app without installing: install skipped, under 5 s of build, and it works", async () => {
    await create("hasher");
    const dir = join(t.home, "hasher");
    const server = (version: string) =>
      `const bcrypt = require("bcrypt");\n` +
      `const hash = bcrypt.hashSync("swordfish", 4);\n` +
      `require("http").createServer((q, s) => s.end(${JSON.stringify(version)} + " " + bcrypt.compareSync("swordfish", hash))).listen(process.env.PORT);\n`;
    await writeNodeApp(dir, { dependencies: { bcrypt: "6.0.0" }, files: { "server.js": server("v1") } });
    const first = await fifteen(t, ["deploy", "-a", "hasher"], { cwd: dir });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /Installing dependencies: npm ci/);
    assert.match(first.stdout, /Saved node_modules in the build cache/);
    assert.equal(await serves("hasher", /^v1 /), "v1 true");

    await writeFile(join(dir, "server.js"), server("v2"));
    const second = await fifteen(t, ["deploy", "-a", "hasher"], { cwd: dir });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(
      second.stdout,
      /Restored node_modules from the build cache \(package-lock\.json, Node \d+\.\d+\.\d+, x64 unchanged\): install skipped/,
    );
    assert.doesNotMatch(second.stdout, /npm ci/);
    const [latest] = await builds("hasher");
    assert.equal(latest?.status, "succeeded");
    const seconds = buildSeconds(latest);
    assert.ok(seconds < 5, `the cached redeploy took ${seconds} s of build time`);
    // The pruned slug still loads the native module restored from the cache.
    assert.equal(await serves("hasher", /^v2 /), "v2 true");
  });

  it("gives build steps the app's config, never runtime-only values, and prints no value", async () => {
    await create("envy");
    assert.equal((await fifteen(t, ["config:set", "-a", "envy", "GREETING=hello"])).code, 0);
    const secret = await fifteen(t, [
      "config:set",
      "--runtime-only",
      "-a",
      "envy",
      "API_SECRET=s3cr3t-value-42",
    ]);
    assert.equal(secret.code, 0, secret.stderr);
    assert.match(secret.stderr, /runtime only/);
    const dir = join(t.home, "envy");
    await writeNodeApp(dir, {
      scripts: { build: "node build.js" },
      files: {
        "build.js":
          `require("fs").writeFileSync("built.txt", ` +
          `(process.env.GREETING ?? "unset") + "|" + (process.env.API_SECRET ?? "not-in-build"));\n`,
        "server.js":
          `const built = require("fs").readFileSync("built.txt", "utf8");\n` +
          `require("http").createServer((q, s) => s.end(built + "|" + (process.env.API_SECRET ? "runtime-has-it" : "runtime-lacks-it"))).listen(process.env.PORT);\n`,
      },
    });
    const res = await fifteen(t, ["deploy", "-a", "envy"], { cwd: dir });
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.match(
      res.stdout,
      /Build environment: config GREETING \(runtime only, not given to the build: API_SECRET\)/,
    );
    assert.doesNotMatch(res.stdout + res.stderr, /s3cr3t-value-42/);
    assert.equal(await serves("envy", /^hello/), "hello|not-in-build|runtime-has-it");
    const config = await fifteen(t, ["config", "-a", "envy"]);
    assert.match(config.stdout, /API_SECRET:\s+s3cr3t-value-42\s+\(runtime only\)/);
    assert.match(config.stdout, /GREETING:\s+hello\n/);
  });

  it("keeps .next/cache and package.json cacheDirectories between builds", async () => {
    await create("counter");
    const dir = join(t.home, "counter");
    const count = (path: string) =>
      `(() => { const fs = require("fs"); fs.mkdirSync(${JSON.stringify(path)}, { recursive: true });\n` +
      `  const file = ${JSON.stringify(`${path}/runs`)}; const n = Number(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : 0) + 1;\n` +
      `  fs.writeFileSync(file, String(n)); return n; })()`;
    await writeNodeApp(dir, {
      scripts: { build: "node build.js" },
      files: {
        "build.js": `require("fs").writeFileSync("runs.txt", "next=" + ${count(".next/cache")} + " custom=" + ${count("tmp/assets-cache")});\n`,
        "server.js": `const runs = require("fs").readFileSync("runs.txt", "utf8");\nrequire("http").createServer((q, s) => s.end(runs)).listen(process.env.PORT);\n`,
      },
    });
    const pkgFile = join(dir, "package.json");
    const { readFile } = await import("node:fs/promises");
    const pkg = JSON.parse(await readFile(pkgFile, "utf8")) as Record<string, unknown>;
    await writeFile(
      pkgFile,
      JSON.stringify({ ...pkg, cacheDirectories: ["tmp/assets-cache", "../outside"] }),
    );
    const first = await fifteen(t, ["deploy", "-a", "counter"], { cwd: dir });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /cacheDirectories: "\.\.\/outside" is not a path inside the app: ignored/);
    assert.match(first.stdout, /Build cache: kept \.next\/cache for the next build/);
    assert.equal(await serves("counter", /^next=/), "next=1 custom=1");
    await writeFile(join(dir, "README.md"), "a change\n");
    const second = await fifteen(t, ["deploy", "-a", "counter"], { cwd: dir });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /Build cache: restored \.next\/cache/);
    assert.match(second.stdout, /Build cache: restored tmp\/assets-cache/);
    assert.equal(await serves("counter", /^next=2/), "next=2 custom=2");
  });

  it("names a package.json/lockfile mismatch and its fix in one line, with no notice and no server path", async () => {
    await create("mismatch");
    const dir = join(t.home, "mismatch");
    await writeNodeApp(dir, {});
    // The lockfile was made before the dependency was added to package.json.
    await writeFile(
      join(dir, "package.json"),
      JSON.stringify({ name: "fixture-app", version: "1.0.0", private: true, dependencies: { ms: "2.1.3" } }),
    );
    const res = await fifteen(t, ["deploy", "-a", "mismatch"], { cwd: dir });
    assert.equal(res.code, 1);
    const line = (res.stdout + res.stderr).split("\n").find((l) => l.includes("Build failed:"));
    assert.ok(line, res.stdout + res.stderr);
    assert.match(
      line,
      /package\.json and package-lock\.json are out of sync \(Missing: ms@2\.1\.3 from lock file\)\. Run `npm install` in the app directory, commit package-lock\.json, and deploy again\./,
    );
    assert.match(line, /`fifteen builds:output 1 -a mismatch`/);
    assert.doesNotMatch(line, /npm notice|\/tmp\/|\/var\/|\.log\b/);
    assert.doesNotMatch(res.stdout, new RegExp(t.dataDir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    const [build] = await builds("mismatch");
    assert.equal(build?.errorCode, "BUILD_COMMAND_FAILED");
    assert.match(build?.error ?? "", /out of sync/);
  });

  it("says an untracked lockfile is not tracked by git, before uploading and after a push", async () => {
    await create("untracked");
    const dir = join(t.home, "untracked");
    await writeNodeApp(dir, { files: { ".gitignore": "node_modules\npackage-lock.json\n" } });
    const env = userEnv(t);
    await commitAll(dir, env, "no lockfile");
    const res = await fifteen(t, ["deploy", "-a", "untracked"], { cwd: dir });
    assert.equal(res.code, 1);
    assert.match(
      res.stderr,
      /Warning: package-lock\.json is not tracked by git \(it is ignored: remove it from \.gitignore\), so it is not uploaded: `git add package-lock\.json && git commit`/,
    );
    const url = `${t.apiUrl.replace("http://", `http://x:${ADMIN_TOKEN}@`)}/untracked.git`;
    const push = await run("git", ["push", url, "main"], { cwd: dir, env });
    assert.notEqual(push.code, 0);
    assert.match(
      push.stderr,
      /package-lock\.json is not in the pushed commit [0-9a-f]{8}\. .*`git add package-lock\.json && git commit`/,
    );
  });

  it("serves an npm workspace app whose web process imports a workspace package linked under node_modules", async () => {
    await create("mono");
    const dir = join(t.home, "mono");
    await mkdir(join(dir, "packages", "greet"), { recursive: true });
    await writeFile(
      join(dir, "packages", "greet", "package.json"),
      JSON.stringify({ name: "greet", version: "1.0.0", main: "index.js", bin: { greet: "bin.js" } }),
    );
    await writeFile(
      join(dir, "packages", "greet", "index.js"),
      `module.exports = (who) => "hello " + who;\n`,
    );
    await writeFile(
      join(dir, "packages", "greet", "bin.js"),
      `#!/usr/bin/env node\nconsole.log(require("./")("cli"));\n`,
    );
    await writeFile(
      join(dir, "package.json"),
      JSON.stringify({
        name: "mono",
        version: "1.0.0",
        private: true,
        workspaces: ["packages/*"],
        dependencies: { greet: "1.0.0" },
      }),
    );
    await writeFile(
      join(dir, "server.js"),
      `const greet = require("greet");\nrequire("http").createServer((q, s) => s.end(greet("router"))).listen(process.env.PORT);\n`,
    );
    await writeFile(join(dir, "Procfile"), "web: node server.js\n");
    const lock = await run("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund"], {
      cwd: dir,
      env: inheritedEnv(),
    });
    assert.equal(lock.code, 0, lock.stderr);
    const res = await fifteen(t, ["deploy", "-a", "mono"], { cwd: dir });
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.equal(await serves("mono", /^hello/), "hello router");
    // A one-off sees the same tree: the `.bin` link through the workspace link is there too.
    const bin = await fifteen(t, ["run", "-a", "mono", "--", "node", "node_modules/.bin/greet"]);
    assert.equal(bin.code, 0, bin.stderr);
    assert.match(bin.stdout, /hello cli/);
  });
});

describe("the operator's npm settings (FIFTEEN_NPMRC)", () => {
  let t: TestPlatform;
  let npmrcDir: string;

  before(async () => {
    const { mkdtemp, chmod } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    npmrcDir = await mkdtemp(join(tmpdir(), "fifteen-npmrc-"));
    await chmod(npmrcDir, 0o711);
    // A private registry the build must see; nothing is installed from it (the app has no dependencies).
    await writeFile(join(npmrcDir, "npmrc"), "registry=http://127.0.0.1:9/fifteen-private/\n", {
      mode: 0o600,
    });
    t = await startTestPlatform({ FIFTEEN_NPMRC: join(npmrcDir, "npmrc") });
  });
  after(async () => {
    await t.close();
    const { rm } = await import("node:fs/promises");
    await rm(npmrcDir, { recursive: true, force: true });
  });

  it("applies to every build, as the build's npm user config", async () => {
    assert.equal((await fifteen(t, ["apps:create", "private"])).code, 0);
    const dir = join(t.home, "private");
    await writeNodeApp(dir, {
      scripts: { build: "npm config get registry > registry.txt" },
      files: {
        "server.js": `const r = require("fs").readFileSync("registry.txt", "utf8").trim();\nrequire("http").createServer((q, s) => s.end(r)).listen(process.env.PORT);\n`,
      },
    });
    const res = await fifteen(t, ["deploy", "-a", "private"], { cwd: dir });
    assert.equal(res.code, 0, res.stdout + res.stderr);
    const deadline = Date.now() + 30_000;
    let body = "";
    while (Date.now() < deadline && !body.startsWith("http")) {
      const answer = await request(t.platform.routerUrl, { headers: { host: "private.localhost" } });
      body = await answer.body.text();
      if (!body.startsWith("http")) await sleep(200);
    }
    assert.equal(body, "http://127.0.0.1:9/fifteen-private/");
  });

  it("stops the start when the file is missing, naming the setting", async () => {
    const { CLI, TEST_HOST_STATE_DIR } = await import("../testing/platform.js");
    const res = await run(process.execPath, [CLI, "up"], {
      cwd: npmrcDir,
      env: {
        ...inheritedEnv(),
        FIFTEEN_DATA_DIR: join(npmrcDir, "data"),
        FIFTEEN_API_PORT: "0",
        FIFTEEN_ROUTER_PORT: "0",
        FIFTEEN_HOST_STATE_DIR: TEST_HOST_STATE_DIR,
        FIFTEEN_NPMRC: join(npmrcDir, "missing.npmrc"),
      },
    });
    assert.equal(res.code, 78, res.stderr);
    assert.match(res.stderr, /FIFTEEN_NPMRC=\S*missing\.npmrc cannot be read \(ENOENT\)/);
  });
});
