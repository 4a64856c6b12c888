// Migration 0015_config_runtime_only: alters config_versions.
import type { Kysely, Migration } from "kysely";

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    // Which config keys builds do not get (`config:set --runtime-only`), per version like the values.
    await db.schema.alterTable("config_versions").addColumn("runtime_only", "text").execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable("config_versions").dropColumn("runtime_only").execute();
  },
};
