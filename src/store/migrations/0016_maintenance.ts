// Migration 0016_maintenance: alters apps.
import type { Kysely, Migration } from "kysely";

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable("apps")
      .addColumn("maintenance", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable("apps").dropColumn("maintenance").execute();
  },
};
