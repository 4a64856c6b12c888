// The app manifest (fifteen.json) as a user meets it: a bad file fails the build with JSON paths, required
// config stops a release before anything starts, and add-ons, cron jobs and formation follow deploys.
import assert from "node:assert/strict";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { request } from "undici";
import type { Addon, Build, CronJob, LogLine, ProcessInfo, Release } from "../client/index.js";
import { testPostgresUrl } from "../config/index.js";
import { manifestJsonSchema } from "../core/index.js";
import { writeNodeApp } from "../testing/apps.js";
import { ADMIN_TOKEN, fifteen, startTestPlatform, type TestPlatform } from "../testing/platform.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Answers its release and a body; /healthz answers HEALTH (default 200). */
const SERVER = `
const http = require("http");
const body = require("fs").readFileSync(__dirname + "/body.txt", "utf8").trim();
http.createServer((q, s) => {
  if (q.url === "/healthz") { s.statusCode = Number(process.env.HEALTH || 200); return s.end("health"); }
  s.end(body + " " + process.env.FIFTEEN_RELEASE);
}).listen(process.env.PORT);
`;
const RELEASE_TASK = `console.log("release task ran for " + process.env.FIFTEEN_RELEASE);\n`;
const PROCFILE =
  "web: node server.js\nworker: node -e 'setInterval(() => {}, 1000)'\nrelease: node release.js\n";

const STRIPE = {
  description: "Stripe secret key, from the Stripe dashboard",
  pattern: "sk_(test|live)_[A-Za-z0-9]+",
};

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: testPostgresUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [
      `addon_${name.replace(/-/g, "_")}`,
    ]);
    return rows.length === 1;
  } finally {
    await client.end();
  }
}

