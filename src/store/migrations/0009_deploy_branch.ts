// Migration 0009_deploy_branch: alters apps.
import type { Kysely, Migration } from "kysely";

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable("apps")
      .addColumn("deploy_branch", "text", (c) => c.notNull().defaultTo("main"))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable("apps").dropColumn("deploy_branch").execute();
  },
};
