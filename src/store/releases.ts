// Releases: numbered, immutable combinations of a slug, a config version and process types.
import type { Db } from "./db.js";
import type { ReleasesTable } from "./schema.js";

export type ReleaseRow = ReleasesTable;

export class ReleasesRepo {
  constructor(private readonly db: Db) {}

  async insert(row: ReleaseRow): Promise<void> {
    await this.db.insertInto("releases").values(row).execute();
  }

  async list(appId: string, limit: number): Promise<ReleaseRow[]> {
    return this.db
      .selectFrom("releases")
      .selectAll()
      .where("app_id", "=", appId)
      .orderBy("version", "desc")
      .limit(limit)
      .execute();
  }

  async byVersion(appId: string, version: number): Promise<ReleaseRow | undefined> {
    return this.db
      .selectFrom("releases")
      .selectAll()
      .where("app_id", "=", appId)
      .where("version", "=", version)
      .executeTakeFirst();
  }

  /** The newest release that is live or on its way (pending): what a config change builds on. */
  async latestActive(appId: string): Promise<ReleaseRow | undefined> {
    return this.db
      .selectFrom("releases")
      .selectAll()
      .where("app_id", "=", appId)
      .where("status", "in", ["succeeded", "pending"])
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst();
  }

  /** The newest release that succeeded: what the app runs. */
  async current(appId: string): Promise<ReleaseRow | undefined> {
    return this.db
      .selectFrom("releases")
      .selectAll()
      .where("app_id", "=", appId)
      .where("status", "=", "succeeded")
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst();
  }

  /** Slug digests referenced by apps other than `appId`, to know which slugs a destroy may delete. */
  async slugsUsedOutside(appId: string, digests: string[]): Promise<Set<string>> {
    if (digests.length === 0) return new Set();
    const rows = await this.db
      .selectFrom("releases")
      .select("slug_digest")
      .distinct()
      .where("app_id", "!=", appId)
      .where("slug_digest", "in", digests)
      .execute();
    return new Set(rows.map((r) => r.slug_digest));
  }

  /** Settles a pending release (a failed one with its last output lines); returns whether it was pending. */
  async settle(
    appId: string,
    version: number,
    status: "succeeded" | "failed",
    failure: string | null,
    output: string[] | null = null,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable("releases")
      .set({ status, failure, failure_output: output && output.length > 0 ? JSON.stringify(output) : null })
      .where("app_id", "=", appId)
      .where("version", "=", version)
      .where("status", "=", "pending")
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async pending(): Promise<ReleaseRow[]> {
    return this.db
      .selectFrom("releases")
      .selectAll()
      .where("status", "=", "pending")
      .orderBy("version")
      .execute();
  }

  /** The manifest stored with a release of this slug (any app): identical slugs hold the same fifteen.json. */
  async manifestOfSlug(digest: string): Promise<string | null> {
    const row = await this.db
      .selectFrom("releases")
      .select("manifest")
      .where("slug_digest", "=", digest)
      .where("manifest", "is not", null)
      .limit(1)
      .executeTakeFirst();
    return row?.manifest ?? null;
  }

  async usesSlug(digest: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("releases")
      .select("id")
      .where("slug_digest", "=", digest)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async slugsOf(appId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom("releases")
      .select("slug_digest")
      .distinct()
      .where("app_id", "=", appId)
      .execute();
    return rows.map((r) => r.slug_digest);
  }
}
