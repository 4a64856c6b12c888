// Failed releases as a user meets them: the deploy output quotes what the process printed (and names a missing
// command or a hard-coded port), a first failed deploy says nothing serves, the failed release is listed and
// named by the router's page, and a config change whose release fails leaves the config as it was.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import type { Release } from "../client/index.js";
import { freePort } from "../runtime/local/readiness.js";
import { writeNodeApp } from "../testing/apps.js";
import { fifteen, startTestPlatform, type TestPlatform } from "../testing/platform.js";

/** Checks its settings at boot, as many apps do, and stops with an error when one is missing or wrong. */
const CHECKED_SERVER = `
const http = require("http");
console.log("booting the orders service");
if (!process.env.DATABASE_URL) {
  console.error("Error: DATABASE_URL is not set; add a database with fifteen addons:create postgres");
  process.exit(1);
}
if (process.env.API_KEY === "BAD") {
  console.error("Error: API_KEY is not a valid key");
  process.exit(1);
}
http.createServer((q, s) => s.end("orders " + process.env.API_KEY)).listen(process.env.PORT);
`;

/** A migration runner that fails; npm then prints its update notice, as it does when a newer npm exists. */
const MIGRATE = `
console.log("Running 2 migrations");
console.log("  001_create_users");
process.on("exit", () => {
  // What npm prints after the script when the registry has a newer npm (not up to npm here, so written out).
  console.error("npm notice ");
  console.error("npm notice New minor version of npm available! 10.2.4 -> 10.9.0");
  console.error("npm notice To update run: npm install -g npm@10.9.0");
  console.error("npm notice ");
});
throw new Error('relation "users" already exists');
`;

