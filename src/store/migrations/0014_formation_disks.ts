// Migration 0014_formation_disks: creates formation_disks.
import type { Kysely, Migration } from "kysely";

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("formation_disks")
      .addColumn("app_id", "text", (c) => c.notNull().references("apps.id").onDelete("cascade"))
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("disk_mb", "integer", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("formation_disks_pk", ["app_id", "type"])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("formation_disks").execute();
  },
};
