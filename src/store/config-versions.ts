// Config versions: each change to an app's config vars is a new immutable row holding sealed values; a change
// whose release failed does not count.
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

  /**
   * The app's config: the newest version whose release (if the change made one) has not failed. A change
   * whose release failed was never committed, so the one before it is the app's config again.
   */
  async latest(appId: string): Promise<ConfigVersionRow | undefined> {
    return this.db
      .selectFrom("config_versions as c")
      .leftJoin("releases as r", (join) =>
        join.onRef("r.app_id", "=", "c.app_id").onRef("r.version", "=", "c.release_version"),
      )
      .selectAll("c")
      .where("c.app_id", "=", appId)
      .where((eb) => eb.or([eb("r.status", "is", null), eb("r.status", "!=", "failed")]))
      .orderBy("c.version", "desc")
      .limit(1)
      .executeTakeFirst();
  }

  /** Ties a config version to the release that carries the change (written in the same transaction). */
  async linkRelease(appId: string, version: number, releaseVersion: number): Promise<void> {
    await this.db
      .updateTable("config_versions")
      .set({ release_version: releaseVersion })
      .where("app_id", "=", appId)
      .where("version", "=", version)
      .execute();
  }
}