describe("failed releases", () => {
  let t: TestPlatform;

  const dirOf = (app: string) => join(t.home, app);
  const cli = (app: string, [command, ...rest]: string[]) =>
    fifteen(t, [command as string, "-a", app, ...rest], { cwd: dirOf(app) });
  const deploy = async (app: string) => {
    const started = Date.now();
    const res = await cli(app, ["deploy"]);
    return { code: res.code, out: res.stdout + res.stderr, seconds: (Date.now() - started) / 1000 };
  };
  const create = async (app: string) => {
    const res = await fifteen(t, ["apps:create", app]);
    assert.equal(res.code, 0, res.stderr);
  };
  const served = async (app: string) => {
    const res = await request(t.platform.routerUrl, { headers: { host: `${app}.localhost` } });
    return { status: res.statusCode, body: await res.body.text() };
  };
  const releases = async (app: string) => {
    const res = await cli(app, ["releases", "--json"]);
    assert.equal(res.code, 0, res.stderr);
    return JSON.parse(res.stdout) as Release[];
  };

  before(async () => {
    // The default boot timeout: a hard-coded port must be noticed long before it.
    t = await startTestPlatform({ FIFTEEN_BOOT_TIMEOUT_SECONDS: "60" });
  });
  after(async () => {
    await t?.close();
  });

  it("quotes what a crashing web process printed, and says no release serves after a first deploy", async () => {
    await create("bf-crash");
    await writeNodeApp(dirOf("bf-crash"), { files: { "server.js": CHECKED_SERVER } });
    const res = await deploy("bf-crash");
    assert.equal(res.code, 1, res.out);
    assert.match(res.out, /Release v1 failed: web\.1 exited during boot \(exit 1\)/);
    assert.match(
      res.out,
      /Its last output:\n ! +booting the orders service\n ! +Error: DATABASE_URL is not set/,
    );
    assert.match(res.out, /no release is serving: fix the error and deploy again/);
    assert.doesNotMatch(res.out, /keeps serving/);

    const info = await cli("bf-crash", ["releases:info", "v1"]);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /Status:\s+failed/);
    assert.match(
      info.stdout,
      /Last output before it failed:\n {2}booting the orders service\n {2}Error: DATABASE_URL/,
    );

    const [v1] = await releases("bf-crash");
    assert.equal(v1?.status, "failed");
    assert.match(v1?.failure ?? "", /^web\.1 exited during boot \(exit 1\)$/);
    const table = await cli("bf-crash", ["releases"]);
    assert.match(table.stdout, /v1\s+failed\s+.*\(failed: web\.1 exited during boot \(exit 1\)\)/);

    const page = await served("bf-crash");
    assert.equal(page.status, 503);
    assert.match(
      page.body,
      /release v1 failed: web\.1 exited during boot \(exit 1\); see `fifteen releases:info v1 -a bf-crash`/,
    );

    const rollback = await cli("bf-crash", ["rollback"]);
    assert.equal(rollback.code, 1);
    assert.match(rollback.stderr, /no successful release to roll back to \(v1 failed\)/);

    const platformLog = await cli("bf-crash", ["logs", "-n", "500", "-s", "platform"]);
    assert.match(platformLog.stdout, /release v1 failed: .*; no release is serving/);
    assert.doesNotMatch(platformLog.stdout, /v- keeps serving/);
  });

  it("names the command a Procfile calls that does not exist", async () => {
    await create("bf-missing");
    await writeNodeApp(dirOf("bf-missing"), { procfile: "web: serve-static --port $PORT public\n" });
    const res = await deploy("bf-missing");
    assert.equal(res.code, 1, res.out);
    assert.match(res.out, /web\.1 exited during boot \(exit 127\): command not found: serve-static/);
  });

  it("names the real error line of a failed release phase, not npm's notice", async () => {
    await create("bf-migrate");
    await writeNodeApp(dirOf("bf-migrate"), {
      scripts: { migrate: "node migrate.js" },
      procfile: "web: node server.js\nrelease: npm run migrate\n",
      files: { "migrate.js": MIGRATE },
    });
    const res = await deploy("bf-migrate");
    assert.equal(res.code, 1, res.out);
    assert.match(
      res.out,
      /Release v1 failed: the release phase \(release\.\d+: npm run migrate\) failed: exit 1: Error: relation "users" already exists\n/,
    );
    assert.match(res.out, /Its last output:\n(?: ! {3,}[^\n]*\n)*? ! {3,}Running 2 migrations\n/);
    const [v1] = await releases("bf-migrate");
    assert.doesNotMatch(v1?.failure ?? "", /npm notice/);
    assert.ok(
      v1?.failureOutput?.includes('Error: relation "users" already exists'),
      String(v1?.failureOutput),
    );
  });

  it("fails a web process that listens on a hard-coded port within seconds, naming the port", async () => {
    const port = await freePort();
    await create("bf-port");
    await writeNodeApp(dirOf("bf-port"), {
      files: {
        "server.js": `require("http").createServer((q, s) => s.end("hi")).listen(${port}, () => console.log("listening on ${port}"));\n`,
      },
    });
    const res = await deploy("bf-port");
    assert.equal(res.code, 1, res.out);
    assert.match(
      res.out,
      new RegExp(`web\\.1 listens on port ${port}, not \\$PORT \\(\\d+\\): use process\\.env\\.PORT`),
    );
    assert.match(res.out, new RegExp(`Its last output:\\n ! +listening on ${port}`));
    // The build takes a few seconds; the port is noticed within 10 s of the start, not at the 60 s timeout.
    assert.ok(res.seconds < 40, `took ${res.seconds} s`);
  });

  it("leaves the config unchanged when a config change's release fails, and later changes work", async () => {
    await create("bf-config");
    await writeNodeApp(dirOf("bf-config"), { files: { "server.js": CHECKED_SERVER } });
    const setup = await cli("bf-config", ["config:set", "API_KEY=good", "DATABASE_URL=postgres://db/orders"]);
    assert.equal(setup.code, 0, setup.stderr);
    const first = await deploy("bf-config");
    assert.equal(first.code, 0, first.out);
    assert.equal((await served("bf-config")).body, "orders good");

    const bad = await cli("bf-config", ["config:set", "API_KEY=BAD"]);
    assert.equal(bad.code, 1, bad.stdout);
    assert.match(bad.stderr, /config not changed: release v2 failed: web\.1 exited during boot \(exit 1\)/);
    assert.match(bad.stderr, /Error: API_KEY is not a valid key/);
    assert.equal((await cli("bf-config", ["config:get", "API_KEY"])).stdout, "good\n");
    assert.equal((await served("bf-config")).body, "orders good");

    const later = await cli("bf-config", ["config:set", "REGION=eu"]);
    assert.equal(later.code, 0, later.stderr);
    assert.match(later.stderr + later.stdout, /released v3/);
    assert.equal((await cli("bf-config", ["config:get", "API_KEY"])).stdout, "good\n");
    assert.equal((await cli("bf-config", ["config:get", "REGION"])).stdout, "eu\n");
    assert.equal((await served("bf-config")).body, "orders good");

    const unset = await cli("bf-config", ["config:unset", "DATABASE_URL"]);
    assert.equal(unset.code, 1);
    assert.match(unset.stderr, /config not changed: release v4 failed/);
    assert.equal((await cli("bf-config", ["config:get", "DATABASE_URL"])).stdout, "postgres://db/orders\n");
  });
});
