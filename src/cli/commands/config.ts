// config, config:get, config:set, config:unset
import type { Command } from "commander";
import type { Release } from "../../client/index.js";
import { client, CliError, resolveApp } from "../context.js";
import { settled } from "./releases.js";
import { info, printJson } from "../output.js";

function parseAssignments(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0)
      throw new CliError(`"${pair}" is not KEY=VALUE; for example: fifteen config:set GREETING=hello`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function released(release: Release | null): string {
  if (!release) return " (the app is not deployed yet: no release)";
  if (release.status === "succeeded") return `, released v${release.version}`;
  return `, but release v${release.version} ${release.status}: ${release.failure ?? "see fifteen logs"}`;
}

/**
 * A change whose release failed was not committed: the app keeps its config. Says so (on stderr, exit 1),
 * with the lines its failing process printed; undefined when the release did not fail.
 */
function notChanged(release: Release | null): string | undefined {
  if (release?.status !== "failed") return undefined;
  const output = release.failureOutput ?? [];
  return [
    `config not changed: release v${release.version} failed: ${release.failure ?? "see fifteen logs"}`,
    ...(output.length > 0 ? ["its last output:", ...output.map((line) => `  ${line}`)] : []),
    `see \`fifteen releases:info v${release.version}\``,
  ].join("\n");
}

export function configCommands(program: Command): void {
  program
    .command("config")
    .description("show the app's config vars")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const { vars } = await (await client()).config(app);
      if (opts.json) return printJson(vars);
      const keys = Object.keys(vars);
      if (keys.length === 0)
        return info(`${app} has no config vars. Set one with \`fifteen config:set KEY=VALUE\`.`);
      const width = Math.max(...keys.map((k) => k.length));
      for (const key of keys) process.stdout.write(`${`${key}:`.padEnd(width + 2)}${vars[key]}\n`);
    });

  program
    .command("config:get")
    .description("print one config var's value")
    .argument("<key>")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (key: string, opts: { app?: string; json?: boolean }) => {
      const result = await (await client()).configGet(await resolveApp(opts.app), key);
      if (opts.json) return printJson(result);
      process.stdout.write(`${result.value}\n`);
    });

  program
    .command("config:set")
    .description("set config vars (a new release if the app is deployed)")
    .argument("<KEY=VALUE...>")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (pairs: string[], opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const changes = parseAssignments(pairs);
      const api = await client();
      const result = await api.configUpdate(app, changes);
      const release = result.release && (await settled(api, app, result.release));
      if (opts.json)
        return printJson({ keys: Object.keys(changes), version: result.config.version, release });
      const failed = notChanged(release);
      if (failed) throw new CliError(failed);
      info(`Set ${Object.keys(changes).join(", ")} on ${app}${released(release)}`);
      if (release && release.status !== "succeeded") process.exitCode = 1;
    });

  program
    .command("config:unset")
    .description("remove config vars (a new release if the app is deployed)")
    .argument("<KEY...>")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (keys: string[], opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const api = await client();
      const result = await api.configUpdate(app, Object.fromEntries(keys.map((k) => [k, null])));
      const release = result.release && (await settled(api, app, result.release));
      if (opts.json) return printJson({ keys, version: result.config.version, release });
      const failed = notChanged(release);
      if (failed) throw new CliError(failed);
      info(`Unset ${keys.join(", ")} on ${app}${released(release)}`);
      if (release && release.status !== "succeeded") process.exitCode = 1;
    });
}
