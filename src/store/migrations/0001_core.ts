// Migration 0001_core: creates settings, apps, tokens, config_versions, sources, builds, releases.
import type { Kysely, Migration } from "kysely";

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("settings")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("apps")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull().unique())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("release_seq", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("config_seq", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("build_seq", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable("tokens")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("lookup", "text", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .addColumn("permissions", "text", (c) => c.notNull())
      .addColumn("app_id", "text", (c) => c.references("apps.id").onDelete("cascade"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text")
      .execute();
    await db.schema.createIndex("tokens_lookup").on("tokens").column("lookup").execute();
    await db.schema
      .createTable("config_versions")
      .addColumn("app_id", "text", (c) => c.notNull().references("apps.id").onDelete("cascade"))
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("vars", "text", (c) => c.notNull())
      .addColumn("description", "text", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("config_versions_pk", ["app_id", "version"])
      .execute();
    await db.schema
      .createTable("sources")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("app_id", "text", (c) => c.notNull().references("apps.id").onDelete("cascade"))
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("digest", "text", (c) => c.notNull())
      .addColumn("commit", "text")
      .addColumn("size", "integer", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("builds")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("app_id", "text", (c) => c.notNull().references("apps.id").onDelete("cascade"))
      .addColumn("number", "integer", (c) => c.notNull())
      .addColumn("source_id", "text", (c) => c.notNull().references("sources.id").onDelete("cascade"))
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("buildpack", "text")
      .addColumn("slug_digest", "text")
      .addColumn("error_code", "text")
      .addColumn("error", "text")
      .addColumn("release_version", "integer")
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("started_at", "text")
      .addColumn("finished_at", "text")
      .addUniqueConstraint("builds_app_number", ["app_id", "number"])
      .execute();
    await db.schema
      .createTable("releases")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("app_id", "text", (c) => c.notNull().references("apps.id").onDelete("cascade"))
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("slug_digest", "text", (c) => c.notNull())
      .addColumn("source_digest", "text")
      .addColumn("commit", "text")
      .addColumn("config_version", "integer", (c) => c.notNull())
      .addColumn("process_types", "text", (c) => c.notNull())
      .addColumn("buildpack", "text")
      .addColumn("build_id", "text")
      .addColumn("description", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("rollback_of", "integer")
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addUniqueConstraint("releases_app_version", ["app_id", "version"])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ["releases", "builds", "sources", "config_versions", "tokens", "apps", "settings"]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
