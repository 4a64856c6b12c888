// Apps table: names, ids and the per-app counters that number builds, config versions and releases.
import { sql } from "kysely";
import type { App } from "../core/types.js";
import { FifteenError } from "../shared/errors.js";
import type { Db } from "./db.js";
import type { AppsTable } from "./schema.js";

export type AppRow = AppsTable;
export type Counter = "release_seq" | "config_seq" | "build_seq" | "process_seq" | "cron_seq";

const NEXT_UID = "apps.next_uid";

/** The app as core's callers see it: camelCase, maintenance as a boolean, features as names, the uid as a number. */
export function toApp(row: AppRow): App {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    deployBranch: row.deploy_branch,
    maintenance: row.maintenance === 1,
    features: featuresOf(row.features),
    uid: row.uid === null ? null : Number(row.uid),
  };
}

/** The enabled features a row holds (a JSON array of names); anything else is none. */
function featuresOf(text: string | undefined): string[] {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((f): f is string => typeof f === "string") : [];
  } catch {
    return [];
  }
}

export class AppsRepo {
  constructor(private readonly db: Db) {}

  async insert(
    row: Pick<AppRow, "id" | "name" | "created_at"> & { deploy_branch?: string },
  ): Promise<AppRow> {
    return this.db
      .insertInto("apps")
      .values({
        deploy_branch: "main",
        maintenance: 0,
        ...row,
        release_seq: 0,
        config_seq: 0,
        build_seq: 0,
        process_seq: 0,
        cron_seq: 0,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * Inside a transaction: holds the app's row until it ends (a row lock on PostgreSQL, the write lock on
   * SQLite), so changes that read then write the app's rows (its members) happen one after another.
   */
  async lock(id: string): Promise<void> {
    await this.db
      .updateTable("apps")
      .set((eb) => ({ name: eb.ref("name") }))
      .where("id", "=", id)
      .execute();
  }

  async byName(name: string): Promise<AppRow | undefined> {
    return this.db.selectFrom("apps").selectAll().where("name", "=", name).executeTakeFirst();
  }

  async byId(id: string): Promise<AppRow | undefined> {
    return this.db.selectFrom("apps").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async list(): Promise<AppRow[]> {
    return this.db.selectFrom("apps").selectAll().orderBy("name").execute();
  }

  async rename(id: string, name: string): Promise<void> {
    await this.db.updateTable("apps").set({ name }).where("id", "=", id).execute();
  }

  async setMaintenance(id: string, on: boolean): Promise<void> {
    await this.db
      .updateTable("apps")
      .set({ maintenance: on ? 1 : 0 })
      .where("id", "=", id)
      .execute();
  }

  /** Replaces the app's enabled features (names, sorted by the caller). */
  async setFeatures(id: string, features: readonly string[]): Promise<void> {
    await this.db
      .updateTable("apps")
      .set({ features: JSON.stringify(features) })
      .where("id", "=", id)
      .execute();
  }

  async setDeployBranch(id: string, branch: string): Promise<void> {
    await this.db.updateTable("apps").set({ deploy_branch: branch }).where("id", "=", id).execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom("apps").where("id", "=", id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Atomically increments one counter and returns its new value (the update holds the row lock on PostgreSQL). */
  async next(id: string, counter: Counter): Promise<number> {
    const row = await this.db
      .updateTable("apps")
      .set((eb) => ({ [counter]: eb(counter, "+", 1) }))
      .where("id", "=", id)
      .returning(counter)
      .executeTakeFirstOrThrow();
    return Number(row[counter]);
  }

  /**
   * Gives the app the lowest free uid from `base` that no other app has and `reserved` does not hold (the
   * system's users and groups); keeps the one it has. Two apps racing for one uid: the unique index refuses
   * the second, which tries again.
   */
  async assignUid(
    id: string,
    base: number,
    reserved: ReadonlySet<number>,
    limit = Number.MAX_SAFE_INTEGER,
  ): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const row = await this.byId(id);
      if (!row) throw new Error(`no app ${id}`);
      if (row.uid !== null) return Number(row.uid);
      const rows = await this.db.selectFrom("apps").select("uid").where("uid", "is not", null).execute();
      const taken = new Set(rows.map((r) => Number(r.uid)));
      // Never a uid a destroyed app had: what it left behind (files in /tmp, a process) must not pass on.
      let uid = Math.max(base, await this.#nextUid());
      while (taken.has(uid) || reserved.has(uid)) uid++;
      if (uid >= limit) {
        throw new FifteenError(
          "APP_UIDS_UNAVAILABLE",
          `This platform has handed out every app uid of its block (below ${limit}); uids are never reused. Start it with FIFTEEN_APP_UID_BASE set to a free block.`,
        );
      }
      try {
        const result = await this.db
          .updateTable("apps")
          .set({ uid })
          .where("id", "=", id)
          .where("uid", "is", null)
          .executeTakeFirst();
        if (result.numUpdatedRows > 0n) await this.#raiseNextUid(uid + 1);
      } catch (err) {
        if (attempt >= 5) throw err;
      }
    }
  }

  /** The uids handed out so far, [first, next), for the host-wide registry; undefined if none ever was. */
  async uidsUsed(): Promise<{ first: number; next: number } | undefined> {
    const next = await this.#nextUid();
    if (next === 0) return undefined;
    const row = await this.db
      .selectFrom("apps")
      .select((eb) => eb.fn.min("uid").as("first"))
      .where("uid", "is not", null)
      .executeTakeFirst();
    const first = row?.first === null || row?.first === undefined ? next - 1 : Number(row.first);
    return { first: Math.min(first, next - 1), next };
  }

  /** The lowest uid never handed out (a high-water mark kept in settings). */
  async #nextUid(): Promise<number> {
    const row = await this.db
      .selectFrom("settings")
      .select("value")
      .where("key", "=", NEXT_UID)
      .executeTakeFirst();
    return row ? Number(row.value) : 0;
  }

  /** Only ever up, also when two assignments race. */
  async #raiseNextUid(next: number): Promise<void> {
    await this.db
      .insertInto("settings")
      .values({ key: NEXT_UID, value: String(next) })
      .onConflict((oc) =>
        oc.column("key").doUpdateSet({
          value: sql<string>`CASE WHEN CAST(settings.value AS INTEGER) < ${next} THEN ${String(next)} ELSE settings.value END`,
        }),
      )
      .execute();
  }
}
