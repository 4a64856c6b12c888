// Tokens table: only hashes are stored; lookup narrows by a hash prefix before a constant-time compare.
import type { Db } from "./db.js";
import type { TokensTable } from "./schema.js";

export type TokenRow = TokensTable;

export class TokensRepo {
  constructor(private readonly db: Db) {}

  async insert(row: TokenRow): Promise<void> {
    await this.db.insertInto("tokens").values(row).execute();
  }

  async byLookup(lookup: string): Promise<TokenRow[]> {
    return this.db.selectFrom("tokens").selectAll().where("lookup", "=", lookup).execute();
  }

  async byId(id: string): Promise<TokenRow | undefined> {
    return this.db.selectFrom("tokens").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async list(): Promise<TokenRow[]> {
    return this.db.selectFrom("tokens").selectAll().orderBy("created_at").orderBy("id").execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom("tokens").where("id", "=", id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom("tokens")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
