// The AddonProvider contract: every provider passes the same suite, against real servers: a PostgreSQL that
// checks passwords (started for the test), the machine's PostgreSQL and Redis, and plain URLs.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import pg from "pg";
import { testPostgresUrl, testRedisUrl } from "../config/index.js";
import type { AddonProvider } from "../core/index.js";
import { freePort } from "../runtime/local/process.js";
import { FifteenError } from "../shared/errors.js";
import { startPasswordPostgres, type PasswordPostgres } from "../testing/postgres-server.js";
import { PostgresProvider, postgresIdentifier } from "./postgres.js";
import { RedisProvider, redisPrefix, redisUser } from "./redis.js";
import { UrlProvider } from "./url.js";

const unique = (label: string) => `t-${label}-${randomBytes(3).toString("hex")}`;

function rejectsWith(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  return assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof FifteenError, String(err));
    assert.equal(err.code, code, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Whether the server still has the add-on's role or database (its catalogs). */
async function postgresLeftovers(adminUrl: string, name: string): Promise<string[]> {
  const ident = postgresIdentifier(name);
  const rows = await sql<{ what: string }>(
    adminUrl,
    "SELECT 'database ' || datname AS what FROM pg_database WHERE datname = $1 " +
      "UNION ALL SELECT 'role ' || rolname FROM pg_roles WHERE rolname = $1",
    [ident],
  );
  return rows.map((r) => r.what);
}

async function withRedis<T>(url: string, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableReadyCheck: false,
  });
  let failure: Error | undefined;
  redis.on("error", (err: Error) => (failure = err));
  try {
    // A refused AUTH closes the connection; the error event has the reason (WRONGPASS).
    await redis.connect().catch((err: Error) => Promise.reject(failure ?? err));
    return await work(redis).catch((err: Error) => Promise.reject(failure ?? err));
  } finally {
    redis.disconnect();
  }
}

describe("addon provider contract: postgres (a server that checks passwords)", () => {
  let server: PasswordPostgres;
  let provider: AddonProvider;
  before(async () => {
    server = await startPasswordPostgres();
    provider = new PostgresProvider(server.adminUrl);
  });
  after(() => server.stop());

  it("provisions a database its URL can write to, closed to every other add-on's role", async () => {
    const a = unique("a");
    const b = unique("b");
    const madeA = await provider.provision(a, {});
    const madeB = await provider.provision(b, {});
    assert.deepEqual(madeA.warnings, []);
    assert.equal(madeA.resource.database, postgresIdentifier(a));
    await sql(madeA.url, "CREATE TABLE notes (body text)");
    await sql(madeA.url, "INSERT INTO notes VALUES ('kept')");
    assert.deepEqual(await sql(madeA.url, "SELECT body FROM notes"), [{ body: "kept" }]);
    // B's credentials against A's database: CONNECT was revoked from PUBLIC.
    const intoA = new URL(madeB.url);
    intoA.pathname = `/${postgresIdentifier(a)}`;
    await assert.rejects(sql(intoA.toString(), "SELECT 1"), /permission denied for database/);
    await provider.deprovision(a, madeA.resource);
    await provider.deprovision(b, madeB.resource);
  });

  it("rotates: the old password stops working, the new one works", async () => {
    const name = unique("rot");
    const made = await provider.provision(name, {});
    const { url } = await provider.rotate(name, made.resource);
    assert.notEqual(url, made.url);
    assert.deepEqual(await sql(url, "SELECT 1 AS ok"), [{ ok: 1 }]);
    await assert.rejects(sql(made.url, "SELECT 1"), /password authentication failed/);
    await provider.deprovision(name, made.resource);
  });

  it("deprovisions everything, even with a connection open, and again without error", async () => {
    const name = unique("gone");
    const made = await provider.provision(name, {});
    const open = new pg.Client({ connectionString: made.url });
    open.on("error", () => undefined);
    await open.connect();
    await provider.deprovision(name, made.resource);
    await open.end().catch(() => undefined);
    assert.deepEqual(await postgresLeftovers(server.adminUrl, name), []);
    await provider.deprovision(name, made.resource);
  });

  it("removes what it made when it fails halfway, and leaves what it did not make", async () => {
    const name = unique("half");
    const ident = postgresIdentifier(name);
    await sql(server.adminUrl, `CREATE DATABASE ${ident}`);
    await rejectsWith(
      provider.provision(name, {}),
      "ADDON_PROVISION_FAILED",
      /already exists.*Nothing was left/s,
    );
    assert.deepEqual(await postgresLeftovers(server.adminUrl, name), [`database ${ident}`]);
    await sql(server.adminUrl, `DROP DATABASE ${ident}`);
  });

  it("names the server it cannot reach", async () => {
    const port = await freePort();
    const down: AddonProvider = new PostgresProvider(`postgres://postgres@127.0.0.1:${port}/postgres`);
    await rejectsWith(
      down.provision(unique("x"), {}),
      "ADDON_UNAVAILABLE",
      new RegExp(`127\\.0\\.0\\.1:${port}`),
    );
    await rejectsWith(
      (new PostgresProvider(undefined) as AddonProvider).provision(unique("x"), {}),
      "ADDON_UNAVAILABLE",
      /FIFTEEN_POSTGRES_URL/,
    );
  });
});

