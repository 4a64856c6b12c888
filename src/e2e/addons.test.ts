// Add-ons as a user sees them, against real servers: a PostgreSQL that checks passwords (started for the
// test; the machine's trusts local connections) and the machine's Redis.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import pg from "pg";
import { request } from "undici";
import type { Addon, AddonChange, Release } from "../client/index.js";
import { testRedisUrl } from "../config/index.js";
import { writeNodeApp } from "../testing/apps.js";
import { fifteen, filesContaining, startTestPlatform, type TestPlatform } from "../testing/platform.js";
import { startPasswordPostgres, type PasswordPostgres } from "../testing/postgres-server.js";

const SERVER = `
const http = require("http");
const crypto = require("crypto");
const { Client } = require("pg");
http.createServer(async (req, res) => {
  if (req.url !== "/db") return res.end("ok");
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  try {
    await client.connect();
    const { rows } = await client.query("SELECT current_user AS who");
    await client.end();
    const url = crypto.createHash("sha256").update(process.env.DATABASE_URL).digest("hex");
    res.end(JSON.stringify({ ok: true, who: rows[0].who, url }));
  } catch (err) {
    res.statusCode = 500;
    res.end(JSON.stringify({ ok: false, error: err.message }));
  }
}).listen(process.env.PORT);
`;

