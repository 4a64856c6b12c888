// Formation: how many processes of each type an app should run.
import type { Db } from "./db.js";
import type { FormationTable } from "./schema.js";

export type FormationRow = FormationTable;

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
}
