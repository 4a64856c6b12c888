// Formation: how many processes of each type an app should run.
import type { Db } from "./db.js";
import type { FormationSizesTable, FormationTable } from "./schema.js";

export type FormationRow = FormationTable;
export type FormationSizeRow = FormationSizesTable;

export class FormationRepo {
  constructor(private readonly db: Db) {}

  async of(appId: string): Promise<FormationRow[]> {
    return this.db.selectFrom("formation").selectAll().where("app_id", "=", appId).orderBy("type").execute();
  }

  async all(): Promise<FormationRow[]> {
    return this.db.selectFrom("formation").selectAll().execute();
  }

  async set(appId: string, type: string, quantity: number, at: string): Promise<void> {
    await this.db
      .insertInto("formation")
      .values({ app_id: appId, type, quantity, updated_at: at })
      .onConflict((oc) => oc.columns(["app_id", "type"]).doUpdateSet({ quantity, updated_at: at }))
      .execute();
  }

  /** Memory limits set per process type (ps:resize). */
  async sizes(appId: string): Promise<FormationSizeRow[]> {
    return this.db
      .selectFrom("formation_sizes")
      .selectAll()
      .where("app_id", "=", appId)
      .orderBy("type")
      .execute();
  }

  async setSize(appId: string, type: string, memoryMb: number, at: string): Promise<void> {
    await this.db
      .insertInto("formation_sizes")
      .values({ app_id: appId, type, memory_mb: memoryMb, updated_at: at })
      .onConflict((oc) => oc.columns(["app_id", "type"]).doUpdateSet({ memory_mb: memoryMb, updated_at: at }))
      .execute();
  }
}
