// Custom domains: each hostname routes to exactly one app.
import type { Db } from "./db.js";
import type { DomainsTable } from "./schema.js";

export type DomainRow = DomainsTable;

export class DomainsRepo {
  constructor(private readonly db: Db) {}

  async insert(row: DomainRow): Promise<void> {
    await this.db.insertInto("domains").values(row).execute();
  }

  async byHostname(hostname: string): Promise<DomainRow | undefined> {
    return this.db.selectFrom("domains").selectAll().where("hostname", "=", hostname).executeTakeFirst();
  }

  async of(appId: string): Promise<DomainRow[]> {
    return this.db
      .selectFrom("domains")
      .selectAll()
      .where("app_id", "=", appId)
      .orderBy("hostname")
      .execute();
  }

  async all(): Promise<DomainRow[]> {
    return this.db.selectFrom("domains").selectAll().execute();
  }

  async delete(appId: string, hostname: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("domains")
      .where("app_id", "=", appId)
      .where("hostname", "=", hostname)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
