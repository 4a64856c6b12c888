// ps, ps:scale, ps:resize, ps:restart, ps:stop
import type { Command } from "commander";
import type { FormationEntry } from "../../client/index.js";
import { client, CliError, resolveApp } from "../context.js";
import { ago, info, printJson, printTable } from "../output.js";

function parseScale(pairs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z0-9_-]+)=(\d{1,3})$/.exec(pair);
    if (!match) throw new CliError(`"${pair}" is not TYPE=N; for example: fifteen ps:scale web=3 worker=1`);
    out[match[1] as string] = Number(match[2]);
  }
  return out;
}

/** TYPE=MEMORY pairs, and with --disk also bare TYPEs (only their disk changes). */
function parseResize(
  pairs: string[],
  disk: string | undefined,
): Record<string, { memory?: string; disk?: string }> {
  const out: Record<string, { memory?: string; disk?: string }> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z0-9_-]+)(?:=(\S+))?$/.exec(pair);
    if (!match || (match[2] === undefined && disk === undefined))
      throw new CliError(
        `"${pair}" is not TYPE=SIZE; for example: fifteen ps:resize web=512M worker=1G, or fifteen ps:resize web --disk 2G`,
      );
    out[match[1] as string] = {
      ...(match[2] === undefined ? {} : { memory: match[2] }),
      ...(disk === undefined ? {} : { disk }),
    };
  }
  return out;
}

/** "52 MB", "1.5 GB": whole MB below a GB (as a limit of 512M reads "512 MB"). */
function size(value: number): string {
  return value >= 1 << 30
    ? `${Number((value / (1 << 30)).toFixed(1))} GB`
    : `${Math.round(value / (1 << 20))} MB`;
}

/** "52 MB / 512 MB": what the process uses now beside its limit; "-" while it does not run. */
export function memoryColumn(used: number | null, limit: number | null): string {
  const now = used === null ? "-" : size(used);
  return limit === null ? now : `${now} / ${size(limit)}`;
}

const formationLine = (formation: FormationEntry[]) =>
  formation.map((f) => `${f.type}=${f.quantity}:${f.memory}`).join(" ");
const sizesLine = (formation: FormationEntry[]) =>
  formation.map((f) => `${f.type}=${f.memory} (disk ${f.disk})`).join(" ");

export function psCommands(program: Command): void {
  program
    .command("ps")
    .description(
      "list the app's processes: state, since, memory (used / limit), pid, port, restarts, release",
    )
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const api = await client();
      const [processes, formation] = await Promise.all([api.processes(app), api.formation(app)]);
      if (opts.json) return printJson(processes);
      if (formation.length > 0) {
        process.stdout.write(`Formation: ${formationLine(formation)}\n\n`);
      }
      printTable(
        ["PROCESS", "STATE", "SINCE", "MEMORY", "PID", "PORT", "RESTARTS", "RELEASE", "LAST EXIT", "COMMAND"],
        processes.map((p) => [
          p.name,
          p.state,
          ago(p.since),
          memoryColumn(p.memoryBytes, p.memoryLimitBytes),
          p.pid,
          p.port,
          p.restarts,
          `v${p.release}`,
          p.lastExit,
          p.command,
        ]),
        `${app} has no running processes.`,
      );
    });

  program
    .command("ps:scale")
    .description("set how many processes of each type run, e.g. web=3 worker=1 (0 stops a type)")
    .argument("<TYPE=N...>")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (pairs: string[], opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const formation = await (await client()).scale(app, parseScale(pairs));
      if (opts.json) return printJson(formation);
      info(`Scaled ${app}: ${formation.map((f) => `${f.type}=${f.quantity}`).join(" ")}`);
    });

  program
    .command("ps:resize")
    .description(
      "set the memory limit and disk of each process of a type, e.g. web=512M worker=1G, web=1G --disk 2G (restarts them)",
    )
    .argument("<TYPE=SIZE...>", "memory per process type; with --disk, a bare TYPE changes only its disk")
    .option("--disk <size>", "the disk (home and tmp, /tmp too) of each process of these types, e.g. 2G")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (pairs: string[], opts: { app?: string; json?: boolean; disk?: string }) => {
      const app = await resolveApp(opts.app);
      const formation = await (await client()).resize(app, parseResize(pairs, opts.disk));
      if (opts.json) return printJson(formation);
      info(`Resized ${app}: ${sizesLine(formation)}`);
    });

  program
    .command("ps:restart")
    .description("restart all processes, one type (web) or one process (web.1)")
    .argument("[target]", "TYPE or TYPE.N")
    .option("-a, --app <name>", "the app")
    .action(async (target: string | undefined, opts: { app?: string }) => {
      const app = await resolveApp(opts.app);
      const { restarted } = await (await client()).restart(app, target);
      info(`Restarting ${restarted} process(es) of ${app}`);
    });

  program
    .command("ps:stop")
    .description("stop one process (web.1); the formation starts a fresh one in its place")
    .argument("<process>", "TYPE.N")
    .option("-a, --app <name>", "the app")
    .action(async (target: string, opts: { app?: string }) => {
      const app = await resolveApp(opts.app);
      await (await client()).stopProcess(app, target);
      info(`Stopped ${target} of ${app}`);
    });
}
