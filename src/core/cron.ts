// Scheduled jobs: a cron schedule (UTC unless a time zone is given) and a command run as a one-off.
import { randomUUID } from "node:crypto";
import { Cron } from "croner";
import { now } from "../shared/clock.js";
import { FifteenError } from "../shared/errors.js";
import { toApp, toScheduledJob, type CronJobRow, type Store } from "../store/index.js";
import type { EventBus } from "./events.js";
import type { App, ScheduledJob } from "./types.js";

export interface CronJob {
  number: number;
  schedule: string;
  timezone: string;
  /** One element runs through /bin/sh -c; several run as an argv. */
  command: string[];
  createdBy: string;
  createdAt: string;
  /** When the next run is due, or null if the schedule has no future time. */
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastProcess: string | null;
  /** "exit 0", "SIGKILL", "running", or why a run was skipped. */
  lastOutcome: string | null;
}

export interface NewCronJob {
  schedule: string;
  timezone?: string | undefined;
  command: string[];
}

const NICKNAMES = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@hourly"]);
const MAX_JOBS_PER_APP = 50;

function cronInvalid(message: string): never {
  throw new FifteenError("CRON_INVALID", message);
}

/** A croner schedule for a validated spec: paused (it only computes times), or calling `run` on time. */
export function schedule(spec: string, timezone: string, allowSeconds: boolean, run?: () => void): Cron {
  const fields = spec.trim().split(/\s+/);
  const nickname = fields.length === 1 && NICKNAMES.has(fields[0] as string);
  if (!nickname && fields.length !== 5 && !(allowSeconds && fields.length === 6)) {
    cronInvalid(
      `"${spec}" is not a cron schedule: give 5 fields (minute hour day-of-month month day-of-week), ` +
        `for example "*/10 * * * *" for every 10 minutes, or @hourly/@daily/@weekly/@monthly/@yearly.`,
    );
  }
  try {
    const mode = allowSeconds ? "5-or-6-parts" : "5-part";
    if (!run) return new Cron(fields.join(" "), { paused: true, timezone, mode });
    return new Cron(fields.join(" "), { timezone, mode, catch: true, unref: true }, run);
  } catch (err) {
    return cronInvalid(
      `"${spec}" is not a valid cron schedule: ${err instanceof Error ? err.message : String(err)}.`,
    );
  }
}

function assertTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
  } catch {
    cronInvalid(`"${timezone}" is not a time zone: use an IANA name such as UTC or Europe/Berlin.`);
  }
}

/** Checks a job as cron:add and fifteen.json give it; returns it normalised (single spaces, UTC default). */
export function validateCronJob(
  input: NewCronJob,
  allowSeconds: boolean,
): { schedule: string; timezone: string; command: string[] } {
  const timezone = input.timezone ?? "UTC";
  assertTimezone(timezone);
  const spec = input.schedule.trim().split(/\s+/).join(" ");
  schedule(spec, timezone, allowSeconds);
  const { command } = input;
  if (command.length === 0 || command.every((w) => w.trim() === "")) {
    cronInvalid('No command given: put it after --, e.g. `fifteen cron:add "0 3 * * *" -- node cleanup.js`.');
  }
  if (command.some((w) => w === "" || w.includes("\0")) || Buffer.byteLength(command.join(" ")) > 8192) {
    cronInvalid("Command words must be non-empty text without NUL bytes, 8 KiB at most in all.");
  }
  return { schedule: spec, timezone, command };
}

export function toCronJob(row: CronJobRow, allowSeconds: boolean): CronJob {
  let next: Date | null = null;
  try {
    next = schedule(row.schedule, row.timezone, allowSeconds).nextRun();
  } catch {
    next = null;
  }
  return {
    number: row.number,
    schedule: row.schedule,
    timezone: row.timezone,
    command: JSON.parse(row.command) as string[],
    createdBy: row.created_by,
    createdAt: row.created_at,
    nextRunAt: next ? next.toISOString() : null,
    lastRunAt: row.last_run_at,
    lastProcess: row.last_process,
    lastOutcome: row.last_outcome,
  };
}

export class CronService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    /** Whether a sixth (seconds) field is allowed: FIFTEEN_CRON_SECONDS, for tests and demos. */
    readonly allowSeconds: boolean,
  ) {}

  async list(app: App): Promise<CronJob[]> {
    return (await this.store.cronJobs.of(app.id)).map((row) => toCronJob(row, this.allowSeconds));
  }

  async job(app: App, number: number): Promise<ScheduledJob> {
    const row = await this.store.cronJobs.byNumber(app.id, number);
    if (!row) {
      throw new FifteenError(
        "CRON_NOT_FOUND",
        `App "${app.name}" has no cron job ${number}; see \`fifteen cron\`.`,
      );
    }
    return toScheduledJob(row);
  }

  /** Adds a job; `fromManifest` marks it as one of fifteen.json's, which deploys add and remove. */
  async add(app: App, input: NewCronJob, actor: string, fromManifest = false): Promise<CronJob> {
    const { schedule: spec, timezone, command } = validateCronJob(input, this.allowSeconds);
    const row = await this.store.transaction(async (tx) => {
      if ((await tx.cronJobs.of(app.id)).length >= MAX_JOBS_PER_APP) {
        cronInvalid(`App "${app.name}" already has ${MAX_JOBS_PER_APP} cron jobs; remove one first.`);
      }
      const created: CronJobRow = {
        id: randomUUID(),
        app_id: app.id,
        number: await tx.apps.next(app.id, "cron_seq"),
        schedule: spec,
        timezone,
        command: JSON.stringify(command),
        created_by: actor,
        created_at: now(),
        from_manifest: fromManifest ? 1 : 0,
        last_run_at: null,
        last_process: null,
        last_outcome: null,
      };
      await tx.cronJobs.insert(created);
      return created;
    });
    this.events.emit("cron.changed", { app });
    return toCronJob(row, this.allowSeconds);
  }

  async remove(app: App, number: number): Promise<void> {
    const job = await this.job(app, number);
    await this.store.cronJobs.delete(job.id);
    this.events.emit("cron.changed", { app });
  }

  /** Every job of every app, for the scheduler. */
  async all(): Promise<Array<{ app: App; job: ScheduledJob }>> {
    const out = [];
    for (const job of await this.store.cronJobs.all()) {
      const app = await this.store.apps.byId(job.app_id);
      if (app) out.push({ app: toApp(app), job: toScheduledJob(job) });
    }
    return out;
  }

  async of(appId: string): Promise<ScheduledJob[]> {
    return (await this.store.cronJobs.of(appId)).map(toScheduledJob);
  }

  async recordRun(jobId: string, process: string | null, outcome: string): Promise<void> {
    await this.store.cronJobs.recordRun(jobId, {
      last_run_at: now(),
      last_process: process,
      last_outcome: outcome,
    });
  }

  async recordOutcome(jobId: string, process: string, outcome: string): Promise<void> {
    await this.store.cronJobs.recordOutcome(jobId, process, outcome);
  }
}
