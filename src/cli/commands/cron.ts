// cron, cron:add, cron:remove, cron:run: scheduled one-offs (scheduler.N)
import type { Command } from "commander";
import { client, CliError, resolveApp } from "../context.js";
import { ago, info, printJson, printTable } from "../output.js";

function jobNumber(text: string): number {
  if (!/^\d{1,9}$/.test(text))
    throw new CliError(`"${text}" is not a cron job number; see \`fifteen cron\`.`);
  return Number(text);
}

function until(iso: string | null): string {
  if (!iso) return "-";
  const seconds = Math.max(0, Math.round((Date.parse(iso) - Date.now()) / 1000));
  const when =
    seconds < 60
      ? `${seconds}s`
      : seconds < 3600
        ? `${Math.round(seconds / 60)}m`
        : `${Math.round(seconds / 3600)}h`;
  return `${iso.slice(0, 16).replace("T", " ")}Z (in ${when})`;
}

export function cronCommands(program: Command): void {
  program
    .command("cron")
    .description("list the app's scheduled jobs: schedule, command, next run, last run and its outcome")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const jobs = await (await client()).cronJobs(app);
      if (opts.json) return printJson(jobs);
      printTable(
        ["ID", "SCHEDULE", "TZ", "COMMAND", "NEXT RUN", "LAST RUN", "LAST OUTCOME"],
        jobs.map((j) => [
          j.number,
          j.schedule,
          j.timezone,
          j.command.join(" "),
          until(j.nextRunAt),
          j.lastRunAt ? `${ago(j.lastRunAt)} (${j.lastProcess ?? "-"})` : "never",
          j.lastOutcome,
        ]),
        `${app} has no cron jobs; add one with fifteen cron:add "0 3 * * *" -- CMD`,
      );
    });

  program
    .command("cron:add")
    .description('schedule a command: fifteen cron:add "*/10 * * * *" -- node job.js (5 fields, UTC)')
    .argument("<schedule>", "five cron fields in quotes, or @hourly, @daily…")
    .argument("<command...>", "the command, after --")
    .option("-a, --app <name>", "the app")
    .option("--tz <zone>", "read the schedule in this IANA time zone instead of UTC, e.g. Europe/Berlin")
    .option("--json", "output JSON")
    .action(
      async (schedule: string, command: string[], opts: { app?: string; tz?: string; json?: boolean }) => {
        const app = await resolveApp(opts.app);
        const job = await (await client()).addCronJob(app, { schedule, timezone: opts.tz, command });
        if (opts.json) return printJson(job);
        info(
          `Added cron job ${job.number} to ${app}: ${job.schedule} (${job.timezone}); next run ${until(job.nextRunAt)}`,
        );
      },
    );

  program
    .command("cron:remove")
    .description("remove a scheduled job (a run in progress is not stopped)")
    .argument("<id>", "the job's number, from `fifteen cron`")
    .option("-a, --app <name>", "the app")
    .action(async (id: string, opts: { app?: string }) => {
      const app = await resolveApp(opts.app);
      await (await client()).removeCronJob(app, jobNumber(id));
      info(`Removed cron job ${id} from ${app}`);
    });

  program
    .command("cron:run")
    .description("run a scheduled job now, as a one-off (scheduler.N)")
    .argument("<id>", "the job's number, from `fifteen cron`")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (id: string, opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const run = await (await client()).runCronJob(app, jobNumber(id));
      if (opts.json) return printJson(run);
      info(
        `Running cron job ${id} of ${app} as ${run.process}; its output: fifteen logs -a ${app} -p ${run.process}`,
      );
    });
}