describe("the app manifest (fifteen.json)", () => {
  let t: TestPlatform;
  const apps: string[] = [];

  const dirOf = (app: string) => join(t.home, app);
  const cli = (app: string, [command, ...rest]: string[]) =>
    fifteen(t, [command as string, "-a", app, ...rest], { cwd: dirOf(app) });
  const json = async <T>(app: string, args: string[]): Promise<T> => {
    const res = await cli(app, [...args, "--json"]);
    assert.equal(res.code, 0, `${args.join(" ")}: ${res.stderr}`);
    return JSON.parse(res.stdout) as T;
  };
  const deploy = async (app: string) => {
    const res = await cli(app, ["deploy"]);
    return { code: res.code, out: res.stdout + res.stderr };
  };
  const served = async (app: string) => {
    const res = await request(t.platform.routerUrl, { headers: { host: `${app}.localhost` } });
    return res.body.text();
  };
  const logs = async (app: string, source: string) =>
    (await cli(app, ["logs", "-n", "2000", "--json", "-s", source])).stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);
  const until = async (what: string, check: () => Promise<boolean>, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(150);
    }
  };
  /** A node app with the Procfile above; `manifest` undefined writes no fifteen.json. */
  const writeApp = async (app: string, body: string, manifest?: unknown) => {
    const dir = dirOf(app);
    await writeNodeApp(dir, {
      procfile: PROCFILE,
      files: { "server.js": SERVER, "release.js": RELEASE_TASK, "body.txt": `${body}\n` },
    });
    if (manifest === undefined) await rm(join(dir, "fifteen.json"), { force: true });
    else
      await writeFile(
        join(dir, "fifteen.json"),
        typeof manifest === "string" ? manifest : JSON.stringify(manifest, null, 2),
      );
  };
  const createApp = async (app: string) => {
    assert.equal((await fifteen(t, ["apps:create", app])).code, 0);
    apps.push(app);
  };

  before(async () => {
    t = await startTestPlatform({
      FIFTEEN_POSTGRES_URL: testPostgresUrl(),
      FIFTEEN_BOOT_TIMEOUT_SECONDS: "10",
    });
  });
  after(async () => {
    // apps:destroy drops the databases the apps own on the machine's PostgreSQL, even if a test failed.
    for (const app of apps) await fifteen(t, ["apps:destroy", "-a", app, "--confirm", app]);
    await t.close();
  });

  it("publishes its JSON Schema without a token", async () => {
    const res = await request(`${t.apiUrl}/schemas/fifteen.json`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["content-type"]), /^application\/schema\+json/);
    assert.deepEqual(await res.body.json(), manifestJsonSchema());
  });

  it("fails the build of an invalid fifteen.json, naming each JSON path, and writes no release", async () => {
    await createApp("mf-bad");
    await writeApp("mf-bad", "bad", {
      formation: { web: { quantity: 1000 } },
      cron: [{ schedule: "0 3 * * *" }],
      helthcheck: {},
    });
    const res = await deploy("mf-bad");
    assert.equal(res.code, 1, res.out);
    assert.match(
      res.out,
      /Build failed: fifteen\.json: \/helthcheck is not a known field \(known: \$schema, /,
    );
    assert.match(res.out, /; \/formation\/web\/quantity must be an integer from 0 to 100;/);
    assert.match(res.out, /\/cron\/0\/command is required/);
    await writeApp("mf-bad", "bad", '{ "formation": { "web": { "quantity": 1 } }, }');
    const notJson = await deploy("mf-bad");
    assert.equal(notJson.code, 1);
    assert.match(notJson.out, /fifteen\.json is not valid JSON/);
    await writeApp("mf-bad", "bad", { formation: { wrker: { quantity: 1 } } });
    const unknownType = await deploy("mf-bad");
    assert.match(
      unknownType.out,
      /\/formation\/wrker: the app has no process type "wrker" \(its types: web, worker\)/,
    );
    const builds = await json<Build[]>("mf-bad", ["builds"]);
    assert.deepEqual(
      builds.map((b) => [b.status, b.errorCode]),
      [
        ["failed", "MANIFEST_INVALID"],
        ["failed", "MANIFEST_INVALID"],
        ["failed", "MANIFEST_INVALID"],
      ],
    );
    assert.deepEqual(await json<Release[]>("mf-bad", ["releases"]), []);
  });

  it("a release lacking required config fails before anything starts; once set, the deploy succeeds", async () => {
    const app = "mf-shop";
    await createApp(app);
    await writeApp(app, "plain");
    const first = await deploy(app);
    assert.equal(first.code, 0, first.out);
    assert.equal(await served(app), "plain v1");

    await writeApp(app, "paid", {
      config: { STRIPE_KEY: STRIPE, SENTRY_DSN: { description: "x", required: false } },
    });
    const missing = await deploy(app);
    assert.equal(missing.code, 1, missing.out);
    assert.match(missing.out, /STRIPE_KEY is missing \(Stripe secret key, from the Stripe dashboard\)/);
    assert.doesNotMatch(missing.out, /SENTRY_DSN/);
    assert.match(missing.out, /v1 keeps serving/);
    assert.doesNotMatch(missing.out, /Running the release phase/);
    const v2 = (await json<Release[]>(app, ["releases"])).find((r) => r.version === 2);
    assert.equal(v2?.status, "failed");
    assert.match(v2?.failure ?? "", /STRIPE_KEY is missing/);
    assert.deepEqual(v2?.manifest?.config?.STRIPE_KEY, STRIPE);
    // Nothing of v2 ran: no release task, no process; v1 still serves.
    assert.equal(await served(app), "plain v1");
    assert.deepEqual(
      (await logs(app, "app")).filter((l) => l.text.includes("release task ran for v2")),
      [],
    );
    assert.deepEqual(
      (await logs(app, "platform")).filter((l) => /\(v2\)/.test(l.text)).map((l) => l.text),
      [],
    );
    assert.ok((await json<ProcessInfo[]>(app, ["ps"])).every((p) => p.release === 1));

    // The release of config:set builds on the live code (v1, no manifest) and goes live.
    assert.equal((await cli(app, ["config:set", "STRIPE_KEY=pk_wrong_kind"])).code, 0);
    const invalid = await deploy(app);
    assert.equal(invalid.code, 1, invalid.out);
    assert.match(
      invalid.out,
      /STRIPE_KEY does not match sk_\(test\|live\)_\[A-Za-z0-9\]\+ \(Stripe secret key, from the Stripe dashboard\)/,
    );
    assert.doesNotMatch(invalid.out, /pk_wrong_kind/, "values are never shown");

    assert.equal((await cli(app, ["config:set", "STRIPE_KEY=sk_test_4eC39HqLyjWDarjtT1zdp7dc"])).code, 0);
    const fixed = await deploy(app);
    assert.equal(fixed.code, 0, fixed.out);
    assert.match(fixed.out, /release task ran for v6/);
    assert.equal(await served(app), "paid v6");

    // Unsetting a required key is not refused; its release fails and v6 keeps serving.
    const unset = await cli(app, ["config:unset", "STRIPE_KEY"]);
    assert.match(
      unset.stdout + unset.stderr,
      /release v7 failed: fifteen\.json requires config .*STRIPE_KEY is missing/,
    );
    assert.equal(await served(app), "paid v6");
  });

  it("provisions add-ons and registers cron jobs on the first deploy only; formation follows defaults", async () => {
    const app = "mf-crm";
    await createApp(app);
    const manifest = {
      $schema: "http://127.0.0.1:5050/schemas/fifteen.json",
      addons: [{ kind: "postgres", as: "DATABASE" }],
      cron: [{ schedule: "0 3 * * *", command: "node job.js" }],
      formation: { worker: { quantity: 1 } },
      healthcheck: { path: "/healthz", timeoutSeconds: 5 },
    };
    await writeApp(app, "crm", manifest);
    const first = await deploy(app);
    assert.equal(first.code, 0, first.out);
    const addon = /-----> Manifest: provisioned postgres as DATABASE \((mf-crm-db-\d{4})\)/.exec(
      first.out,
    )?.[1];
    assert.ok(addon, first.out);
    assert.match(first.out, /-----> Manifest: cron: added "0 3 \* \* \*" node job\.js \(job 1\)/);
    assert.match(first.out, /-----> Manifest: formation: worker 0 → 1/);
    assert.ok(await databaseExists(addon));
    const run = await cli(app, [
      "run",
      "--",
      "node",
      "-e",
      "console.log(process.env.DATABASE_URL.split(':')[0])",
    ]);
    assert.equal(run.stdout.trim(), "postgres", "the first release already has DATABASE_URL");
    await until("worker.1 up", async () =>
      (await json<ProcessInfo[]>(app, ["ps"])).some((p) => p.name === "worker.1" && p.state === "up"),
    );
    const v1 = (await json<Release[]>(app, ["releases"]))[0];
    assert.deepEqual(v1?.manifest, manifest);

    const second = await deploy(app);
    assert.equal(second.code, 0, second.out);
    assert.match(second.out, /-----> Manifest: nothing to change/);
    assert.doesNotMatch(second.out, /provisioned|cron: |formation: /);
    assert.deepEqual(
      (await json<Addon[]>(app, ["addons"])).map((a) => a.name),
      [addon],
    );
    const jobs = await json<CronJob[]>(app, ["cron"]);
    assert.deepEqual(
      jobs.map((j) => [j.number, j.schedule, j.command, j.createdBy]),
      [[1, "0 3 * * *", ["node job.js"], "fifteen.json"]],
    );

    // A user's own job and scaling stay; the manifest's job moves to its new schedule.
    assert.equal((await cli(app, ["cron:add", "0 4 * * *", "--", "node", "mine.js"])).code, 0);
    assert.equal((await cli(app, ["ps:scale", "worker=2"])).code, 0);
    await writeApp(app, "crm", { ...manifest, cron: [{ schedule: "0 5 * * *", command: "node job.js" }] });
    const third = await deploy(app);
    assert.equal(third.code, 0, third.out);
    assert.match(third.out, /cron: removed "0 3 \* \* \*" node job\.js/);
    assert.match(third.out, /cron: added "0 5 \* \* \*" node job\.js \(job 3\)/);
    assert.match(third.out, /formation: worker stays at 2 \(set with ps:scale; fifteen\.json says 1\)/);
    assert.deepEqual(
      (await json<CronJob[]>(app, ["cron"])).map((j) => [j.number, j.schedule, j.createdBy]),
      [
        [2, "0 4 * * *", "admin"],
        [3, "0 5 * * *", "fifteen.json"],
      ],
    );
    assert.equal((await json<Addon[]>(app, ["addons"])).length, 1);

    assert.equal((await fifteen(t, ["apps:destroy", "-a", app, "--confirm", app])).code, 0);
    apps.splice(apps.indexOf(app), 1);
    assert.equal(await databaseExists(addon), false, "apps:destroy dropped the add-on's database");
  });

  it("sets each type's memory limit from formation sizes, and leaves a size set with ps:resize alone", async () => {
    const app = "mf-sized";
    await createApp(app);
    const formation = async () => {
      const res = await request(`${t.apiUrl}/v1/apps/${app}/formation`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      return (await res.body.json()) as Array<{ type: string; memory: string }>;
    };
    await writeApp(app, "sized", { formation: { web: { size: "10M" } } });
    const tooSmall = await deploy(app);
    assert.equal(tooSmall.code, 1);
    assert.match(tooSmall.out, /\/formation\/web\/size: 10M is not from 32M to 1024G/);
    await writeApp(app, "sized", { formation: { web: { size: "256M" } } });
    const first = await deploy(app);
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, /-----> Manifest: formation: web size 512M → 256M/);
    assert.equal((await formation()).find((e) => e.type === "web")?.memory, "256M");
    assert.match(await served(app), /^sized/, "up at once: the release started under its size");

    // ps:resize replaces the one web process only once its successor is up: the app keeps answering.
    assert.equal((await cli(app, ["ps:resize", "web=384M"])).code, 0);
    for (let i = 0; i < 15; i++) {
      assert.match(await served(app), /^sized/, `answer ${i} during the resize`);
      await sleep(100);
    }
    await writeApp(app, "sized", { formation: { web: { size: "128M" } } });
    const second = await deploy(app);
    assert.equal(second.code, 0, second.out);
    assert.match(second.out, /formation: web stays at 384M \(set with ps:resize; fifteen\.json says 128M\)/);
    assert.equal((await formation()).find((e) => e.type === "web")?.memory, "384M");
  });

  it("builds with the buildpack fifteen.json names, skipping detection", async () => {
    const app = "mf-site";
    await createApp(app);
    await writeNodeApp(dirOf(app), {
      procfile: null,
      files: { "index.html": "<h1>static after all</h1>", "fifteen.json": '{ "buildpack": "static" }' },
    });
    const res = await deploy(app);
    assert.equal(res.code, 0, res.out);
    assert.match(res.out, /Using the static buildpack \(set in fifteen\.json; detection skipped\)/);
    assert.doesNotMatch(res.out, /Detecting buildpack/);
    assert.equal(await served(app), "<h1>static after all</h1>");
  });

  it("a web process counts as up only once its health check passes", async () => {
    const app = "mf-sick";
    await createApp(app);
    await writeApp(app, "sick", { healthcheck: { path: "/healthz", timeoutSeconds: 2 } });
    assert.equal((await cli(app, ["config:set", "HEALTH=503"])).code, 0);
    const failed = await deploy(app);
    assert.equal(failed.code, 1, failed.out);
    assert.match(failed.out, /web\.1 did not pass its health check \(GET \/healthz → HTTP 503\) within 2 s/);
    assert.equal((await cli(app, ["config:set", "HEALTH=204"])).code, 0);
    const healthy = await deploy(app);
    assert.equal(healthy.code, 0, healthy.out);
    assert.equal(await served(app), "sick v2");
  });
});
