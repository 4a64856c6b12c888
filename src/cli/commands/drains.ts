// drains, drains:add, drains:remove
import type { Command } from "commander";
import { client, resolveApp } from "../context.js";
import { ago, info, printJson, printTable } from "../output.js";

export function drainCommands(program: Command): void {
  program
    .command("drains")
    .description("list the app's log drains with their delivery status")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const drains = await (await client()).drains(app);
      if (opts.json) return printJson(drains);
      printTable(
        ["ID", "URL", "STATUS", "DELIVERED", "DROPPED", "PENDING", "LAST ERROR"],
        drains.map((d) => [
          d.id,
          d.url,
          d.state,
          d.delivered,
          d.dropped,
          d.pending,
          d.lastError && d.lastErrorAt ? `${d.lastError} (${ago(d.lastErrorAt)})` : null,
        ]),
        "No log drains. Add one with `fifteen drains:add URL`.",
      );
    });

  program
    .command("drains:add")
    .description("also send the app's log lines to a URL: https://, http://, syslog:// or syslog+tls://")
    .argument("<url>")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (url: string, opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const drain = await (await client()).addDrain(app, url);
      if (opts.json) return printJson(drain);
      info(`Added drain ${drain.id} (${drain.url}) to ${app}`);
    });

  program
    .command("drains:remove")
    .description("stop sending the app's logs to a drain")
    .argument("<id>", "the drain's id, from `fifteen drains`")
    .option("-a, --app <name>", "the app")
    .action(async (id: string, opts: { app?: string }) => {
      const app = await resolveApp(opts.app);
      await (await client()).removeDrain(app, id);
      info(`Removed drain ${id} from ${app}`);
    });
}
