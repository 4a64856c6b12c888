// Every column that holds values sealed with the master key, in one list, and the reads and compare-and-set
// writes that key rotation needs. A new sealed column is one more entry in SEALED_COLUMNS.
import { sql } from "kysely";
import type { Db } from "./db.js";
import type { Database } from "./schema.js";

export interface SealedColumn {
  readonly table: keyof Database & string;
  /** The primary key's columns: a row is named by their values. */
  readonly key: readonly string[];
  readonly column: string;
  /** "value": the column is one sealed value; "json-values": a JSON object whose values are each sealed. */
  readonly shape: "value" | "json-values";
}

/** Every sealed column in the store. Key rotation re-encrypts exactly these; add new ones here. */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: "config_versions", key: ["app_id", "version"], column: "vars", shape: "json-values" },
  { table: "addons", key: ["id"], column: "secret", shape: "value" },
  { table: "drains", key: ["id"], column: "url", shape: "value" },
  { table: "webhooks", key: ["id"], column: "url", shape: "value" },
  { table: "webhooks", key: ["id"], column: "secret", shape: "value" },
  { table: "certificates", key: ["hostname"], column: "key_sealed", shape: "value" },
];

/** One stored cell of a sealed column. */
export interface SealedCell {
  readonly column: SealedColumn;
  readonly key: readonly (string | number)[];
  /** The stored text (a sealed value, or JSON of sealed values). */
  readonly value: string;
}

export class SealedRepo {
  constructor(private readonly db: Db) {}

  /** Every cell of every sealed column. */
  async cells(): Promise<SealedCell[]> {
    const out: SealedCell[] = [];
    for (const column of SEALED_COLUMNS) {
      const keys = sql.join(column.key.map((k) => sql.ref(k)));
      const { rows } = await sql<Record<string, string | number>>`
        SELECT ${keys}, ${sql.ref(column.column)} AS sealed_value FROM ${sql.table(column.table)}
      `.execute(this.db);
      for (const row of rows) {
        out.push({
          column,
          key: column.key.map((k) => row[k] as string | number),
          value: String(row.sealed_value),
        });
      }
    }
    return out;
  }

  /** Writes next only if the cell still holds what was read: returns false if a concurrent write won. */
  async replace(cell: SealedCell, next: string): Promise<boolean> {
    const match = sql.join(
      cell.column.key.map((k, i) => sql`${sql.ref(k)} = ${cell.key[i]}`),
      sql` AND `,
    );
    const result = await sql`
      UPDATE ${sql.table(cell.column.table)} SET ${sql.ref(cell.column.column)} = ${next}
      WHERE ${match} AND ${sql.ref(cell.column.column)} = ${cell.value}
    `.execute(this.db);
    return Number(result.numAffectedRows ?? 0n) > 0;
  }

  /**
   * PostgreSQL: waits for every transaction writing a sealed table to commit and holds new writers until this
   * transaction ends (reads go on). SQLite runs one transaction at a time, so it needs nothing.
   */
  async lockForRewrite(kind: "sqlite" | "postgres"): Promise<void> {
    if (kind !== "postgres") return;
    const tables = [...new Set(SEALED_COLUMNS.map((c) => c.table))];
    await sql`LOCK TABLE ${sql.join(tables.map((t) => sql.table(t)))} IN SHARE ROW EXCLUSIVE MODE`.execute(
      this.db,
    );
  }
}
