// Migration 0012_isolation: creates formation_sizes; alters apps.
import type { Kysely, Migration } from "kysely";

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable("apps").addColumn("uid", "integer").execute();
    await db.schema.createIndex("apps_uid").unique().on("apps").column("uid").execute();
    await db.schema
      .createTable("formation_sizes")
      .addColumn("app_id", "text", (c) => c.notNull().references("apps.id").onDelete("cascade"))
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("memory_mb", "integer", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("formation_sizes_pk", ["app_id", "type"])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("formation_sizes").execute();
    await db.schema.dropIndex("apps_uid").execute();
    await db.schema.alterTable("apps").dropColumn("uid").execute();
  },
};
