// Config versions: each change to an app's config vars is a new immutable row holding sealed values.
import type { Db } from "./db.js";
import type { ConfigVersionsTable } from "./schema.js";

export type ConfigVersionRow = ConfigVersionsTable;

export class ConfigVersionsRepo {
  constructor(private readonly db: Db) {}

  async insert(row: ConfigVersionRow): Promise<void> {
    await this.db.insertInto("config_versions").values(row).execute();
  }

  async get(appId: string, version: number): Promise<ConfigVersionRow | undefined> {
    return this.db
      .selectFrom("config_versions")
      .selectAll()
      .where("app_id", "=", appId)
      .where("version", "=", version)
      .executeTakeFirst();
  }

  async latest(appId: string): Promise<ConfigVersionRow | undefined> {
    return this.db
      .selectFrom("config_versions")
      .selectAll()
      .where("app_id", "=", appId)
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst();
  }
}
