// Migration 0018_app_features: alters apps.
import type { Kysely, Migration } from "kysely";

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    // The app's enabled features (`fifteen features:enable`), a JSON array of names.
    await db.schema
      .alterTable("apps")
      .addColumn("features", "text", (c) => c.notNull().defaultTo("[]"))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable("apps").dropColumn("features").execute();
  },
};
