// The audit log: an append-only hash chain of every change and every refused request.
import type { Db } from "./db.js";
import type { AuditLogTable } from "./schema.js";

export type AuditRow = AuditLogTable;

export class AuditRepo {
  constructor(private readonly db: Db) {}

  async last(): Promise<AuditRow | undefined> {
    return this.db.selectFrom("audit_log").selectAll().orderBy("seq", "desc").limit(1).executeTakeFirst();
  }

  async insert(row: AuditRow): Promise<void> {
    await this.db.insertInto("audit_log").values(row).execute();
  }

  /** The newest `limit` entries, newest first. */
  async recent(limit: number): Promise<AuditRow[]> {
    return this.db.selectFrom("audit_log").selectAll().orderBy("seq", "desc").limit(limit).execute();
  }

  /** Entries after `seq` in chain order, a page at a time (for verification). */
  async after(seq: number, limit: number): Promise<AuditRow[]> {
    return this.db
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", ">", seq)
      .orderBy("seq")
      .limit(limit)
      .execute();
  }
}
