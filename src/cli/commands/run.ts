// run: a one-off process in the app's current release, attached (stdio over a WebSocket, on a terminal when run
// from one) or detached.
import type { Command } from "commander";
import { parseDuration } from "../../shared/duration.js";
import { client, CliError, resolveApp } from "../context.js";
import { info, printJson } from "../output.js";
import { checkTtyOption, localTty, runSession, wantsTty } from "../session.js";

function parseEnv(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) {
      throw new CliError(
        `-e ${pair} is not KEY=VALUE (e.g. -e DEBUG=1). Options of the command itself go after --: fifteen run -- node -e "…"`,
      );
    }
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function runCommand(program: Command): void {
  program
    .command("run")
    .description(
      "run a one-off process in the app's current release and env: fifteen run -- CMD [ARGS...] " +
        "(one argument runs through sh -c; several run as is). Exits with the process's status",
    )
    .argument("<command...>", "the command, after --")
    .option("-a, --app <name>", "the app")
    .option("-d, --detached", "return at once; the output goes to `fifteen logs -p run.N`")
    .option("--timeout <duration>", "time limit, e.g. 90s, 10m, 2h (default 24h, at most 7d)")
    .option("-e, --env <KEY=VALUE>", "an extra variable for this run (repeatable)", collect, [] as string[])
    .option("-s, --size <memory>", "the one-off's memory limit, e.g. 1G (default: the platform's, 512M)")
    .option("--json", "with --detached: output JSON")
    .option("--tty", "run on a terminal (the default when stdin and stdout are terminals)")
    .option("--no-tty", "run on plain pipes, even from a terminal")
    .action(
      async (
        command: string[],
        opts: {
          app?: string;
          detached?: boolean;
          timeout?: string;
          env: string[];
          size?: string;
          json?: boolean;
          tty?: boolean;
        },
      ) => {
        const app = await resolveApp(opts.app);
        let timeoutSeconds: number | undefined;
        if (opts.timeout !== undefined) {
          timeoutSeconds = parseDuration(opts.timeout);
          if (timeoutSeconds === undefined || timeoutSeconds < 1) {
            throw new CliError(`--timeout ${opts.timeout} is not a duration such as 90s, 10m or 2h.`);
          }
        }
        const body = {
          command,
          timeoutSeconds,
          env: opts.env.length > 0 ? parseEnv(opts.env) : undefined,
          size: opts.size,
        };
        checkTtyOption(opts.tty, opts.detached);
        const api = await client();
        if (opts.detached) {
          const run = await api.runDetached(app, body);
          if (opts.json) return printJson(run);
          info(
            `Running ${run.name} on ${app} (v${run.release}); its output: fifteen logs -a ${app} -p ${run.name}`,
          );
          return;
        }
        const tty = wantsTty(opts.tty);
        process.exitCode = await runSession(
          (handlers) => api.runAttached(app, { ...body, ...(tty ? { tty: localTty() } : {}) }, handlers),
          {
            tty,
            command,
            started: (name, release) => info(`Running ${name} on ${app} (v${release})`),
          },
        );
      },
    );
}
