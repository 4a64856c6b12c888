// ps:exec: a command (a shell by default) inside a running process: its files, sandbox, uid and env.
import type { Command } from "commander";
import { client, resolveApp } from "../context.js";
import { info } from "../output.js";
import { localTty, runSession, wantsTty } from "../session.js";

export function execCommand(program: Command): void {
  program
    .command("ps:exec")
    .description(
      "run a command inside a running process (its files, env and uid): fifteen ps:exec --dyno web.1 [-- CMD...]; " +
        "without CMD, bash (or sh). Exits with the command's status",
    )
    .argument("[command...]", "the command, after -- (default: bash, or sh where bash is missing)")
    .option("-a, --app <name>", "the app")
    .option("-d, --dyno <process>", "the process to enter, e.g. web.1", "web.1")
    .option("--tty", "run on a terminal (the default when stdin and stdout are terminals)")
    .option("--no-tty", "run on plain pipes, even from a terminal")
    .action(async (command: string[], opts: { app?: string; dyno: string; tty?: boolean }) => {
      const app = await resolveApp(opts.app);
      const api = await client();
      const tty = wantsTty(opts.tty);
      const body = {
        process: opts.dyno,
        ...(command.length > 0 ? { command } : {}),
        ...(tty ? { tty: localTty() } : {}),
      };
      process.exitCode = await runSession((handlers) => api.exec(app, body, handlers), {
        tty,
        started: (name, release) => info(`Inside ${name} of ${app} (v${release})`),
      });
    });
}
