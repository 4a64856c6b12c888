// Platform-wide key/value settings (for example, whether first-start bootstrap ran).
import type { Db } from "./db.js";

export class SettingsRepo {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom("settings")
      .select("value")
      .where("key", "=", key)
      .executeTakeFirst();
    return row?.value;
  }

  /** Inserts only if absent; returns whether this call set it. */
  async setIfAbsent(key: string, value: string): Promise<boolean> {
    const result = await this.db
      .insertInto("settings")
      .values({ key, value })
      .onConflict((oc) => oc.column("key").doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }
}
