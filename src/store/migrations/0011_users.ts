// Migration 0011_users: creates users, app_members; alters tokens.
import type { Kysely, Migration } from "kysely";

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("users")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("email", "text", (c) => c.notNull().unique())
      .addColumn("password_hash", "text", (c) => c.notNull())
      .addColumn("platform_admin", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("app_members")
      .addColumn("app_id", "text", (c) => c.notNull().references("apps.id").onDelete("cascade"))
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("app_members_pk", ["app_id", "user_id"])
      .execute();
    await db.schema.createIndex("app_members_user").on("app_members").column("user_id").execute();
    await db.schema
      .alterTable("tokens")
      .addColumn("user_id", "text", (c) => c.references("users.id").onDelete("cascade"))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable("tokens").dropColumn("user_id").execute();
    await db.schema.dropTable("app_members").execute();
    await db.schema.dropTable("users").execute();
  },
};
