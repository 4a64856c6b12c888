// Formation: how many processes of each type an app should run.
import type { Db } from "./db.js";
import type { FormationDisksTable, FormationSizesTable, FormationTable } from "./schema.js";

export type FormationRow = FormationTable;
export type FormationSizeRow = FormationSizesTable;
export type FormationDiskRow = FormationDisksTable;

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

  /** Disk sizes set per process type (ps:resize --disk). */
  async disks(appId: string): Promise<FormationDiskRow[]> {
    return this.db
      .selectFrom("formation_disks")
      .selectAll()
      .where("app_id", "=", appId)
      .orderBy("type")
      .execute();
  }

  async setDisk(appId: string, type: string, diskMb: number, at: string): Promise<void> {
    await this.db
      .insertInto("formation_disks")
      .values({ app_id: appId, type, disk_mb: diskMb, updated_at: at })
      .onConflict((oc) => oc.columns(["app_id", "type"]).doUpdateSet({ disk_mb: diskMb, updated_at: at }))
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
