// Migration 0003_admin: creates cron_jobs; alters apps.
import type { Kysely, Migration } from "kysely";

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable("apps")
      .addColumn("process_seq", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable("apps")
      .addColumn("cron_seq", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable("cron_jobs")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("app_id", "text", (c) => c.notNull().references("apps.id").onDelete("cascade"))
      .addColumn("number", "integer", (c) => c.notNull())
      .addColumn("schedule", "text", (c) => c.notNull())
      .addColumn("timezone", "text", (c) => c.notNull())
      .addColumn("command", "text", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("last_run_at", "text")
      .addColumn("last_process", "text")
      .addColumn("last_outcome", "text")
      .addUniqueConstraint("cron_jobs_app_number", ["app_id", "number"])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("cron_jobs").execute();
    await db.schema.alterTable("apps").dropColumn("cron_seq").execute();
    await db.schema.alterTable("apps").dropColumn("process_seq").execute();
  },
};
