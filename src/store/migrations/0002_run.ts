// Migration 0002_run: creates formation, domains; alters releases.
import type { Kysely, Migration } from "kysely";

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("formation")
      .addColumn("app_id", "text", (c) => c.notNull().references("apps.id").onDelete("cascade"))
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("quantity", "integer", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("formation_pk", ["app_id", "type"])
      .execute();
    await db.schema
      .createTable("domains")
      .addColumn("hostname", "text", (c) => c.primaryKey())
      .addColumn("app_id", "text", (c) => c.notNull().references("apps.id").onDelete("cascade"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.alterTable("releases").addColumn("failure", "text").execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable("releases").dropColumn("failure").execute();
    await db.schema.dropTable("domains").execute();
    await db.schema.dropTable("formation").execute();
  },
};
