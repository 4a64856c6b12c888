// The scheduler: fires each cron job on time as a one-off (scheduler.N) in the release live at that moment.
// A job whose previous run is still going is skipped, with a log line. Runs missed while the platform was
// down are not replayed.
import type { Cron } from "croner";
import type { Logger } from "pino";
import type { App, Core, ScheduledJob } from "../core/index.js";
import { schedule } from "../core/cron.js";
import { FifteenError } from "../shared/errors.js";
import { describeExit, type OneOffs } from "./one-offs.js";

interface Entry {
  appId: string;
  timer: Cron;
  /** The process of the run in progress. */
  running: string | null;
}

export interface SchedulerOptions {
  log: Logger;
  platformLog(appId: string, app: string, text: string): void;
}

export class Scheduler {
  readonly #jobs = new Map<string, Entry>();
  readonly #unsubscribe: Array<() => void> = [];
  #closed = false;

  constructor(
    private readonly core: Core,
    private readonly oneOffs: OneOffs,
    private readonly options: SchedulerOptions,
  ) {}

  async start(): Promise<void> {
    const { events } = this.core;
    this.#unsubscribe.push(
      events.on("cron.changed", ({ app }) => {
        this.#sync(app.id).catch((err: unknown) =>
          this.options.log.error({ err }, "could not load cron jobs"),
        );
      }),
      events.on("app.destroyed", ({ app }) => this.#drop(app.id, new Set())),
    );
    for (const { job } of await this.core.cron.all()) {
      // A run the last shutdown cut short never reported its exit.
      if (job.lastOutcome === "running" && job.lastProcess) {
        await this.core.cron.recordOutcome(job.id, job.lastProcess, "interrupted: the platform stopped");
      }
      this.#add(job);
    }
  }

  close(): void {
    this.#closed = true;
    for (const off of this.#unsubscribe) off();
    for (const entry of this.#jobs.values()) entry.timer.stop();
    this.#jobs.clear();
  }

  /** `cron:run N`: starts the job now; refuses if its previous run is still going. */
  async runNow(app: App, number: number): Promise<string> {
    const job = await this.core.cron.job(app, number);
    const entry = this.#jobs.get(job.id);
    if (entry?.running) {
      throw new FifteenError(
        "CRON_BUSY",
        `Cron job ${number} of "${app.name}" is still running as ${entry.running}; it is not started twice.`,
      );
    }
    return this.#run(app, job, "by request");
  }

  async #sync(appId: string): Promise<void> {
    if (this.#closed) return;
    const jobs = await this.core.cron.of(appId);
    this.#drop(appId, new Set(jobs.map((j) => j.id)));
    for (const job of jobs) if (!this.#jobs.has(job.id)) this.#add(job);
  }

  #drop(appId: string, keep: Set<string>): void {
    for (const [id, entry] of this.#jobs) {
      if (entry.appId === appId && !keep.has(id)) {
        entry.timer.stop();
        this.#jobs.delete(id);
      }
    }
  }

  #add(job: ScheduledJob): void {
    if (this.#closed) return;
    try {
      const timer = schedule(job.schedule, job.timezone, this.core.cron.allowSeconds, () => {
        this.#fire(job.id).catch((err: unknown) =>
          this.options.log.error({ err, job: job.id }, "cron run failed"),
        );
      });
      this.#jobs.set(job.id, { appId: job.appId, timer, running: null });
    } catch (err) {
      // A seconds schedule added while FIFTEEN_CRON_SECONDS was on, for example.
      this.options.log.warn(
        { err, job: job.id },
        "cron job has a schedule this platform does not accept; skipped",
      );
    }
  }

  async #fire(jobId: string): Promise<void> {
    const entry = this.#jobs.get(jobId);
    if (!entry || this.#closed) return;
    const job = (await this.core.cron.of(entry.appId)).find((j) => j.id === jobId);
    const app = (await this.core.runtime.byId(entry.appId))?.app;
    if (!job || !app) return;
    if (entry.running) {
      this.options.platformLog(
        app.id,
        app.name,
        `cron job ${job.number} (${job.schedule}): skipped this run, ${entry.running} is still running`,
      );
      return;
    }
    await this.#run(app, job, "on schedule").catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      this.options.platformLog(
        app.id,
        app.name,
        `cron job ${job.number} (${job.schedule}): not run: ${reason}`,
      );
    });
  }

  async #run(app: App, job: ScheduledJob, why: string): Promise<string> {
    const entry = this.#jobs.get(job.id);
    // Claimed before the first await, so a second run cannot start while this one is still starting.
    if (entry) entry.running = "a run that is starting";
    let started: Awaited<ReturnType<OneOffs["start"]>>;
    try {
      started = await this.oneOffs.start(app, {
        type: "scheduler",
        command: job.command,
        io: { kind: "log" },
        actor: `cron job ${job.number} (${why})`,
      });
    } catch (err) {
      if (entry) entry.running = null;
      throw err;
    }
    if (entry) entry.running = started.name;
    await this.core.cron.recordRun(job.id, started.name, "running");
    void started.exited.then(async (exit) => {
      if (entry?.running === started.name) entry.running = null;
      await this.core.cron.recordOutcome(job.id, started.name, describeExit(exit)).catch((err: unknown) => {
        this.options.log.warn({ err, job: job.id }, "could not record a cron run's outcome");
      });
    });
    return started.name;
  }
}
