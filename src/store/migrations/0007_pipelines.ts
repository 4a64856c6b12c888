// Migration 0007_pipelines: creates pipelines, pipeline_apps; alters releases.
import type { Kysely, Migration } from "kysely";

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("pipelines")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull().unique())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("pipeline_apps")
      .addColumn("app_id", "text", (c) => c.primaryKey().references("apps.id").onDelete("cascade"))
      .addColumn("pipeline_id", "text", (c) => c.notNull().references("pipelines.id").onDelete("cascade"))
      .addColumn("stage", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("pipeline_apps_pipeline").on("pipeline_apps").column("pipeline_id").execute();
    await db.schema.alterTable("releases").addColumn("promoted_from_app", "text").execute();
    await db.schema.alterTable("releases").addColumn("promoted_from_release", "integer").execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable("releases").dropColumn("promoted_from_release").execute();
    await db.schema.alterTable("releases").dropColumn("promoted_from_app").execute();
    await db.schema.dropTable("pipeline_apps").execute();
    await db.schema.dropTable("pipelines").execute();
  },
};
