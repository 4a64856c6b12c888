// maintenance, maintenance:on, maintenance:off
import type { Command } from "commander";
import { client, resolveApp } from "../context.js";
import { info, printJson } from "../output.js";

export function maintenanceCommands(program: Command): void {
  program
    .command("maintenance")
    .description("show whether the app is in maintenance mode")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const state = await (await client()).maintenance(app);
      if (opts.json) return printJson(state);
      process.stdout.write(`${state.maintenance ? "on" : "off"}\n`);
    });

  for (const [name, on] of [
    ["maintenance:on", true],
    ["maintenance:off", false],
  ] as const) {
    program
      .command(name)
      .description(
        on
          ? "answer every request for the app with a 503 maintenance page (the processes keep running)"
          : "route requests to the app again (no restart)",
      )
      .option("-a, --app <name>", "the app")
      .option("--json", "output JSON")
      .action(async (opts: { app?: string; json?: boolean }) => {
        const app = await resolveApp(opts.app);
        const state = await (await client()).setMaintenance(app, on);
        if (opts.json) return printJson(state);
        info(
          on
            ? `Maintenance mode is on for ${app}: requests get a 503 page; the processes keep running.`
            : `Maintenance mode is off for ${app}: requests reach the app again.`,
        );
      });
  }
}
