// The store: the only module that speaks SQL. One set of repositories over SQLite (embedded) or PostgreSQL.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from "kysely";
import { AddonsRepo } from "./addons.js";
import { AppsRepo } from "./apps.js";
import { BuildsRepo } from "./builds.js";
import { ConfigVersionsRepo } from "./config-versions.js";
import { CronJobsRepo } from "./cron-jobs.js";
import type { Db } from "./db.js";
import { CertificatesRepo } from "./certificates.js";
import { DomainsRepo } from "./domains.js";
import { AuditRepo } from "./audit.js";
import { DrainsRepo } from "./drains.js";
import { FormationRepo } from "./formation.js";
import { migrationProvider } from "./migrations/index.js";
import { PipelinesRepo } from "./pipelines.js";
import { ReleasesRepo } from "./releases.js";
import type { Database } from "./schema.js";
import { SealedRepo } from "./sealed.js";
import { SettingsRepo } from "./settings.js";
import { SourcesRepo } from "./sources.js";
import { TokensRepo } from "./tokens.js";
import { UsersRepo } from "./users.js";
import { WebhookDeliveriesRepo } from "./webhook-deliveries.js";
import { WebhooksRepo } from "./webhooks.js";

export type { AddonRow, AttachmentRow } from "./addons.js";
export { toApp, type AppRow } from "./apps.js";
export type { BuildRow, BuildStatus } from "./builds.js";
export type { ConfigVersionRow } from "./config-versions.js";
export { toScheduledJob, type CronJobRow } from "./cron-jobs.js";
export type { CertificateRow } from "./certificates.js";
export type { DomainRow } from "./domains.js";
export type { DrainProgress, DrainRow } from "./drains.js";
export type { AuditRow } from "./audit.js";
export type { FormationRow } from "./formation.js";
export type { PipelineAppRow, PipelineMemberRow, PipelineRow } from "./pipelines.js";
export type { ReleaseRow } from "./releases.js";
export { SEALED_COLUMNS, type SealedCell, type SealedColumn } from "./sealed.js";
export type { SourceRow } from "./sources.js";
export type { TokenRow } from "./tokens.js";
export type { MemberRow, UserRow } from "./users.js";
export type { WebhookAttemptRow, WebhookDeliveryRow } from "./webhook-deliveries.js";
export type { WebhookRow } from "./webhooks.js";

/** The repositories, bound to the database or to one transaction. */
export class Repos {
  readonly apps: AppsRepo;
  readonly tokens: TokensRepo;
  readonly users: UsersRepo;
  readonly configVersions: ConfigVersionsRepo;
  readonly sources: SourcesRepo;
  readonly builds: BuildsRepo;
  readonly releases: ReleasesRepo;
  readonly settings: SettingsRepo;
  readonly formation: FormationRepo;
  readonly domains: DomainsRepo;
  readonly certificates: CertificatesRepo;
  readonly cronJobs: CronJobsRepo;
  readonly addons: AddonsRepo;
  readonly drains: DrainsRepo;
  readonly audit: AuditRepo;
  readonly webhooks: WebhooksRepo;
  readonly webhookDeliveries: WebhookDeliveriesRepo;
  readonly pipelines: PipelinesRepo;
  /** Every sealed column at once (key rotation). */
  readonly sealed: SealedRepo;

  constructor(db: Db) {
    this.apps = new AppsRepo(db);
    this.tokens = new TokensRepo(db);
    this.users = new UsersRepo(db);
    this.configVersions = new ConfigVersionsRepo(db);
    this.sources = new SourcesRepo(db);
    this.builds = new BuildsRepo(db);
    this.releases = new ReleasesRepo(db);
    this.settings = new SettingsRepo(db);
    this.formation = new FormationRepo(db);
    this.domains = new DomainsRepo(db);
    this.certificates = new CertificatesRepo(db);
    this.cronJobs = new CronJobsRepo(db);
    this.addons = new AddonsRepo(db);
    this.drains = new DrainsRepo(db);
    this.audit = new AuditRepo(db);
    this.webhooks = new WebhooksRepo(db);
    this.webhookDeliveries = new WebhookDeliveriesRepo(db);
    this.pipelines = new PipelinesRepo(db);
    this.sealed = new SealedRepo(db);
  }
}

export interface StoreOptions {
  /** postgres://… for PostgreSQL; otherwise SQLite at sqliteFile (":memory:" when absent). */
  readonly databaseUrl?: string | undefined;
  readonly sqliteFile?: string;
  /** Told about connections lost while idle (PostgreSQL); the store recovers by itself. */
  readonly onError?: (err: Error) => void;
}

export class Store extends Repos {
  readonly kind: "sqlite" | "postgres";
  readonly #db: Db;

  private constructor(db: Db, kind: Store["kind"]) {
    super(db);
    this.#db = db;
    this.kind = kind;
  }

  static async open(options: StoreOptions): Promise<Store> {
    let db: Db;
    let kind: Store["kind"];
    if (options.databaseUrl) {
      kind = "postgres";
      // Loaded only for a PostgreSQL store: a SQLite platform never holds the client in memory.
      const { default: pg } = await import("pg");
      const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
      // An idle connection the server drops (restart, failover) must not crash the platform; the pool reconnects.
      pool.on("error", (err) => options.onError?.(err));
      db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    } else {
      kind = "sqlite";
      const sqlite = new SqliteDatabase(options.sqliteFile ?? ":memory:");
      sqlite.pragma("journal_mode = WAL");
      sqlite.pragma("foreign_keys = ON");
      sqlite.pragma("busy_timeout = 5000");
      db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    }
    const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
    if (error) {
      await db.destroy();
      const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "before any migration";
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`store migration ${failed} failed: ${reason}`);
    }
    return new Store(db, kind);
  }

  /** Runs fn in one transaction: all of its writes land, or none do. */
  async transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute((trx) => fn(new Repos(trx)));
  }

  /** Resolves if the database answers a query (for /readyz). */
  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.#db);
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }
}

export function sqliteFileIn(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return join(dataDir, "fifteen.db");
}
