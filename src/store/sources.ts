// Sources: what was uploaded or pushed, by digest and commit.
import type { Db } from "./db.js";
import type { SourcesTable } from "./schema.js";

export type SourceRow = SourcesTable;

export class SourcesRepo {
  constructor(private readonly db: Db) {}

  async insert(row: SourceRow): Promise<void> {
    await this.db.insertInto("sources").values(row).execute();
  }

  async byId(id: string): Promise<SourceRow | undefined> {
    return this.db.selectFrom("sources").selectAll().where("id", "=", id).executeTakeFirst();
  }
}
