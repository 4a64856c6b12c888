// Per-app isolation on one host, as a user would probe it: a one-off of one app tries to read another app's
// files, the platform's data, store and key, and to change its own release; an app that eats memory is stopped.
import assert from "node:assert/strict";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import type { ProcessInfo } from "../client/index.js";
import { writeNodeApp } from "../testing/apps.js";
import { fifteen, startTestPlatform, type TestPlatform } from "../testing/platform.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const root = process.getuid?.() === 0;

/** Tries each [operation, path] and prints what happened to each: "ok" or the error code. */
const PROBE = `
const fs = require("fs");
const out = { uid: process.getuid(), gid: process.getgid(), groups: process.getgroups() };
for (const [name, [op, path]] of Object.entries(JSON.parse(process.argv[1]))) {
  try {
    if (op === "read") fs.readFileSync(path);
    else if (op === "list") fs.readdirSync(path);
    else if (op === "write") fs.writeFileSync(path, "changed");
    else if (op === "create") fs.writeFileSync(path, "new", { flag: "wx" });
    out[name] = "ok";
  } catch (err) {
    out[name] = err.code;
  }
}
console.log(JSON.stringify(out));
`;

/** A worker that allocates (and touches) 16 MiB more every 20 ms, without bound. */
const HOG = `
const held = [];
setInterval(() => {
  const b = Buffer.alloc(16 << 20);
  b.fill(1);
  held.push(b);
  console.log("holding " + held.length * 16 + " MiB");
}, 20);
`;

