// domains, domains:add, domains:remove
import type { Command } from "commander";
import { client, resolveApp } from "../context.js";
import { ago, info, printJson, printTable } from "../output.js";

export function domainCommands(program: Command): void {
  program
    .command("domains")
    .description("list the app's host names (NAME.localhost always works)")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const domains = await (await client()).domains(app);
      if (opts.json) return printJson(domains);
      process.stdout.write(`${app}.localhost (built in)\n`);
      printTable(
        ["DOMAIN", "ADDED"],
        domains.map((d) => [d.hostname, ago(d.createdAt)]),
        "No custom domains.",
      );
    });

  program
    .command("domains:add")
    .description("route a host name to the app")
    .argument("<hostname>")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (hostname: string, opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const domain = await (await client()).addDomain(app, hostname);
      if (opts.json) return printJson(domain);
      info(`Added ${domain.hostname} to ${app}`);
    });

  program
    .command("domains:remove")
    .description("stop routing a host name to the app")
    .argument("<hostname>")
    .option("-a, --app <name>", "the app")
    .action(async (hostname: string, opts: { app?: string }) => {
      const app = await resolveApp(opts.app);
      await (await client()).removeDomain(app, hostname);
      info(`Removed ${hostname} from ${app}`);
    });
}
