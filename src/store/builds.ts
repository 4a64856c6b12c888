// Builds: queued → running → succeeded | failed | canceled, one row per attempt.
import type { Updateable } from "kysely";
import type { Db } from "./db.js";
import type { BuildsTable } from "./schema.js";

export type BuildRow = BuildsTable;
export type BuildStatus = BuildRow["status"];

export class BuildsRepo {
  constructor(private readonly db: Db) {}

  async insert(row: BuildRow): Promise<void> {
    await this.db.insertInto("builds").values(row).execute();
  }

  async byId(appId: string, id: string): Promise<BuildRow | undefined> {
    return this.db
      .selectFrom("builds")
      .selectAll()
      .where("app_id", "=", appId)
      .where("id", "=", id)
      .executeTakeFirst();
  }

  async byNumber(appId: string, number: number): Promise<BuildRow | undefined> {
    return this.db
      .selectFrom("builds")
      .selectAll()
      .where("app_id", "=", appId)
      .where("number", "=", number)
      .executeTakeFirst();
  }

  async list(appId: string, limit: number): Promise<BuildRow[]> {
    return this.db
      .selectFrom("builds")
      .selectAll()
      .where("app_id", "=", appId)
      .orderBy("number", "desc")
      .limit(limit)
      .execute();
  }

  /** Every build of an app with its source digest, for removing their files. */
  async withSources(appId: string): Promise<Array<{ id: string; digest: string }>> {
    return this.db
      .selectFrom("builds")
      .innerJoin("sources", "sources.id", "builds.source_id")
      .select(["builds.id as id", "sources.digest as digest"])
      .where("builds.app_id", "=", appId)
      .execute();
  }

  /** Whether a queued or running build still needs the source archive with this digest. */
  async sourceNeeded(digest: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("builds")
      .innerJoin("sources", "sources.id", "builds.source_id")
      .select("builds.id")
      .where("sources.digest", "=", digest)
      .where("builds.status", "in", ["queued", "running"])
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async unfinished(): Promise<BuildRow[]> {
    return this.db
      .selectFrom("builds")
      .selectAll()
      .where("status", "in", ["queued", "running"])
      .orderBy("created_at")
      .execute();
  }

  /** Updates a build only while it is in one of `from`; returns whether the row changed. */
  async transition(id: string, from: BuildStatus[], patch: Updateable<BuildsTable>): Promise<boolean> {
    const result = await this.db
      .updateTable("builds")
      .set(patch)
      .where("id", "=", id)
      .where("status", "in", from)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