describe("addon provider contract: postgres (the machine's server)", () => {
  it("works, and warns when the server does not check passwords", async () => {
    const admin = testPostgresUrl();
    const provider: AddonProvider = new PostgresProvider(admin);
    const name = unique("local");
    const made = await provider.provision(name, {});
    try {
      await sql(made.url, "CREATE TABLE t (x int)");
      const trusting = await sql(made.url.replace(/:[0-9a-f]{48}@/, ":wrong@"), "SELECT 1").then(
        () => true,
        () => false,
      );
      assert.equal(
        made.warnings.some((w) => /does not check passwords/.test(w)),
        trusting,
      );
    } finally {
      await provider.deprovision(name, made.resource);
    }
    assert.deepEqual(await postgresLeftovers(admin, name), []);
  });
});

describe("addon provider contract: redis", () => {
  const admin = testRedisUrl();
  const provider: AddonProvider = new RedisProvider(admin);

  it("provisions a user limited to its prefix, without dangerous commands", async () => {
    const name = unique("r");
    const made = await provider.provision(name, {});
    const prefix = redisPrefix(name);
    assert.equal(made.vars.KEY_PREFIX, prefix);
    try {
      await withRedis(made.url, async (redis) => {
        assert.equal(await redis.set(`${prefix}greeting`, "hello"), "OK");
        assert.equal(await redis.get(`${prefix}greeting`), "hello");
        await assert.rejects(redis.get("other:greeting"), /NOPERM/);
        await assert.rejects(redis.set("other:greeting", "x"), /NOPERM/);
        await assert.rejects(redis.flushall(), /NOPERM/);
        await assert.rejects(redis.call("CONFIG", "GET", "maxmemory"), /NOPERM/);
        await assert.rejects(redis.call("KEYS", "*"), /NOPERM/);
      });
    } finally {
      await provider.deprovision(name, made.resource);
    }
  });

  it("rotates: the old password stops working", async () => {
    const name = unique("rr");
    const made = await provider.provision(name, {});
    try {
      const { url } = await provider.rotate(name, made.resource);
      await withRedis(url, async (redis) => assert.equal(await redis.ping(), "PONG"));
      await assert.rejects(
        withRedis(made.url, (redis) => redis.ping()),
        /WRONGPASS/,
      );
    } finally {
      // Nothing may be left on the machine's Redis, even when an assertion fails.
      await provider.deprovision(name, made.resource);
    }
  });

  it("deprovisions the user and every key under its prefix", async () => {
    const name = unique("rg");
    const made = await provider.provision(name, {});
    await withRedis(made.url, async (redis) => {
      for (let i = 0; i < 50; i++) await redis.set(`${redisPrefix(name)}k${i}`, "v");
    });
    await provider.deprovision(name, made.resource);
    await withRedis(admin, async (redis) => {
      assert.equal(await redis.call("ACL", "GETUSER", redisUser(name)), null);
      assert.deepEqual(await redis.keys(`${redisPrefix(name)}*`), []);
    });
    await provider.deprovision(name, made.resource);
  });

  it("leaves an existing user alone and creates nothing", async () => {
    const name = unique("rx");
    await withRedis(admin, (redis) => redis.call("ACL", "SETUSER", redisUser(name), "off"));
    try {
      await rejectsWith(provider.provision(name, {}), "ADDON_PROVISION_FAILED", /already has an ACL user/);
      await withRedis(admin, async (redis) => {
        const user = (await redis.call("ACL", "GETUSER", redisUser(name))) as unknown[];
        assert.ok(user, "the existing user is still there");
      });
    } finally {
      await withRedis(admin, (redis) => redis.call("ACL", "DELUSER", redisUser(name)));
    }
  });

  it("names the server it cannot reach", async () => {
    const port = await freePort();
    const down: AddonProvider = new RedisProvider(`redis://127.0.0.1:${port}`);
    await rejectsWith(
      down.provision(unique("x"), {}),
      "ADDON_UNAVAILABLE",
      new RegExp(`127\\.0\\.0\\.1:${port}`),
    );
  });
});

describe("addon provider contract: url", () => {
  const provider: AddonProvider = new UrlProvider();

  it("attaches a given URL as is, and needs one", async () => {
    const made = await provider.provision("t-url", { url: "redis://user:pw@cache.internal:6379/2" });
    assert.equal(made.url, "redis://user:pw@cache.internal:6379/2");
    assert.equal(made.resource.host, "cache.internal:6379");
    await rejectsWith(provider.provision("t-url", {}), "ADDON_INVALID", /needs the URL/);
    await rejectsWith(provider.provision("t-url", { url: "not a url" }), "ADDON_INVALID");
    await rejectsWith(
      provider.rotate("t-url", made.resource),
      "ADDON_INVALID",
      /rotate the credentials at its service/,
    );
    await provider.deprovision("t-url", made.resource);
  });
});
