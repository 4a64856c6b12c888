// Migration 0005_drains: creates drains.
import type { Kysely, Migration } from "kysely";

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("drains")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("app_id", "text", (c) => c.notNull().references("apps.id").onDelete("cascade"))
      .addColumn("url", "text", (c) => c.notNull())
      .addColumn("display_url", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("delivered", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("dropped", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("last_error", "text")
      .addColumn("last_error_at", "text")
      .addColumn("last_delivered_at", "text")
      .execute();
    await db.schema.createIndex("drains_app").on("drains").column("app_id").execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("drains").execute();
  },
};
