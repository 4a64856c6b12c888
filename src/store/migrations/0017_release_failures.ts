// Migration 0017_release_failures: alters releases, config_versions.
import type { Kysely, Migration } from "kysely";

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    // The last lines a failed release's process printed (JSON array), beside its one-line failure.
    await db.schema.alterTable("releases").addColumn("failure_output", "text").execute();
    // The release a config change made: the change counts only while that release has not failed.
    await db.schema.alterTable("config_versions").addColumn("release_version", "integer").execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable("config_versions").dropColumn("release_version").execute();
    await db.schema.alterTable("releases").dropColumn("failure_output").execute();
  },
};
