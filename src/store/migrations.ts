// Schema migrations, written once in the query builder's dialect-neutral DDL so SQLite and PostgreSQL agree.
import type { Kysely, Migration, MigrationProvider } from "kysely";

const migrations: Record<string, Migration> = {
  "0001_core": {
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
      for (const table of [
        "releases",
        "builds",
        "sources",
        "config_versions",
        "tokens",
        "apps",
        "settings",
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  "0002_run": {
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
  },
  "0003_admin": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("apps")
        .addColumn("process_seq", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable("apps")
        .addColumn("cron_seq", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable("cron_jobs")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("app_id", "text", (c) => c.notNull().references("apps.id").onDelete("cascade"))
        .addColumn("number", "integer", (c) => c.notNull())
        .addColumn("schedule", "text", (c) => c.notNull())
        .addColumn("timezone", "text", (c) => c.notNull())
        .addColumn("command", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("last_run_at", "text")
        .addColumn("last_process", "text")
        .addColumn("last_outcome", "text")
        .addUniqueConstraint("cron_jobs_app_number", ["app_id", "number"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("cron_jobs").execute();
      await db.schema.alterTable("apps").dropColumn("cron_seq").execute();
      await db.schema.alterTable("apps").dropColumn("process_seq").execute();
    },
  },
  "0004_addons": {
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
  },
  "0005_drains": {
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
  },
  "0007_pipelines": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("pipelines")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull().unique())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("pipeline_apps")
        .addColumn("app_id", "text", (c) => c.primaryKey().references("apps.id").onDelete("cascade"))
        .addColumn("pipeline_id", "text", (c) => c.notNull().references("pipelines.id").onDelete("cascade"))
        .addColumn("stage", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("pipeline_apps_pipeline")
        .on("pipeline_apps")
        .column("pipeline_id")
        .execute();
      await db.schema.alterTable("releases").addColumn("promoted_from_app", "text").execute();
      await db.schema.alterTable("releases").addColumn("promoted_from_release", "integer").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("releases").dropColumn("promoted_from_release").execute();
      await db.schema.alterTable("releases").dropColumn("promoted_from_app").execute();
      await db.schema.dropTable("pipeline_apps").execute();
      await db.schema.dropTable("pipelines").execute();
    },
  },
  "0006_webhooks": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("webhooks")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("app_id", "text", (c) => c.notNull().references("apps.id").onDelete("cascade"))
        .addColumn("url", "text", (c) => c.notNull())
        .addColumn("display_url", "text", (c) => c.notNull())
        .addColumn("secret", "text", (c) => c.notNull())
        .addColumn("events", "text", (c) => c.notNull())
        .addColumn("created_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("webhooks_app").on("webhooks").column("app_id").execute();
      await db.schema
        .createTable("webhook_deliveries")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("webhook_id", "text", (c) => c.notNull().references("webhooks.id").onDelete("cascade"))
        .addColumn("app_id", "text", (c) => c.notNull().references("apps.id").onDelete("cascade"))
        .addColumn("event_id", "text", (c) => c.notNull())
        .addColumn("event", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("payload", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("finished_at", "text")
        .execute();
      await db.schema
        .createIndex("webhook_deliveries_webhook")
        .on("webhook_deliveries")
        .columns(["webhook_id", "created_at"])
        .execute();
      await db.schema
        .createIndex("webhook_deliveries_status")
        .on("webhook_deliveries")
        .column("status")
        .execute();
      await db.schema
        .createTable("webhook_attempts")
        .addColumn("delivery_id", "text", (c) =>
          c.notNull().references("webhook_deliveries.id").onDelete("cascade"),
        )
        .addColumn("number", "integer", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("status_code", "integer")
        .addColumn("error", "text")
        .addColumn("duration_ms", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("webhook_attempts_pk", ["delivery_id", "number"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("webhook_attempts").execute();
      await db.schema.dropTable("webhook_deliveries").execute();
      await db.schema.dropTable("webhooks").execute();
    },
  },
  "0008_manifest": {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("releases").addColumn("manifest", "text").execute();
      await db.schema
        .alterTable("cron_jobs")
        .addColumn("from_manifest", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("cron_jobs").dropColumn("from_manifest").execute();
      await db.schema.alterTable("releases").dropColumn("manifest").execute();
    },
  },
  "0009_deploy_branch": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("apps")
        .addColumn("deploy_branch", "text", (c) => c.notNull().defaultTo("main"))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("apps").dropColumn("deploy_branch").execute();
    },
  },
  "0010_audit": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("audit_log")
        .addColumn("seq", "integer", (c) => c.primaryKey())
        .addColumn("time", "text", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("token_id", "text")
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("target", "text")
        .addColumn("source_ip", "text", (c) => c.notNull())
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("status", "integer", (c) => c.notNull())
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("audit_log").execute();
    },
  },
  "0011_users": {
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
  },
  "0012_isolation": {
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
  },
  "0013_certs": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("certificates")
        .addColumn("hostname", "text", (c) => c.primaryKey())
        .addColumn("app_id", "text", (c) => c.notNull().references("apps.id").onDelete("cascade"))
        .addColumn("cert_pem", "text", (c) => c.notNull())
        .addColumn("key_sealed", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("certificates").execute();
    },
  },
  "0014_formation_disks": {
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
  },
  "0015_config_runtime_only": {
    async up(db: Kysely<unknown>) {
      // Which config keys builds do not get (`config:set --runtime-only`), per version like the values.
      await db.schema.alterTable("config_versions").addColumn("runtime_only", "text").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("config_versions").dropColumn("runtime_only").execute();
    },
  },
  "0016_maintenance": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("apps")
        .addColumn("maintenance", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("apps").dropColumn("maintenance").execute();
    },
  },
  "0017_release_failures": {
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
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
