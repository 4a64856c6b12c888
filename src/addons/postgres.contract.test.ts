// The AddonProvider contract for postgres, against real servers: a PostgreSQL that checks passwords (started
// for the test) and the machine's PostgreSQL.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { testPostgresUrl } from "../config/index.js";
import type { AddonProvider } from "../core/index.js";
import { freePort } from "../runtime/local/process.js";
import { rejectsWith, unique } from "../testing/addon-providers.js";
import { startPasswordPostgres, type PasswordPostgres } from "../testing/postgres-server.js";
import { PostgresProvider, postgresIdentifier } from "./postgres.js";

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
