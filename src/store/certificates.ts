// TLS certificates: at most one per host name, owned by the app the host routes to; the key column is sealed.
import type { Db } from "./db.js";
import type { CertificatesTable } from "./schema.js";

export type CertificateRow = CertificatesTable;

export class CertificatesRepo {
  constructor(private readonly db: Db) {}

  /** Adds the host's certificate, or replaces the one it had (a renewal). */
  async put(row: CertificateRow): Promise<void> {
    await this.db
      .insertInto("certificates")
      .values(row)
      .onConflict((oc) =>
        oc.column("hostname").doUpdateSet({
          app_id: row.app_id,
          cert_pem: row.cert_pem,
          key_sealed: row.key_sealed,
          created_at: row.created_at,
        }),
      )
      .execute();
  }

  async get(appId: string, hostname: string): Promise<CertificateRow | undefined> {
    return this.db
      .selectFrom("certificates")
      .selectAll()
      .where("app_id", "=", appId)
      .where("hostname", "=", hostname)
      .executeTakeFirst();
  }

  async of(appId: string): Promise<CertificateRow[]> {
    return this.db
      .selectFrom("certificates")
      .selectAll()
      .where("app_id", "=", appId)
      .orderBy("hostname")
      .execute();
  }

  async all(): Promise<CertificateRow[]> {
    return this.db.selectFrom("certificates").selectAll().orderBy("hostname").execute();
  }

  async delete(appId: string, hostname: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("certificates")
      .where("app_id", "=", appId)
      .where("hostname", "=", hostname)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
