// run: a one-off process in the app's current release, attached (stdio over a WebSocket) or detached.
import type { Command } from "commander";
import { commandNotFound, OutputTail } from "../../shared/command-not-found.js";
import { parseDuration } from "../../shared/duration.js";
import { client, CliError, resolveApp } from "../context.js";
import { info, printJson } from "../output.js";

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
        const api = await client();
        if (opts.detached) {
          const run = await api.runDetached(app, body);
          if (opts.json) return printJson(run);
          info(
            `Running ${run.name} on ${app} (v${run.release}); its output: fifteen logs -a ${app} -p ${run.name}`,
          );
          return;
        }
        process.exitCode = await attached(api, app, body);
      },
    );
}

async function attached(
  api: Awaited<ReturnType<typeof client>>,
  app: string,
  body: Parameters<Awaited<ReturnType<typeof client>>["runAttached"]>[1],
): Promise<number> {
  const stderrTail = new OutputTail(2048);
  const session = api.runAttached(app, body, {
    started: ({ name, release }) => info(`Running ${name} on ${app} (v${release})`),
    stdout: (chunk) => process.stdout.write(chunk),
    stderr: (chunk) => {
      stderrTail.push(chunk.toString());
      process.stderr.write(chunk);
    },
  });
  process.stdin.on("data", (chunk: Buffer) => session.write(chunk));
  process.stdin.on("end", () => session.end());
  process.stdin.on("error", () => session.end());
  // Ctrl-C goes to the process; pressed three times, the CLI leaves and the process gets SIGHUP.
  let interrupts = 0;
  const onInt = () => {
    interrupts += 1;
    if (interrupts >= 3) {
      process.stderr.write("\nDetaching: the process gets SIGHUP.\n");
      session.detach();
    } else session.signal("SIGINT");
  };
  const onTerm = () => session.signal("SIGTERM");
  const onHup = () => session.detach();
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  process.on("SIGHUP", onHup);
  try {
    const exit = await session.done;
    if (exit.endedBy === "timeout")
      process.stderr.write("The process reached its time limit and was stopped.\n");
    if (exit.endedBy === "memory")
      process.stderr.write(
        "The process exceeded its memory limit and was stopped (see `fifteen ps:resize`).\n",
      );
    const notFound = exit.endedBy === null && commandNotFound(exit.status, stderrTail.text, body.command);
    if (notFound) process.stderr.write(`${notFound} (exit 127): is it in package.json's dependencies?\n`);
    return exit.status;
  } finally {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
    process.off("SIGHUP", onHup);
    process.stdin.destroy();
  }
}
