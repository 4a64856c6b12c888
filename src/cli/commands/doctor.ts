// doctor: how the platform is set up (platform admins)
import type { Command } from "commander";
import { client } from "../context.js";
import { printJson } from "../output.js";

export function doctorCommands(program: Command): void {
  program
    .command("doctor")
    .description("how the platform is set up: isolation, store, router, add-on servers, telemetry")
    .option("--json", "output JSON")
    .action(async (opts: { json?: boolean }) => {
      const checks = await (await client()).doctor();
      if (opts.json) return printJson(checks);
      const width = Math.max(...checks.map((c) => c.name.length));
      for (const check of checks) {
        process.stdout.write(`${check.ok ? "ok  " : "WARN"}  ${check.name.padEnd(width)}  ${check.detail}\n`);
        if (!check.ok && check.advice) process.stdout.write(`${" ".repeat(width + 8)}→ ${check.advice}\n`);
      }
    });
}
