// audit, audit --verify (platform admins)
import type { Command } from "commander";
import { CliError, client } from "../context.js";
import { info, printJson, printTable } from "../output.js";

export function auditCommands(program: Command): void {
  program
    .command("audit")
    .description(
      "the audit log: every change and every refused request, newest first; --verify checks its chain",
    )
    .option("-n, --num <entries>", "how many entries", "50")
    .option(
      "--verify",
      "check the hash chain from the first entry; exit 1 if an entry was changed or removed",
    )
    .option("--json", "output JSON")
    .action(async (opts: { num: string; verify?: boolean; json?: boolean }) => {
      const api = await client();
      if (opts.verify) {
        const result = await api.verifyAudit();
        if (opts.json) printJson(result);
        else if (result.ok) info(`The audit log holds: ${result.checked} entries checked.`);
        if (!result.ok) {
          const broken = result.firstBroken;
          throw new CliError(
            `The audit log was tampered with: entry ${broken?.seq ?? "?"} is the first that does not hold ` +
              `(${broken?.reason ?? "unknown"}); ${result.checked} entries before it hold.`,
          );
        }
        return;
      }
      if (!/^\d{1,5}$/.test(opts.num) || Number(opts.num) < 1 || Number(opts.num) > 10000) {
        throw new CliError(`-n ${opts.num} is not a number of entries from 1 to 10000.`);
      }
      const entries = await api.audit(Number(opts.num));
      if (opts.json) return printJson(entries);
      printTable(
        ["#", "TIME", "ACTOR", "ACTION", "TARGET", "FROM", "OUTCOME"],
        entries.map((e) => [
          e.seq,
          e.time,
          e.actor,
          e.action,
          e.target,
          e.sourceIp,
          `${e.outcome} (${e.status})`,
        ]),
        "The audit log is empty.",
      );
    });
}
