// Node apps written for Heroku deploy unchanged: tools from node_modules/.bin on PATH (and never the
// platform's), engines.node picking the Node version, yarn and pnpm lockfiles, NODE_ENV=production, and a
// missing command named as such.
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { request } from "undici";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { inheritedEnv } from "../config/index.js";
import { commitAll, writeNodeApp } from "../testing/apps.js";
import { fifteen, run, startTestPlatform, userEnv, type TestPlatform } from "../testing/platform.js";

/** The web process of the fixtures: says which Node runs it, with which NODE_ENV and PATH. */
const REPORTING_SERVER = `require("http")
  .createServer((q, s) => s.end(JSON.stringify({ node: process.version, env: process.env.NODE_ENV, path: process.env.PATH })))
  .listen(process.env.PORT);
`;

/** Uses its one dependency, so it answers only if the package manager installed it. */
const MS_SERVER = `const ms = require("ms");
require("http").createServer((q, s) => s.end("two days is " + ms("2 days") + " ms")).listen(process.env.PORT);
`;

describe("node apps as Heroku runs them", () => {
  let t: TestPlatform;
  let env: Record<string, string>;

  const get = async (app: string, path = "/") => {
    const res = await request(`${t.platform.routerUrl}${path}`, { headers: { host: `${app}.localhost` } });
    return { status: res.statusCode, body: await res.body.text() };
  };

  /** Creates the app, commits the directory and deploys it with `fifteen deploy`. */
  const deploy = async (app: string, dir: string) => {
    assert.equal((await fifteen(t, ["apps:create", app])).code, 0);
    await commitAll(dir, env, app);
    return fifteen(t, ["deploy", "-a", app], { cwd: dir });
  };

  /** A lockfile made by the real tool, as the app's author would have committed it. */
  const lock = async (dir: string, tool: string, args: string[]) => {
    const result = await run("npx", ["-y", tool, ...args], { cwd: dir, env: inheritedEnv() });
    assert.equal(result.code, 0, `${tool} ${args.join(" ")}: ${result.stderr}`);
  };

  before(async () => {
    t = await startTestPlatform();
    env = userEnv(t);
  });
  after(() => t.close());

  it("a Procfile runs a tool from node_modules/.bin (http-server from the registry)", async () => {
    const dir = join(t.home, "docs-site");
    await writeNodeApp(dir, {
      dependencies: { "http-server": "14.1.1" },
      procfile: "web: http-server public -p $PORT -s\n",
    });
    await mkdir(join(dir, "public"));
    await writeFile(join(dir, "public", "index.html"), "<h1>served by http-server</h1>\n");
    const deployed = await deploy("docs-site", dir);
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
    assert.deepEqual(await get("docs-site"), { status: 200, body: "<h1>served by http-server</h1>\n" });
  });

  it("engines.node 18.x runs the build, the web process and one-offs on Node 18, NODE_ENV=production", async () => {
    const dir = join(t.home, "legacy");
    await writeNodeApp(dir, {
      procfile: null,
      scripts: { start: "node report.js" },
      files: { "report.js": REPORTING_SERVER, "build.js": `console.log("built on", process.version);\n` },
    });
    // engines.node and a build script that reports the Node it ran on.
    const pkg = {
      name: "legacy",
      version: "1.0.0",
      private: true,
      engines: { node: "18.x" },
      scripts: { build: "node build.js", start: "node report.js" },
    };
    await writeFile(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
    const deployed = await deploy("legacy", dir);
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
    assert.match(deployed.stdout, /Node\.js 18\.\d+\.\d+ \(engines\.node "18\.x"\)/);
    assert.match(deployed.stdout, /built on v18\./);
    assert.match(deployed.stdout, /web runs the start script, `node report\.js`, directly/);
    const res = await get("legacy");
    assert.equal(res.status, 200);
    const seen = JSON.parse(res.body) as { node: string; env: string; path: string };
    assert.match(seen.node, /^v18\./);
    assert.equal(seen.env, "production");
    const dirs = seen.path.split(":");
    assert.match(dirs[0] ?? "", /\/app\/node_modules\/\.bin$/);
    assert.match(dirs[1] ?? "", /\/runtimes\/node\/18\.\d+\.\d+\/node_modules\/\.bin$/);
    assert.ok(!dirs.some((d) => d.startsWith("/root")), seen.path);
    // A one-off of the release runs on the same Node, and an unknown command is named.
    const version = await fifteen(t, ["run", "-a", "legacy", "--", "node", "-p", "process.version"]);
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.stdout, /^v18\./m);
    const missing = await fifteen(t, ["run", "-a", "legacy", "--", "nodemon server.js"]);
    assert.equal(missing.code, 127);
    assert.match(missing.stderr, /command not found: nodemon/);
  });

  it("an engines.node no registry version satisfies fails the build, listing the majors", async () => {
    const dir = join(t.home, "future");
    await writeNodeApp(dir);
    const pkg = { name: "future", version: "1.0.0", private: true, engines: { node: "99.x" } };
    await writeFile(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
    const deployed = await deploy("future", dir);
    assert.notEqual(deployed.code, 0);
    assert.match(
      deployed.stdout + deployed.stderr,
      /engines\.node "99\.x".*Available major versions: .*\b18, .*\b20\b/s,
    );
  });

  it("a yarn app (yarn.lock) installs with yarn 1 and answers, `web: yarn start` finding yarn", async () => {
    const dir = join(t.home, "yarn-app");
    await writeNodeApp(dir, {
      lockfile: false,
      procfile: "web: yarn start\n",
      files: { "server.js": MS_SERVER },
    });
    const pkg = {
      name: "yarn-app",
      version: "1.0.0",
      private: true,
      packageManager: "yarn@1.22.22",
      scripts: { start: "node server.js" },
      dependencies: { ms: "2.1.3" },
    };
    await writeFile(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
    await lock(dir, "yarn@1.22.22", ["install", "--non-interactive"]);
    const deployed = await deploy("yarn-app", dir);
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
    assert.match(deployed.stdout, /Installing yarn 1\.22\.22/);
    assert.match(deployed.stdout, /Installing dependencies: yarn install --frozen-lockfile \(yarn\.lock\)/);
    assert.deepEqual(await get("yarn-app"), { status: 200, body: "two days is 172800000 ms" });
  });

  it("a pnpm app (pnpm-lock.yaml) installs with pnpm and answers, `web: npm start` still working", async () => {
    const dir = join(t.home, "pnpm-app");
    await writeNodeApp(dir, {
      lockfile: false,
      procfile: "web: npm start\n",
      files: { "server.js": MS_SERVER },
    });
    const pkg = {
      name: "pnpm-app",
      version: "1.0.0",
      private: true,
      packageManager: "pnpm@9.15.9",
      scripts: { start: "node server.js" },
      dependencies: { ms: "2.1.3" },
    };
    await writeFile(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
    await lock(dir, "pnpm@9.15.9", ["install", "--lockfile-only"]);
    const deployed = await deploy("pnpm-app", dir);
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
    assert.match(deployed.stdout, /Installing pnpm 9\.15\.9/);
    assert.match(
      deployed.stdout,
      /Installing dependencies: pnpm install --frozen-lockfile \(pnpm-lock\.yaml\)/,
    );
    assert.deepEqual(await get("pnpm-app"), { status: 200, body: "two days is 172800000 ms" });
  });

  it("a build calling tsc without depending on TypeScript fails: command not found: tsc", async () => {
    const dir = join(t.home, "forgot-ts");
    await writeNodeApp(dir, { scripts: { build: "tsc -p ." } });
    const deployed = await deploy("forgot-ts", dir);
    assert.notEqual(deployed.code, 0);
    const output = deployed.stdout + deployed.stderr;
    // The platform's own TypeScript (in its node_modules/.bin) is not on the build's PATH.
    assert.doesNotMatch(output, /Version \d+\.\d+/);
    assert.match(output, /command not found: tsc/);
  });
});
