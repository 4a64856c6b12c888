// Migration 0008_manifest: alters releases, cron_jobs.
import type { Kysely, Migration } from "kysely";

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable("releases").addColumn("manifest", "text").execute();
    await db.schema
      .alterTable("cron_jobs")
      .addColumn("from_manifest", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable("cron_jobs").dropColumn("from_manifest").execute();
    await db.schema.alterTable("releases").dropColumn("manifest").execute();
  },
};
