import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { FifteenError, type ErrorCode } from "../../shared/errors.js";
import { BUILDPACKS, STATIC_WEB_COMMAND, type BuildContext, type Buildpack } from "./index.js";
import { nodeBuildpack } from "./node.js";
import { procfileBuildpack } from "./procfile.js";
import { staticBuildpack } from "./static.js";

let root: string;
let counter = 0;

before(async () => {
  root = await mkdtemp(join(tmpdir(), "fifteen-buildpacks-"));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh app directory holding the given files. */
async function appDir(files: Record<string, string>): Promise<string> {
  const dir = join(root, `app-${++counter}`);
  await mkdir(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

function pkg(scripts: Record<string, string> = {}): string {
  return JSON.stringify({ name: "app", version: "1.0.0", scripts });
}

interface Recorded {
  ctx: BuildContext;
  tools: string[];
  runs: (readonly string[])[];
  envs: (Record<string, string> | undefined)[];
  log: string[];
}

function context(dir: string, run?: (argv: readonly string[]) => Promise<void>): Recorded {
  const runs: (readonly string[])[] = [];
  const envs: (Record<string, string> | undefined)[] = [];
  const log: string[] = [];
  const tools: string[] = [];
  const ctx: BuildContext = {
    dir,
    cacheDir: join(dir, "..", `${dir.split("/").pop() ?? "x"}-cache`),
    nodeVersion: process.versions.node,
    log: (text) => log.push(text),
    toolchains: {
      packageManager: (name, version) =>
        Promise.resolve({ kind: name, version, root: `/runtimes/${name}/${version}`, bin: "/bin" }),
    },
    useTool: (tool) => void tools.push(`${tool.kind}@${tool.version}`),
    run: async (argv, env) => {
      runs.push([...argv]);
      envs.push(env);
      if (run) await run(argv);
    },
  };
  return { ctx, runs, envs, log, tools };
}

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof FifteenError, `expected a FifteenError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  });
}

/** The buildpack the builder would pick: the first in BUILDPACKS whose detect() matches. */
async function pick(dir: string): Promise<string | undefined> {
  for (const bp of BUILDPACKS) if ((await bp.detect(dir)).matched) return bp.name;
  return undefined;
}

async function detectAll(dir: string): Promise<Record<string, { matched: boolean; reason: string }>> {
  const out: Record<string, { matched: boolean; reason: string }> = {};
  for (const bp of BUILDPACKS) out[bp.name] = await bp.detect(dir);
  return out;
}

describe("BUILDPACKS detection", () => {
  test("are tried in the order node, static, procfile", () => {
    assert.deepEqual(
      BUILDPACKS.map((bp: Buildpack) => bp.name),
      ["node", "static", "procfile"],
    );
  });

  test("a dir with package.json is a node app", async () => {
    const dir = await appDir({ "package.json": pkg() });
    const d = await detectAll(dir);
    assert.deepEqual(d.node, { matched: true, reason: "package.json found" });
    assert.equal(d.static?.matched, false);
    assert.equal(await pick(dir), "node");
  });

  test("index.html alone is a static site, not node", async () => {
    const dir = await appDir({ "index.html": "<h1>hi</h1>" });
    const d = await detectAll(dir);
    assert.deepEqual(d.node, { matched: false, reason: "no package.json" });
    assert.equal(d.static?.matched, true);
    assert.equal(d.procfile?.matched, false);
    assert.equal(await pick(dir), "static");
  });

  test("index.html with package.json: static declines because package.json is present", async () => {
    const dir = await appDir({ "index.html": "<h1>hi</h1>", "package.json": pkg() });
    const d = await detectAll(dir);
    assert.equal(d.static?.matched, false);
    assert.match(d.static?.reason ?? "", /package\.json present/);
    assert.equal(await pick(dir), "node");
  });

  test("a Procfile alone is a procfile app", async () => {
    const dir = await appDir({ Procfile: "web: ./server\n" });
    const d = await detectAll(dir);
    assert.equal(d.node?.matched, false);
    assert.deepEqual(d.static, { matched: false, reason: "no index.html" });
    assert.deepEqual(d.procfile, { matched: true, reason: "Procfile found" });
    assert.equal(await pick(dir), "procfile");
  });

  test("package.json with a Procfile is still built by node", async () => {
    const dir = await appDir({ "package.json": pkg(), Procfile: "web: node a.js\n" });
    assert.equal(await pick(dir), "node");
  });

  test("an empty dir matches nothing, and every buildpack says why", async () => {
    const dir = await appDir({});
    const d = await detectAll(dir);
    for (const [name, detection] of Object.entries(d)) {
      assert.equal(detection.matched, false, name);
      assert.match(detection.reason, /^no /, name);
    }
    assert.equal(await pick(dir), undefined);
  });
});

describe("nodeBuildpack.build", () => {
  test("without package-lock.json it fails with LOCKFILE_MISSING and runs nothing", async () => {
    const dir = await appDir({ "package.json": pkg({ start: "node a.js" }) });
    const rec = context(dir);
    await rejectsWith(
      nodeBuildpack.build(rec.ctx),
      "LOCKFILE_MISSING",
      /package-lock\.json \(`npm install`\), or yarn\.lock \(`yarn install`\), or pnpm-lock\.yaml \(`pnpm install`\)/,
    );
    assert.deepEqual(rec.runs, []);
  });

  test("packageManager names the lockfile it needs", async () => {
    const dir = await appDir({
      "package.json": JSON.stringify({ packageManager: "pnpm@9.15.0", scripts: { start: "node a.js" } }),
      "package-lock.json": "{}",
    });
    await rejectsWith(
      nodeBuildpack.build(context(dir).ctx),
      "LOCKFILE_MISSING",
      /pnpm-lock\.yaml is missing/,
    );
    const berry = await appDir({
      "package.json": JSON.stringify({ packageManager: "yarn@4.1.0", scripts: { start: "node a.js" } }),
      "yarn.lock": "",
    });
    await rejectsWith(nodeBuildpack.build(context(berry).ctx), "PACKAGE_MANAGER_UNSUPPORTED", /only yarn 1/);
  });

  test("yarn.lock: yarn at packageManager's version installs, builds and prunes, with its own cache", async () => {
    const dir = await appDir({
      "package.json": JSON.stringify({
        packageManager: "yarn@1.22.19+sha512.abc",
        scripts: { build: "tsc", start: "node a.js" },
      }),
      "yarn.lock": "",
    });
    const rec = context(dir);
    assert.deepEqual(await nodeBuildpack.build(rec.ctx), { web: "node a.js" });
    assert.deepEqual(rec.tools, ["yarn@1.22.19"]);
    // Less the copies that keep node_modules in the build cache (modules-cache.ts).
    const steps = rec.runs.filter((argv) => argv[0] === "yarn");
    assert.deepEqual(
      steps.map((argv) => argv.slice(0, 3)),
      [
        ["yarn", "install", "--frozen-lockfile"],
        ["yarn", "run", "build"],
        ["yarn", "install", "--frozen-lockfile"],
      ],
    );
    assert.ok(steps[0]?.includes("--production=false"), "dev dependencies for the build");
    assert.ok(steps[2]?.includes("--production=true"), "the slug keeps production dependencies only");
    assert.ok(steps[0]?.includes(join(rec.ctx.cacheDir, "yarn")));
  });

  test("pnpm-lock.yaml: pnpm (pinned default version) installs, builds and prunes", async () => {
    const dir = await appDir({
      "package.json": pkg({ build: "tsc", start: "node a.js" }),
      "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
    });
    const rec = context(dir);
    await nodeBuildpack.build(rec.ctx);
    assert.deepEqual(rec.tools, ["pnpm@9.15.9"]);
    assert.deepEqual(
      rec.runs.filter((argv) => argv[0] === "pnpm").map((argv) => argv.slice(0, 2)),
      [
        ["pnpm", "install"],
        ["pnpm", "run"],
        ["pnpm", "prune"],
      ],
    );
    assert.ok(rec.runs[0]?.includes("--frozen-lockfile"));
    assert.ok(rec.runs.filter((argv) => argv[0] === "pnpm")[2]?.includes("--prod"));
  });

  test("without a start script, npm start's own default (server.js); prestart keeps npm start", async () => {
    const lock = JSON.stringify({ lockfileVersion: 3, packages: { "": { name: "a" } } });
    const dir = await appDir({ "package.json": pkg({}), "package-lock.json": lock, "server.js": "" });
    assert.deepEqual(await nodeBuildpack.build(context(dir).ctx), { web: "node server.js" });
    const pre = await appDir({
      "package.json": pkg({ prestart: "node setup.js", start: "node a.js" }),
      "package-lock.json": lock,
    });
    assert.deepEqual(await nodeBuildpack.build(context(pre).ctx), { web: "npm start" });
  });

  test("npm-shrinkwrap.json counts as a lockfile", async () => {
    const dir = await appDir({ "package.json": pkg({ start: "node a.js" }), "npm-shrinkwrap.json": "{}" });
    const rec = context(dir);
    assert.deepEqual(await nodeBuildpack.build(rec.ctx), { web: "node a.js" });
  });

  test("invalid package.json fails with PACKAGE_JSON_INVALID", async () => {
    for (const text of ["{ not json", "[]", "null"]) {
      const dir = await appDir({ "package.json": text, "package-lock.json": "{}" });
      const rec = context(dir);
      await rejectsWith(nodeBuildpack.build(rec.ctx), "PACKAGE_JSON_INVALID", /package\.json/);
      assert.deepEqual(rec.runs, [], text);
    }
  });

  test("with a lockfile and a start script: npm ci, npm prune, web is npm start", async () => {
    const dir = await appDir({ "package.json": pkg({ start: "node a.js" }), "package-lock.json": "{}" });
    const rec = context(dir);
    assert.deepEqual(await nodeBuildpack.build(rec.ctx), { web: "node a.js" });
    assert.match(rec.log.join(""), /web runs the start script, `node a.js`, directly/);
    assert.equal(rec.runs.length, 2);
    assert.deepEqual(rec.runs[0]?.slice(0, 2), ["npm", "ci"]);
    assert.deepEqual(rec.runs[1]?.slice(0, 2), ["npm", "prune"]);
    assert.ok(rec.runs[1]?.includes("--omit=dev"), "prune must drop dev dependencies");
    assert.ok(!rec.runs.some((argv) => argv.includes("build")), "no build script, no npm run build");
  });

  test("skips npm ci and npm prune when nothing is declared nor locked", async () => {
    const lock = JSON.stringify({ lockfileVersion: 3, packages: { "": { name: "a" } } });
    const dir = await appDir({ "package.json": pkg({ start: "node a.js" }), "package-lock.json": lock });
    const rec = context(dir);
    assert.deepEqual(await nodeBuildpack.build(rec.ctx), { web: "node a.js" });
    assert.deepEqual(rec.runs, []);
    assert.match(rec.log.join(""), /nothing to install/);
    // A package.json that declares a dependency still gets npm ci (which checks it against the lockfile).
    const declared = await appDir({
      "package.json": JSON.stringify({ scripts: { start: "node a.js" }, dependencies: { ms: "2.1.3" } }),
      "package-lock.json": lock,
    });
    const rec2 = context(declared);
    await nodeBuildpack.build(rec2.ctx);
    assert.deepEqual(rec2.runs[0]?.slice(0, 2), ["npm", "ci"]);
  });

  test("npm uses a cache inside the per-app cache dir", async () => {
    const dir = await appDir({ "package.json": pkg({ start: "node a.js" }), "package-lock.json": "{}" });
    const rec = context(dir);
    await nodeBuildpack.build(rec.ctx);
    for (const env of rec.envs) assert.equal(env?.npm_config_cache, join(rec.ctx.cacheDir, "npm"));
  });

  test("with a build script it runs npm run build between install and prune", async () => {
    const dir = await appDir({
      "package.json": pkg({ build: "tsc", start: "node dist/a.js" }),
      "package-lock.json": "{}",
    });
    const rec = context(dir);
    assert.deepEqual(await nodeBuildpack.build(rec.ctx), { web: "node dist/a.js" });
    assert.deepEqual(
      rec.runs.map((argv) => argv.slice(0, 2)),
      [
        ["npm", "ci"],
        ["npm", "run"],
        ["npm", "prune"],
      ],
    );
    assert.deepEqual(rec.runs[1], ["npm", "run", "build"]);
  });

  test("a Procfile wins over the start script", async () => {
    const dir = await appDir({
      "package.json": pkg({ start: "node a.js" }),
      "package-lock.json": "{}",
      Procfile: "web: node server.js\nworker: node worker.js\n",
    });
    assert.deepEqual(await nodeBuildpack.build(context(dir).ctx), {
      web: "node server.js",
      worker: "node worker.js",
    });
  });

  test("with neither Procfile nor start script it fails with NO_PROCESS_TYPES", async () => {
    const dir = await appDir({ "package.json": pkg({ build: "tsc" }), "package-lock.json": "{}" });
    await rejectsWith(nodeBuildpack.build(context(dir).ctx), "NO_PROCESS_TYPES", /Procfile.*start/);
  });

  test("a failing step fails the build and stops further steps", async () => {
    const dir = await appDir({
      "package.json": pkg({ build: "tsc", start: "node a.js" }),
      "package-lock.json": "{}",
    });
    const failure = new FifteenError("BUILD_COMMAND_FAILED", "npm ci exited with code 1");
    const rec = context(dir, async (argv) => {
      if (argv[1] === "ci") throw failure;
    });
    await assert.rejects(nodeBuildpack.build(rec.ctx), (err: unknown) => err === failure);
    assert.equal(rec.runs.length, 1);
  });

  test("a malformed Procfile fails the build with PROCFILE_INVALID", async () => {
    const dir = await appDir({
      "package.json": pkg({ start: "node a.js" }),
      "package-lock.json": "{}",
      Procfile: "web node a.js\n",
    });
    await rejectsWith(nodeBuildpack.build(context(dir).ctx), "PROCFILE_INVALID", /Procfile line 1/);
  });
});

describe("staticBuildpack.build", () => {
  test("serves the site with the built-in static server and runs nothing", async () => {
    const dir = await appDir({ "index.html": "<h1>hi</h1>" });
    const rec = context(dir);
    assert.equal(STATIC_WEB_COMMAND, "fifteen static");
    assert.deepEqual(await staticBuildpack.build(rec.ctx), { web: "fifteen static" });
    assert.deepEqual(rec.runs, []);
  });

  test("extra Procfile types are kept alongside the static web process", async () => {
    const dir = await appDir({ "index.html": "<h1>hi</h1>", Procfile: "clock: ./tick\n" });
    assert.deepEqual(await staticBuildpack.build(context(dir).ctx), {
      web: "fifteen static",
      clock: "./tick",
    });
  });
});

describe("procfileBuildpack.build", () => {
  test("returns the Procfile's types and runs nothing", async () => {
    const dir = await appDir({ Procfile: "web: ./server --port $PORT\n" });
    const rec = context(dir);
    assert.deepEqual(await procfileBuildpack.build(rec.ctx), { web: "./server --port $PORT" });
    assert.deepEqual(rec.runs, []);
  });
});
