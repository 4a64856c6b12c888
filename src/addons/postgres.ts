// The postgres provider: a role with a random password and a database it owns, on the server of
// FIFTEEN_POSTGRES_URL, with CONNECT revoked from PUBLIC so no other add-on's role can get in.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import type { AddonProvider, ProvisionedAddon } from "../core/index.js";
import { FifteenError } from "../shared/errors.js";
import { hostPort, serverOf, unavailable } from "./server.js";

/** The PostgreSQL client, loaded when an add-on first needs the server: most platforms never provision one. */
async function loadPg(): Promise<typeof pg> {
  return (await import("pg")).default;
}

/** The role and database of an add-on: addon_ plus its name, which the name rules keep a safe identifier. */
export function postgresIdentifier(name: string): string {
  return `addon_${name.replace(/-/g, "_")}`;
}

export class PostgresProvider implements AddonProvider {
  readonly kind = "postgres";
  readonly defaultAlias = "DATABASE";
  readonly rotatable = true;

  constructor(private readonly adminUrl: string | undefined) {}

  async provision(name: string): Promise<ProvisionedAddon> {
    const ident = postgresIdentifier(name);
    const password = randomBytes(24).toString("hex");
    return this.#admin(async (client) => {
      const id = client.escapeIdentifier(ident);
      const made: Array<"role" | "database"> = [];
      try {
        await client.query(
          `CREATE ROLE ${id} LOGIN PASSWORD ${client.escapeLiteral(password)} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION`,
        );
        made.push("role");
        await client.query(`CREATE DATABASE ${id} OWNER ${id}`);
        made.push("database");
        await client.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${id} FROM PUBLIC`);
      } catch (err) {
        // Only what this call made goes: a role or database that existed before is not ours to drop.
        if (made.includes("database")) await client.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
        if (made.includes("role")) await client.query(`DROP ROLE IF EXISTS ${id}`);
        throw new FifteenError(
          "ADDON_PROVISION_FAILED",
          `${this.#server()} refused to create the add-on's ${made.includes("role") ? "database" : "role"} ${ident}: ` +
            `${(err as Error).message}. Nothing was left behind.`,
        );
      }
      const url = this.#url(ident, password);
      const warnings = (await this.#checksPasswords(ident))
        ? []
        : [
            `${this.#server()} does not check passwords for ${ident} (trust authentication in pg_hba.conf): ` +
              "apps are kept apart only by CONNECT privileges, and rotating the password changes nothing. " +
              "Use scram-sha-256 for non-superusers.",
          ];
      return {
        resource: { database: ident, role: ident, server: hostPort(this.#adminUrl(), 5432) },
        url,
        vars: {},
        warnings,
      };
    });
  }

  async rotate(name: string): Promise<{ url: string }> {
    const ident = postgresIdentifier(name);
    const password = randomBytes(24).toString("hex");
    await this.#admin((client) =>
      client.query(`ALTER ROLE ${client.escapeIdentifier(ident)} PASSWORD ${client.escapeLiteral(password)}`),
    );
    return { url: this.#url(ident, password) };
  }

  async deprovision(name: string): Promise<void> {
    const ident = postgresIdentifier(name);
    await this.#admin(async (client) => {
      const id = client.escapeIdentifier(ident);
      // FORCE: the app's open connections must not keep its database alive.
      await client.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
      await client.query(`DROP ROLE IF EXISTS ${id}`);
    });
  }

  #server(): string {
    return serverOf("PostgreSQL", this.#adminUrl(), 5432);
  }

  #adminUrl(): URL {
    if (!this.adminUrl) {
      throw new FifteenError(
        "ADDON_UNAVAILABLE",
        "postgres add-ons need an admin connection: start the platform with " +
          "FIFTEEN_POSTGRES_URL=postgres://USER:PASSWORD@HOST:5432/postgres (a role that may create roles and databases).",
      );
    }
    return new URL(this.adminUrl);
  }

  #url(ident: string, password: string): string {
    const admin = this.#adminUrl();
    const url = new URL(`postgres://${admin.host}/${ident}`);
    url.username = ident;
    url.password = password;
    const sslmode = admin.searchParams.get("sslmode");
    if (sslmode) url.searchParams.set("sslmode", sslmode);
    return url.toString();
  }

  /** Whether the server refuses the add-on's role with a wrong password. */
  async #checksPasswords(ident: string): Promise<boolean> {
    const admin = this.#adminUrl();
    const { Client } = await loadPg();
    const probe = new Client({
      host: admin.hostname,
      port: Number(admin.port || 5432),
      user: ident,
      password: "not-the-password",
      database: ident,
      connectionTimeoutMillis: 5000,
    });
    try {
      await probe.connect();
      return false;
    } catch {
      return true;
    } finally {
      await probe.end().catch(() => undefined);
    }
  }

  async #admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const { Client } = await loadPg();
    const client = new Client({
      connectionString: this.#adminUrl().toString(),
      connectionTimeoutMillis: 5000,
    });
    client.on("error", () => undefined);
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw unavailable(this.#server(), err, "FIFTEEN_POSTGRES_URL");
    }
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
