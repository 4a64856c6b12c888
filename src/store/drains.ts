// Log drains: where an app's log lines are also sent, with the delivery counters kept across restarts.
import type { Db } from "./db.js";
import type { DrainsTable } from "./schema.js";

export type DrainRow = DrainsTable;

export type DrainProgress = Pick<
  DrainRow,
  "delivered" | "dropped" | "last_error" | "last_error_at" | "last_delivered_at"
>;

export class DrainsRepo {
  constructor(private readonly db: Db) {}

  async insert(row: DrainRow): Promise<void> {
    await this.db.insertInto("drains").values(row).execute();
  }

  async of(appId: string): Promise<DrainRow[]> {
    return this.db
      .selectFrom("drains")
      .selectAll()
      .where("app_id", "=", appId)
      .orderBy("created_at")
      .orderBy("id")
      .execute()
      .then((rows) => rows.map(numbers));
  }

  async all(): Promise<DrainRow[]> {
    return (await this.db.selectFrom("drains").selectAll().execute()).map(numbers);
  }

  async progress(id: string, progress: DrainProgress): Promise<void> {
    await this.db.updateTable("drains").set(progress).where("id", "=", id).execute();
  }

  async delete(appId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("drains")
      .where("app_id", "=", appId)
      .where("id", "=", id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

/** PostgreSQL returns bigint columns as strings. */
function numbers(row: DrainRow): DrainRow {
  return { ...row, delivered: Number(row.delivered), dropped: Number(row.dropped) };
}