const WRITE = `
const { Client } = require("pg");
(async () => {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query("CREATE TABLE notes (body text)");
  await client.query("INSERT INTO notes VALUES ('written by a one-off')");
  const { rows } = await client.query("SELECT body FROM notes");
  console.log(JSON.stringify(rows));
  await client.end();
})();
`;

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe("add-ons", () => {
  let server: PasswordPostgres;
  let t: TestPlatform;
  let dir: string;
  let alphaDb = "";
  let alphaRedis = "";

  const cli = (app: string, [command, ...rest]: string[]) =>
    fifteen(t, [command as string, "-a", app, ...rest], { cwd: dir });
  const json = async <T>(app: string, args: string[]): Promise<T> => {
    const res = await cli(app, [...args, "--json"]);
    assert.equal(res.code, 0, `${args.join(" ")}: ${res.stderr}`);
    return JSON.parse(res.stdout) as T;
  };
  const configVar = async (app: string, key: string) => (await cli(app, ["config:get", key])).stdout.trim();
  const releases = (app: string) => json<Release[]>(app, ["releases"]);
  const leftovers = async (name: string) =>
    query(
      server.adminUrl,
      `SELECT datname AS what FROM pg_database WHERE datname = 'addon_${name.replace(/-/g, "_")}' ` +
        `UNION ALL SELECT rolname FROM pg_roles WHERE rolname = 'addon_${name.replace(/-/g, "_")}'`,
    );

  before(async () => {
    server = await startPasswordPostgres();
    t = await startTestPlatform({
      FIFTEEN_POSTGRES_URL: server.adminUrl,
      FIFTEEN_REDIS_URL: testRedisUrl(),
      FIFTEEN_BOOT_TIMEOUT_SECONDS: "10",
    });
    dir = join(t.home, "app");
    await writeNodeApp(dir, { dependencies: { pg: "8.23.1" }, files: { "server.js": SERVER } });
    for (const app of ["alpha", "beta", "gamma"])
      assert.equal((await fifteen(t, ["apps:create", app])).code, 0);
    for (const app of ["alpha", "gamma"]) {
      const res = await cli(app, ["deploy"]);
      assert.equal(res.code, 0, res.stderr + res.stdout);
    }
  });
  after(async () => {
    await t.close();
    await server.stop();
    // The machine's Redis outlives the test: remove this test's ACL users and keys even if it failed midway.
    const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 0 });
    try {
      for (const user of (await redis.call("ACL", "USERS")) as string[]) {
        if (!/^addon-(alpha|beta|gamma)-/.test(user)) continue;
        await redis.call("ACL", "DELUSER", user);
        const keys = await redis.keys(`${user.slice("addon-".length)}:*`);
        if (keys.length > 0) await redis.unlink(...keys);
      }
    } finally {
      redis.disconnect();
    }
  });

  it("postgres: a one-off writes through DATABASE_URL, and another app's credentials cannot get in", async () => {
    const created = await json<AddonChange>("alpha", ["addons:create", "postgres"]);
    alphaDb = created.addon.name;
    assert.match(alphaDb, /^alpha-db-\d{4}$/);
    assert.deepEqual(created.addon.attachments, [
      { app: "alpha", alias: "DATABASE", vars: ["DATABASE_URL"] },
    ]);
    assert.equal(created.releases[0]?.status, "succeeded");
    assert.equal(created.releases[0]?.description, `Attach ${alphaDb} as DATABASE`);
    const run = await cli("alpha", ["run", "--", "node", "-e", WRITE]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), '[{"body":"written by a one-off"}]');

    const beta = await json<AddonChange>("beta", ["addons:create", "postgres"]);
    assert.deepEqual(beta.releases, [], "beta is not deployed: no release");
    const intoAlpha = new URL(await configVar("beta", "DATABASE_URL"));
    intoAlpha.pathname = `/addon_${alphaDb.replace(/-/g, "_")}`;
    await assert.rejects(query(intoAlpha.toString(), "SELECT 1"), /permission denied for database/);
  });

  it("redis:shared: the app's credentials reach only its own prefix, and no dangerous command", async () => {
    const created = await json<AddonChange>("alpha", ["addons:create", "redis:shared"]);
    alphaRedis = created.addon.name;
    const prefix = await configVar("alpha", "REDIS_KEY_PREFIX");
    assert.equal(prefix, `${alphaRedis}:`);
    const redis = new Redis(await configVar("alpha", "REDIS_URL"), {
      maxRetriesPerRequest: 0,
      enableReadyCheck: false,
    });
    try {
      assert.equal(await redis.set(`${prefix}visits`, "1"), "OK");
      assert.equal(await redis.get(`${prefix}visits`), "1");
      await assert.rejects(redis.get("somebody-else:visits"), /NOPERM/);
      await assert.rejects(redis.set("somebody-else:visits", "1"), /NOPERM/);
      await assert.rejects(redis.flushall(), /NOPERM/);
      await assert.rejects(redis.call("CONFIG", "SET", "maxmemory", "1"), /NOPERM/);
    } finally {
      redis.disconnect();
    }
  });

  it("attach --as REPORTING: the other app gets REPORTING_URL in a new release", async () => {
    const before = (await releases("gamma")).length;
    const res = await cli("gamma", ["addons:attach", alphaDb, "--as", "REPORTING"]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(await configVar("gamma", "REPORTING_URL"), await configVar("alpha", "DATABASE_URL"));
    const after = await releases("gamma");
    assert.equal(after.length, before + 1);
    assert.equal(after[0]?.description, `Attach ${alphaDb} as REPORTING`);
    assert.equal(after[0]?.status, "succeeded");
    // A token limited to gamma may use the attachment there, but not rotate or destroy alpha's database.
    const gamma = await t.platform.core.apps.find("gamma");
    const { token } = await t.platform.core.tokens.create("gamma-admin", ["app:admin"], gamma?.id ?? null);
    const rotate = await fifteen(t, ["addons:rotate", alphaDb, "-a", "gamma"], {
      env: { FIFTEEN_TOKEN: token },
    });
    assert.equal(rotate.code, 1);
    assert.match(rotate.stderr, /belongs to another app.*FORBIDDEN/);
    const listed = await json<Addon[]>("gamma", ["addons"]);
    assert.deepEqual(
      listed.map((a) => [a.name, a.owner]),
      [[alphaDb, "alpha"]],
    );
  });

  it("rotate: the old password stops working; the app keeps serving and uses the new one", async () => {
    const old = await configVar("alpha", "DATABASE_URL");
    let running = true;
    const failures: string[] = [];
    const load = (async () => {
      while (running) {
        const res = await request(t.platform.routerUrl, { headers: { host: "alpha.localhost" } });
        const text = await res.body.text();
        if (res.statusCode !== 200) failures.push(`${res.statusCode} ${text}`);
      }
    })();
    const res = await cli("alpha", ["addons:rotate", alphaDb]);
    running = false;
    await load;
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(failures, []);
    const fresh = await configVar("alpha", "DATABASE_URL");
    assert.notEqual(fresh, old);
    await assert.rejects(query(old, "SELECT 1"), /password authentication failed/);
    const served = await request(`${t.platform.routerUrl}/db`, { headers: { host: "alpha.localhost" } });
    const body = (await served.body.json()) as { ok: boolean; url: string };
    assert.equal(served.statusCode, 200, JSON.stringify(body));
    assert.equal(body.url, createHash("sha256").update(fresh).digest("hex"));
    assert.equal(await configVar("gamma", "REPORTING_URL"), fresh, "every attached app gets the new one");
  });

  it("shows credentials in addons:info only to app:admin", async () => {
    const admin = await json<Addon>("alpha", ["addons:info", alphaDb]);
    assert.equal(admin.url, await configVar("alpha", "DATABASE_URL"));
    const { token } = await t.platform.core.tokens.create("viewer", ["app:read"], null);
    const viewer = await fifteen(t, ["addons:info", alphaDb, "-a", "alpha", "--json"], {
      env: { FIFTEEN_TOKEN: token },
    });
    assert.equal(viewer.code, 0, viewer.stderr);
    assert.equal((JSON.parse(viewer.stdout) as Addon).url, null);
    const table = await fifteen(t, ["addons:info", alphaDb, "-a", "alpha"], {
      env: { FIFTEEN_TOKEN: token },
    });
    assert.match(table.stdout, /URL:\s+\(hidden: needs app:admin\)/);
    assert.doesNotMatch(table.stdout, /postgres:\/\//);
  });

  it("destroy: refused while attached elsewhere; then the database, role and ACL user are gone", async () => {
    const refused = await cli("alpha", ["addons:destroy", alphaDb, "--confirm", alphaDb]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /still attached to gamma.*ADDON_ATTACHED/);
    assert.equal((await leftovers(alphaDb)).length, 2, "nothing was dropped");
    assert.equal((await cli("gamma", ["addons:detach", alphaDb])).code, 0);
    assert.equal(
      (await cli("gamma", ["config:get", "REPORTING_URL"])).code,
      1,
      "detach removed the variable",
    );
    const res = await cli("alpha", ["addons:destroy", alphaDb, "--confirm", alphaDb]);
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(await leftovers(alphaDb), []);
    assert.equal((await cli("alpha", ["addons:destroy", alphaRedis, "--confirm", alphaRedis])).code, 0);
    const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 0 });
    try {
      assert.equal(await redis.call("ACL", "GETUSER", `addon-${alphaRedis}`), null);
      assert.deepEqual(await redis.keys(`${alphaRedis}:*`), []);
    } finally {
      redis.disconnect();
    }
    assert.equal((await cli("alpha", ["config:get", "DATABASE_URL"])).code, 1);
  });

  it("a provider failing halfway leaves nothing behind and no add-on record", async () => {
    await query(server.adminUrl, "CREATE DATABASE addon_alpha_half");
    const res = await cli("alpha", ["addons:create", "postgres", "--name", "alpha-half"]);
    assert.equal(res.code, 1);
    assert.match(
      res.stderr,
      /refused to create the add-on's database addon_alpha_half.*ADDON_PROVISION_FAILED/s,
    );
    assert.deepEqual(
      (await json<Addon[]>("alpha", ["addons"])).map((a) => a.name),
      [],
    );
    assert.deepEqual(
      await leftovers("alpha-half"),
      [{ what: "addon_alpha_half" }],
      "only the database we made",
    );
  });

  it("url: attaches a given URL as CACHE_URL, encrypted at rest", async () => {
    const url = "redis://cacheuser:s3cr3t-cache-pw@cache.internal:6379";
    const res = await cli("alpha", ["addons:create", "url", "--as", "CACHE", "--url", url]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(await configVar("alpha", "CACHE_URL"), url);
    assert.deepEqual(await filesContaining(t.dataDir, "s3cr3t-cache-pw"), []);
  });

  it("refuses bad input with a clear error and creates nothing", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["addons:create", "mysql"], /no add-on kind "mysql"; the kinds are: postgres, redis, url/],
      [["addons:create", "postgres", "--as", "lower"], /is not a variable prefix/],
      [["addons:create", "url"], /needs the URL/],
      [["addons:create", "postgres", "--as", "CACHE"], /already has .* attached as CACHE.*ADDON_ALIAS_TAKEN/],
      [["addons:create", "redis", "--name", "Bad_Name"], /Add-on name "Bad_Name" is invalid/],
      [["addons:create", "redis:huge"], /redis has no plan "huge"; the plans are: mini, premium-0, .*shared/],
      [["addons:create", "postgres:mini"], /postgres add-ons have no plans/],
      [["addons:info", "no-such-addon"], /has no add-on named no-such-addon.*ADDON_NOT_FOUND/],
    ];
    const before = await json<Addon[]>("alpha", ["addons"]);
    for (const [args, message] of cases) {
      const res = await cli("alpha", args);
      assert.equal(res.code, 1, args.join(" "));
      assert.match(res.stderr, message, args.join(" "));
    }
    assert.deepEqual(await json<Addon[]>("alpha", ["addons"]), before);
  });

  it("destroying an app destroys the add-ons it owns", async () => {
    const [owned] = await json<Addon[]>("beta", ["addons"]);
    assert.ok(owned);
    assert.equal((await leftovers(owned.name)).length, 2);
    const res = await fifteen(t, ["apps:destroy", "-a", "beta", "--confirm", "beta"]);
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(await leftovers(owned.name), []);
  });
});
