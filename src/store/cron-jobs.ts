// Scheduled jobs: one row per `cron:add`, with the outcome of its last run.
import type { ScheduledJob } from "../core/types.js";
import type { Db } from "./db.js";
import type { CronJobsTable } from "./schema.js";

export type CronJobRow = CronJobsTable;

export function toScheduledJob(row: CronJobRow): ScheduledJob {
  return {
    id: row.id,
    appId: row.app_id,
    number: row.number,
    schedule: row.schedule,
    timezone: row.timezone,
    command: JSON.parse(row.command) as string[],
    fromManifest: row.from_manifest === 1,
    lastProcess: row.last_process,
    lastOutcome: row.last_outcome,
  };
}

export class CronJobsRepo {
  constructor(private readonly db: Db) {}

  async insert(row: CronJobRow): Promise<void> {
    await this.db.insertInto("cron_jobs").values(row).execute();
  }

  async of(appId: string): Promise<CronJobRow[]> {
    return this.db
      .selectFrom("cron_jobs")
      .selectAll()
      .where("app_id", "=", appId)
      .orderBy("number")
      .execute();
  }

  async byNumber(appId: string, number: number): Promise<CronJobRow | undefined> {
    return this.db
      .selectFrom("cron_jobs")
      .selectAll()
      .where("app_id", "=", appId)
      .where("number", "=", number)
      .executeTakeFirst();
  }

  async byId(id: string): Promise<CronJobRow | undefined> {
    return this.db.selectFrom("cron_jobs").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async all(): Promise<CronJobRow[]> {
    return this.db.selectFrom("cron_jobs").selectAll().execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom("cron_jobs").where("id", "=", id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async recordRun(
    id: string,
    run: Pick<CronJobRow, "last_run_at" | "last_process" | "last_outcome">,
  ): Promise<void> {
    await this.db.updateTable("cron_jobs").set(run).where("id", "=", id).execute();
  }

  /** Sets the outcome of the run named `process`, unless a later run has replaced it meanwhile. */
  async recordOutcome(id: string, process: string, outcome: string): Promise<void> {
    await this.db
      .updateTable("cron_jobs")
      .set({ last_outcome: outcome })
      .where("id", "=", id)
      .where("last_process", "=", process)
      .execute();
  }
}
