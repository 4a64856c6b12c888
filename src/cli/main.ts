// The `fifteen` CLI: Heroku-style topic:command, every read command with --json. An API client, nothing more.
import { Command, CommanderError } from "commander";
import { ApiError } from "../client/index.js";
import { VERSION } from "../platform/version.js";
import { FifteenError } from "../shared/errors.js";
import { addonCommands } from "./commands/addons.js";
import { adminCommands } from "./commands/admin.js";
import { appCommands } from "./commands/apps.js";
import { authCommands } from "./commands/auth.js";
import { tokenCommands } from "./commands/tokens.js";
import { userCommands } from "./commands/users.js";
import { auditCommands } from "./commands/audit.js";
import { doctorCommands } from "./commands/doctor.js";
import { gitCommands } from "./commands/git.js";
import { buildCommands } from "./commands/builds.js";
import { configCommands } from "./commands/config.js";
import { cronCommands } from "./commands/cron.js";
import { devCommand } from "./commands/dev.js";
import { certCommands } from "./commands/certs.js";
import { domainCommands } from "./commands/domains.js";
import { featureCommands } from "./commands/features.js";
import { drainCommands } from "./commands/drains.js";
import { metricsCommands } from "./commands/metrics.js";
import { logCommands } from "./commands/logs.js";
import { maintenanceCommands } from "./commands/maintenance.js";
import { pipelineCommands } from "./commands/pipelines.js";
import { psCommands } from "./commands/ps.js";
import { releaseCommands } from "./commands/releases.js";
import { runCommand } from "./commands/run.js";
import { execCommand } from "./commands/exec.js";
import { staticCommand } from "./commands/static.js";
import { downCommand, upCommand } from "./commands/up.js";
import { webhookCommands } from "./commands/webhooks.js";
import { CliError } from "./context.js";

export function program(): Command {
  const cli = new Command("fifteen")
    .description("Fifteen: push code, get a running app")
    .version(VERSION)
    .showSuggestionAfterError(true)
    .exitOverride();
  upCommand(cli);
  downCommand(cli);
  authCommands(cli);
  tokenCommands(cli);
  userCommands(cli);
  auditCommands(cli);
  doctorCommands(cli);
  adminCommands(cli);
  appCommands(cli);
  gitCommands(cli);
  configCommands(cli);
  buildCommands(cli);
  releaseCommands(cli);
  psCommands(cli);
  maintenanceCommands(cli);
  featureCommands(cli);
  runCommand(cli);
  execCommand(cli);
  cronCommands(cli);
  devCommand(cli);
  addonCommands(cli);
  logCommands(cli);
  domainCommands(cli);
  certCommands(cli);
  pipelineCommands(cli);
  drainCommands(cli);
  webhookCommands(cli);
  metricsCommands(cli);
  staticCommand(cli);
  return cli;
}

/**
 * A reader that closed early (`fifteen ps | head`) is not a failure: the command stops quietly, as Unix tools
 * do on SIGPIPE. `up` and `dev` keep running: their stdout is a log, and losing it must not stop apps.
 */
function quietOnClosedStdout(argv: string[]): void {
  if (["up", "dev"].includes(argv[2] ?? "")) return;
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
}

export async function main(argv: string[]): Promise<number> {
  quietOnClosedStdout(argv);
  try {
    await program().parseAsync(argv);
    // A command may report failure after printing its result (for example a release that did not go live).
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ApiError) {
      process.stderr.write(`error: ${err.message}${err.code ? ` [${err.code}]` : ""}\n`);
      return 1;
    }
    if (err instanceof CliError) {
      process.stderr.write(`error: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof FifteenError) {
      process.stderr.write(`error: ${err.message} [${err.code}]\n`);
      return 1;
    }
    process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
