// Pipelines and their members: each app is in at most one pipeline, at one stage.
import type { Db } from "./db.js";
import type { PipelineAppsTable, PipelinesTable } from "./schema.js";

export type PipelineRow = PipelinesTable;
export type PipelineAppRow = PipelineAppsTable;

/** A member with its app's name, as listings need it. */
export interface PipelineMemberRow extends PipelineAppRow {
  app_name: string;
}

export class PipelinesRepo {
  constructor(private readonly db: Db) {}

  async insert(row: PipelineRow): Promise<void> {
    await this.db.insertInto("pipelines").values(row).execute();
  }

  async byName(name: string): Promise<PipelineRow | undefined> {
    return this.db.selectFrom("pipelines").selectAll().where("name", "=", name).executeTakeFirst();
  }

  async byId(id: string): Promise<PipelineRow | undefined> {
    return this.db.selectFrom("pipelines").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async list(): Promise<PipelineRow[]> {
    return this.db.selectFrom("pipelines").selectAll().orderBy("name").execute();
  }

  /** Deletes the pipeline; its memberships go with it (the apps stay). */
  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom("pipelines").where("id", "=", id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async members(pipelineId: string): Promise<PipelineMemberRow[]> {
    return this.db
      .selectFrom("pipeline_apps")
      .innerJoin("apps", "apps.id", "pipeline_apps.app_id")
      .selectAll("pipeline_apps")
      .select("apps.name as app_name")
      .where("pipeline_apps.pipeline_id", "=", pipelineId)
      .orderBy("apps.name")
      .execute();
  }

  async membershipOf(appId: string): Promise<PipelineAppRow | undefined> {
    return this.db.selectFrom("pipeline_apps").selectAll().where("app_id", "=", appId).executeTakeFirst();
  }

  /**
   * Puts the app in the pipeline at the stage, or moves it to that stage if it is already in that pipeline.
   * Returns false, changing nothing, when the app is in another pipeline (one statement, so no race).
   */
  async setMembership(row: PipelineAppRow): Promise<boolean> {
    const result = await this.db
      .insertInto("pipeline_apps")
      .values(row)
      .onConflict((oc) =>
        oc
          .column("app_id")
          .doUpdateSet({ stage: row.stage })
          .where("pipeline_apps.pipeline_id", "=", row.pipeline_id),
      )
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  async removeMembership(appId: string): Promise<boolean> {
    const result = await this.db.deleteFrom("pipeline_apps").where("app_id", "=", appId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
