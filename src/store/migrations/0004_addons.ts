// Migration 0004_addons: creates addons, addon_attachments.
import type { Kysely, Migration } from "kysely";

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("addons")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull().unique())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("owner_app_id", "text", (c) => c.notNull().references("apps.id"))
      .addColumn("resource", "text", (c) => c.notNull())
      .addColumn("secret", "text", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("rotated_at", "text")
      .execute();
    await db.schema
      .createTable("addon_attachments")
      .addColumn("addon_id", "text", (c) => c.notNull().references("addons.id").onDelete("cascade"))
      .addColumn("app_id", "text", (c) => c.notNull().references("apps.id").onDelete("cascade"))
      .addColumn("alias", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("addon_attachments_pk", ["addon_id", "app_id"])
      .addUniqueConstraint("addon_attachments_alias", ["app_id", "alias"])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("addon_attachments").execute();
    await db.schema.dropTable("addons").execute();
  },
};