describe("isolation", { skip: root ? false : "per-app uids need the platform to run as root" }, () => {
  let t: TestPlatform;

  const ps = async (app: string) =>
    JSON.parse((await fifteen(t, ["ps", "--json", "-a", app])).stdout) as ProcessInfo[];
  const until = async (what: string, check: () => Promise<boolean>, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(200);
    }
  };
  const deploy = async (app: string, files: Record<string, string> = {}, procfile?: string) => {
    const dir = join(t.home, app);
    await writeNodeApp(dir, { body: `hello from ${app}`, files, ...(procfile ? { procfile } : {}) });
    assert.equal((await fifteen(t, ["apps:create", app])).code, 0);
    const res = await fifteen(t, ["deploy", "-a", app], { cwd: dir });
    assert.equal(res.code, 0, res.stderr + res.stdout);
  };
  const get = async (app: string) => {
    const res = await request(t.platform.routerUrl, { headers: { host: `${app}.localhost` } });
    return { status: res.statusCode, text: await res.body.text() };
  };

  before(async () => {
    t = await startTestPlatform({ FIFTEEN_BOOT_TIMEOUT_SECONDS: "20" });
    await deploy("alpha");
    await deploy("beta");
    assert.equal((await fifteen(t, ["config:set", "BETA_SECRET=s3cret", "-a", "beta"])).code, 0);
    await until("beta's web up on its new release", async () =>
      (await ps("beta")).some((p) => p.state === "up" && p.release === 2),
    );
  });
  after(async () => {
    await t?.close();
  });

  it("keeps a one-off of one app out of the other app, the data dir, the store, the key and its release", async () => {
    const states = await t.platform.core.runtime.all();
    const beta = states.find((s) => s.app.name === "beta");
    const alpha = states.find((s) => s.app.name === "alpha");
    assert.ok(beta?.release && alpha);
    assert.notEqual(alpha.uid, beta.uid, "each app has its own uid");
    const betaWeb = (await ps("beta")).find((p) => p.name === "web.1" && p.state === "up");
    assert.ok(betaWeb?.pid);
    const betaRun = join(t.dataDir, "run", beta.app.id);
    const [betaProcess] = await readdir(betaRun);
    assert.ok(betaProcess, "beta's web has a process directory");
    // The platform (root) sees it all: these paths are real.
    assert.match(await readFile(`/proc/${betaWeb.pid}/environ`, "utf8"), /BETA_SECRET=s3cret/);
    const tries = {
      betaSlug: ["read", join(t.dataDir, "slugs", `${beta.release.slugDigest}.tgz`)],
      betaRunDir: ["list", betaRun],
      betaProcessDir: ["list", join(betaRun, betaProcess, "app")],
      betaCode: ["read", join(betaRun, betaProcess, "app", "server.js")],
      betaEnviron: ["read", `/proc/${betaWeb.pid}/environ`],
      betaCache: ["list", join(t.dataDir, "cache", "beta")],
      dataDir: ["list", t.dataDir],
      slugs: ["list", join(t.dataDir, "slugs")],
      sources: ["list", join(t.dataDir, "sources")],
      repos: ["list", join(t.dataDir, "repos")],
      database: ["read", join(t.dataDir, "fifteen.db")],
      telemetry: ["read", join(t.dataDir, "telemetry.db")],
      databaseWal: ["read", join(t.dataDir, "fifteen.db-wal")],
      telemetryWal: ["read", join(t.dataDir, "telemetry.db-wal")],
      masterKey: ["read", join(t.dataDir, "master.key")],
      releaseWrite: ["write", "server.js"],
      releaseCreate: ["create", "planted.js"],
      // Controls: what is its own.
      ownCode: ["read", "server.js"],
      ownEnv: ["read", "/proc/self/environ"],
      ownHome: ["create", "../disk/home/note"],
      ownTmp: ["create", "/tmp/note"],
    };
    const res = await fifteen(t, ["run", "-a", "alpha", "--", "node", "-e", PROBE, JSON.stringify(tries)]);
    assert.equal(res.code, 0, res.stderr);
    const out = JSON.parse(res.stdout.trim().split("\n").at(-1) as string) as Record<string, unknown>;
    assert.equal(out.uid, alpha.uid, "the one-off runs as alpha's uid");
    assert.equal(out.gid, alpha.uid);
    assert.deepEqual(out.groups, [alpha.uid], "no supplementary groups");
    for (const name of Object.keys(tries)) {
      if (name.startsWith("own")) assert.equal(out[name], "ok", `${name} works`);
      // (The release is also mounted read-only, shared by the app's processes: EROFS.)
      else
        assert.ok(
          ["EACCES", "ENOENT", "EROFS"].includes(out[name] as string),
          `${name}: ${String(out[name])}`,
        );
    }
    // Its /proc shows its own sandbox's processes only, not beta's or the platform's.
    const procs = await fifteen(t, [
      "run",
      "-a",
      "alpha",
      "--",
      "node",
      "-e",
      "console.log(JSON.stringify(require('fs').readdirSync('/proc').filter((n) => /^\\d+$/.test(n))))",
    ]);
    const visible = JSON.parse(procs.stdout.trim().split("\n").at(-1) as string) as string[];
    assert.ok(visible.length <= 4, `only its own few processes: ${JSON.stringify(visible)}`);
    assert.ok(!visible.includes(String(betaWeb.pid)), "beta's web is out of sight");
    // And the platform's files kept their modes.
    const status = await readFile(`/proc/${betaWeb.pid}/status`, "utf8");
    assert.match(status, new RegExp(`^Uid:\\s+${beta.uid}\\s`, "m"), "beta's web runs as beta's uid");
  });

  it("stops a process at its memory limit, says why, and the platform and other apps keep serving", async () => {
    await deploy("hog", { "hog.js": HOG }, "web: node server.js\nworker: node hog.js\n");
    const bad = await fifteen(t, ["ps:resize", "worker=64", "-a", "hog"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /worker=64 is not a memory size: use a whole number of M or G/);
    const unknown = await fifteen(t, ["ps:resize", "wrker=64M", "-a", "hog"]);
    assert.match(unknown.stderr, /no process type "wrker"/);
    const resized = await fifteen(t, ["ps:resize", "worker=96M", "--json", "-a", "hog"]);
    assert.equal(resized.code, 0, resized.stderr);
    const formation = JSON.parse(resized.stdout) as Array<{ type: string; memory: string }>;
    assert.deepEqual(
      formation.map((f) => [f.type, f.memory]),
      [
        ["web", "512M"],
        ["worker", "96M"],
      ],
    );
    assert.equal((await fifteen(t, ["ps:scale", "worker=1", "-a", "hog"])).code, 0);
    const line = "worker.1 exceeded its memory limit of 96 MiB and was stopped";
    await until("the worker to be stopped at its limit", async () => {
      const logs = await fifteen(t, ["logs", "-a", "hog", "--source", "platform", "-n", "200"]);
      return logs.stdout.includes(line);
    });
    const logs = await fifteen(t, ["logs", "-a", "hog", "-n", "500"]);
    assert.match(logs.stdout, /worker\.1 crashed \(memory limit\), restarting/);
    assert.match(logs.stdout, /holding \d+ MiB/);
    // Counted as a crash and restarted with backoff, like any other.
    await until(
      "a restart",
      async () => ((await ps("hog")).find((p) => p.name === "worker.1")?.restarts ?? 0) >= 1,
    );
    const text = await fifteen(t, ["ps", "-a", "hog"]);
    assert.match(text.stdout, /Formation: web=1:512M worker=1:96M/);
    // The platform and the other apps are untouched.
    assert.equal((await fifteen(t, ["apps"])).code, 0);
    assert.deepEqual(await get("alpha"), { status: 200, text: "hello from alpha" });
    assert.deepEqual(await get("hog"), { status: 200, text: "hello from hog" });
  });

  it("runs one-offs under the platform's default limit and says when it stops one", async () => {
    const res = await fifteen(t, ["run", "-a", "alpha", "--", "node", "-e", HOG]);
    assert.equal(res.code, 137, res.stderr);
    assert.match(res.stderr, /exceeded its memory limit and was stopped/);
    const logs = await fifteen(t, ["logs", "-a", "alpha", "--source", "platform", "-n", "50"]);
    assert.match(logs.stdout, /run\.\d+ exceeded its memory limit of 512 MiB and was stopped/);
    // --size sets one run's limit, as `heroku run --size` does.
    const small = await fifteen(t, ["run", "-a", "alpha", "--size", "128M", "--", "node", "-e", HOG]);
    assert.equal(small.code, 137, small.stderr);
    const after = await fifteen(t, ["logs", "-a", "alpha", "--source", "platform", "-n", "50"]);
    assert.match(after.stdout, /run\.\d+ exceeded its memory limit of 128 MiB and was stopped/);
    const bad = await fifteen(t, ["run", "-a", "alpha", "--size", "lots", "--", "true"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--size lots is not a memory size/);
  });

  it("never reads a file a build step swapped for a link to the platform's files", async () => {
    const dir = join(t.home, "linker");
    const target = join(t.dataDir, "master.key");
    await writeNodeApp(dir, { scripts: { build: `rm Procfile && ln -s ${target} Procfile` } });
    assert.equal((await fifteen(t, ["apps:create", "linker"])).code, 0);
    const res = await fifteen(t, ["deploy", "-a", "linker"], { cwd: dir });
    assert.notEqual(res.code, 0, "the build fails");
    assert.match(res.stdout + res.stderr, /Procfile is a symbolic link/);
    const key = await readFile(target, "utf8");
    for (const line of key.split("\n").filter(Boolean)) {
      assert.ok(!(res.stdout + res.stderr).includes(line.slice(-16)), "nothing of the key is shown");
    }
    const releases = await fifteen(t, ["releases", "--json", "-a", "linker"]);
    assert.deepEqual(JSON.parse(releases.stdout), [], "no release");
  });

  it("runs build steps without new privileges and without survivors, and strips setuid bits from the slug", async () => {
    const dir = join(t.home, "sneaky");
    await writeNodeApp(dir, {
      scripts: {
        build:
          "cp /bin/cat rootcat && chmod 4755 rootcat && grep NoNewPrivs /proc/self/status && " +
          "(setsid sleep 377 &) && (setsid sh -c 'sleep 378' >/dev/null 2>&1 &) && echo build done",
      },
    });
    assert.equal((await fifteen(t, ["apps:create", "sneaky"])).code, 0);
    const started = Date.now();
    const res = await fifteen(t, ["deploy", "-a", "sneaky"], { cwd: dir });
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.ok(Date.now() - started < 60_000, "a daemon holding the step's output does not hold the build up");
    assert.match(res.stdout + res.stderr, /NoNewPrivs:\s+1/);
    const leftovers: string[] = [];
    for (const pid of (await readdir("/proc")).filter((n) => /^\d+$/.test(n))) {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
      const words = cmdline.split("\0");
      if (words[0]?.endsWith("sleep") && ["377", "378"].includes(words[1] ?? "")) leftovers.push(pid);
    }
    assert.deepEqual(leftovers, [], "nothing a build step started outlives it");
    const state = (await t.platform.core.runtime.all()).find((s) => s.app.name === "sneaky");
    assert.ok(state);
    assert.ok(state.release);
    // The release's files, unpacked once for the app's processes.
    const release = join(t.dataDir, "run", state.app.id, "releases", state.release.slugDigest);
    const mode = (await stat(join(release, "rootcat"))).mode;
    assert.equal(mode & 0o7000, 0, `no setuid bit in the release: ${mode.toString(8)}`);
  });
});
