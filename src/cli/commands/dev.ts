// dev: run the app's Procfile locally, the way the platform would, with .env as its config.
import type { Command } from "commander";
import { inheritedEnv } from "../../config/index.js";
import { startDev } from "../../dev/index.js";
import { CliError } from "../context.js";

const COLORS = [36, 33, 32, 35, 34, 91, 92, 93, 94, 95, 96];

function integer(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new CliError(`${name} ${text} is not a whole number from ${min} to ${max}.`);
  }
  return Number(text);
}

export function devCommand(program: Command): void {
  program
    .command("dev")
    .description(
      "run the Procfile in DIR (default .) locally, the way the platform would: .env as config, the release " +
        "phase first, a router on --port in front of web, crash restarts; no platform and no build needed",
    )
    .argument("[dir]", "the app's directory", ".")
    .option(
      "-f, --formation <TYPE=N,...>",
      "how many of each type, e.g. web=2,worker=1 (default: one of each)",
    )
    .option(
      "-p, --port <port>",
      "where the app answers (default: PORT from .env or the environment, else 5000)",
    )
    .option("--host <host>", "the interface the router listens on", "127.0.0.1")
    .option("-a, --app <name>", "FIFTEEN_APP for the processes (default: the directory's name)")
    .option("--grace <seconds>", "SIGTERM to SIGKILL on Ctrl-C", "10")
    .option("--boot-timeout <seconds>", "how long web gets to accept connections on $PORT", "60")
    .action(
      async (
        dir: string,
        opts: {
          formation?: string;
          port?: string;
          host: string;
          app?: string;
          grace: string;
          bootTimeout: string;
        },
      ) => {
        const color = Boolean(process.stdout.isTTY);
        const colors = new Map<string, number>();
        const width = 10;
        const print = (name: string, text: string) => {
          const time = new Date().toISOString().slice(11, 19);
          let label = name.padEnd(width);
          if (color) {
            if (!colors.has(name)) colors.set(name, COLORS[colors.size % COLORS.length] as number);
            label = `\u001b[${colors.get(name)}m${label}\u001b[0m`;
          }
          process.stdout.write(`${time} ${label}| ${text}\n`);
        };
        // Ctrl-C while the release phase runs interrupts it; afterwards it stops everything (below).
        const starting = new AbortController();
        const abortStart = () => starting.abort();
        process.once("SIGINT", abortStart);
        process.once("SIGTERM", abortStart);
        const session = await startDev({
          dir,
          app: opts.app,
          formation: opts.formation,
          port: opts.port === undefined ? undefined : integer("--port", opts.port, 1, 65535),
          host: opts.host,
          graceSeconds: integer("--grace", opts.grace, 0, 3600),
          bootTimeoutSeconds: integer("--boot-timeout", opts.bootTimeout, 1, 3600),
          baseEnv: inheritedEnv(),
          print,
          signal: starting.signal,
        }).finally(() => {
          process.off("SIGINT", abortStart);
          process.off("SIGTERM", abortStart);
        });
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off("SIGINT", stop);
            process.off("SIGTERM", stop);
            process.on("SIGINT", () =>
              print("dev", "still stopping; processes that ignore SIGTERM get SIGKILL soon"),
            );
            void session.stop().then(resolve);
          };
          process.on("SIGINT", stop);
          process.on("SIGTERM", stop);
        });
      },
    );
}
