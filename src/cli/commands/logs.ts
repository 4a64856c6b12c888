// logs: recent lines, and with --tail the live stream
import type { Command } from "commander";
import type { LogLine } from "../../client/index.js";
import { client, CliError, resolveApp } from "../context.js";

const SOURCES = ["app", "router", "build", "platform"] as const;
type Source = (typeof SOURCES)[number];

function isSource(value: string): value is Source {
  return (SOURCES as readonly string[]).includes(value);
}

export function formatLogLine(line: LogLine): string {
  return `${line.time} ${line.source}[${line.process}]: ${line.text}`;
}

export function logCommands(program: Command): void {
  program
    .command("logs")
    .description("show recent log lines of the app, its router, builds and platform events")
    .option("-a, --app <name>", "the app")
    .option("-n, --num <lines>", "how many recent lines", "100")
    .option("-t, --tail", "keep following new lines")
    .option("-s, --source <source>", `only one source: ${SOURCES.join(", ")}`)
    .option("-p, --ps <process>", "only one process, e.g. web.1")
    .option(
      "--since <when>",
      "only lines since a duration ago (30m, 1h, 2d) or a time (2026-11-25T10:00:00Z)",
    )
    .option("-g, --grep <text>", "only lines containing the text")
    .option("--json", "output one JSON object per line")
    .action(
      async (opts: {
        app?: string;
        num: string;
        tail?: boolean;
        source?: string;
        ps?: string;
        since?: string;
        grep?: string;
        json?: boolean;
      }) => {
        const app = await resolveApp(opts.app);
        if (!/^\d{1,6}$/.test(opts.num) || Number(opts.num) > 100_000) {
          throw new CliError(`-n ${opts.num} is not a number of lines from 0 to 100000.`);
        }
        const source = opts.source;
        if (source !== undefined && !isSource(source)) {
          throw new CliError(`--source ${opts.source} is not one of: ${SOURCES.join(", ")}.`);
        }
        const controller = new AbortController();
        process.once("SIGINT", () => controller.abort());
        const lines = (await client()).logs(
          app,
          {
            lines: Number(opts.num),
            tail: opts.tail,
            source,
            ps: opts.ps,
            since: opts.since,
            grep: opts.grep,
          },
          controller.signal,
        );
        for await (const line of lines) {
          const text = opts.json ? JSON.stringify(line) : formatLogLine(line);
          // Respect the terminal's pace, so a slow reader is backpressure to the server, not memory here.
          if (!process.stdout.write(`${text}\n`)) await new Promise((r) => process.stdout.once("drain", r));
        }
      },
    );
}
