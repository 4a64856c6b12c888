// Heroku's app.json as a Heroku app ships it: required env fails the release naming the key, defaults and a
// generated secret on the first deploy, formation, a postgres add-on, and scripts.postdeploy run once.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import type { Addon, ProcessInfo } from "../client/index.js";
import { testPostgresUrl } from "../config/index.js";
import { writeNodeApp } from "../testing/apps.js";
import { fifteen, startTestPlatform, type TestPlatform } from "../testing/platform.js";

const SERVER = `
require("http").createServer((q, s) => {
  s.end([process.env.GREETING, process.env.API_KEY, (process.env.SESSION_SECRET || "").length,
    process.env.DATABASE_URL ? "db" : "no-db"].join(" "));
}).listen(process.env.PORT);
`;
const SEED = `console.log("seeding with " + process.env.GREETING + " and " + (process.env.DATABASE_URL ? "a database" : "none"));\n`;

const APP_JSON = {
  name: "Heroku sample",
  description: "Fields this platform does not use are ignored",
  keywords: ["node"],
  env: {
    API_KEY: { description: "The key of the upstream API" },
    GREETING: { description: "What the page says", value: "hello" },
    SESSION_SECRET: { description: "Signs sessions", generator: "secret" },
  },
  formation: { web: { quantity: 1, size: "standard-1x" }, worker: { quantity: 1, size: "standard-2x" } },
  addons: ["heroku-postgresql:essential-0"],
  scripts: { postdeploy: "node seed.js" },
  buildpacks: [{ url: "heroku/nodejs" }],
};

describe("app.json", () => {
  let t: TestPlatform;
  const dir = () => join(t.home, "sample");
  const cli = (args: string[]) => fifteen(t, [...args, "-a", "sample"], { cwd: dir() });
  const deploy = async () => {
    const res = await cli(["deploy"]);
    return { code: res.code, out: res.stdout + res.stderr };
  };

  before(async () => {
    t = await startTestPlatform({
      FIFTEEN_POSTGRES_URL: testPostgresUrl(),
      FIFTEEN_BOOT_TIMEOUT_SECONDS: "10",
    });
    await writeNodeApp(dir(), {
      procfile: "web: node server.js\nworker: node -e 'setInterval(() => {}, 1000)'\n",
      files: { "server.js": SERVER, "seed.js": SEED, "app.json": JSON.stringify(APP_JSON, null, 2) },
    });
    assert.equal((await fifteen(t, ["apps:create", "sample"])).code, 0);
  });
  after(async () => {
    await fifteen(t, ["apps:destroy", "-a", "sample", "--confirm", "sample"]);
    await t.close();
  });

  it("fails the first release without the required key, naming it, after setting defaults", async () => {
    const res = await deploy();
    assert.notEqual(res.code, 0, res.out);
    assert.match(res.out, /Manifest: app\.json read \(config, formation, addons, scripts\)/);
    assert.match(res.out, /Manifest: config: set GREETING \(its default\)/);
    assert.match(res.out, /Manifest: config: set SESSION_SECRET \(a generated secret\)/);
    assert.match(res.out, /Manifest: provisioned postgres as DATABASE/);
    assert.match(res.out, /Manifest: formation: worker size 512M → 1G/);
    assert.match(
      res.out,
      /app\.json requires config this release lacks: API_KEY is missing \(The key of the upstream API\)/,
    );
    assert.doesNotMatch(res.out, /postdeploy/);
    const secret = await cli(["config:get", "SESSION_SECRET"]);
    assert.match(secret.stdout.trim(), /^[0-9a-f]{64}$/);
  });

  it("deploys once the key is set, runs postdeploy once, and follows formation", async () => {
    assert.equal((await cli(["config:set", "API_KEY=k-123"])).code, 0);
    const first = await deploy();
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, /Running postdeploy \(first deploy\): node seed\.js/);
    assert.match(first.out, /seeding with hello and a database/);
    assert.match(first.out, /Postdeploy done \(run\.\d+\)/);
    assert.match(first.out, /http:\/\/sample\.localhost:\d+ deployed to Fifteen/);
    const res = await request(t.platform.routerUrl, { headers: { host: "sample.localhost" } });
    assert.equal(await res.body.text(), "hello k-123 64 db");

    const ps = JSON.parse((await cli(["ps", "--json"])).stdout) as ProcessInfo[];
    assert.deepEqual(
      ps.filter((p) => p.type === "worker").map((p) => p.name),
      ["worker.1"],
    );
    const addons = JSON.parse((await cli(["addons", "--json"])).stdout) as Addon[];
    assert.equal(addons.length, 1);

    // A later deploy neither runs postdeploy nor touches config the app changed.
    assert.equal((await cli(["config:set", "GREETING=changed"])).code, 0);
    const again = await deploy();
    assert.equal(again.code, 0, again.out);
    assert.doesNotMatch(again.out, /postdeploy/i);
    assert.doesNotMatch(again.out, /config: set/);
  });

  it("fails the build of an app.json that is not JSON, naming the file", async () => {
    await writeFile(join(dir(), "app.json"), '{ "env": ');
    const res = await deploy();
    assert.notEqual(res.code, 0);
    assert.match(res.out, /Build failed: app\.json is not valid JSON: /);
  });
});
