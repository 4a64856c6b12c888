// config, config:get, config:set, config:unset, config:edit
import { spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import type { Release } from "../../client/index.js";
import { configDiff, formatConfigFile, parseConfigFile } from "../config-file.js";
import { cliEnv, client, CliError, resolveApp } from "../context.js";
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

/** Runs the editor on the file with the terminal (argv, no shell); resolves with its exit code. */
function edit(editor: readonly string[], file: string): Promise<number> {
  const [command, ...args] = editor as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args, file], { stdio: "inherit" });
    child.on("error", (err) =>
      reject(new CliError(`Could not start the editor ${command} (${err.message}); set EDITOR.`)),
    );
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
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
      const { vars, runtimeOnly = [] } = await (await client()).config(app);
      if (opts.json) return printJson(vars);
      const keys = Object.keys(vars);
      if (keys.length === 0)
        return info(`${app} has no config vars. Set one with \`fifteen config:set KEY=VALUE\`.`);
      const width = Math.max(...keys.map((k) => k.length));
      for (const key of keys) {
        // Marked after the value, so `config` shows which values builds never see.
        const mark = runtimeOnly.includes(key) ? "   (runtime only)" : "";
        process.stdout.write(`${`${key}:`.padEnd(width + 2)}${vars[key]}${mark}\n`);
      }
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
    .option("--runtime-only", "keep these values from build steps (processes still get them)")
    .option("--json", "output JSON")
    .action(async (pairs: string[], opts: { app?: string; json?: boolean; runtimeOnly?: boolean }) => {
      const app = await resolveApp(opts.app);
      const changes = parseAssignments(pairs);
      const api = await client();
      const result = await api.configUpdate(app, changes, { runtimeOnly: opts.runtimeOnly === true });
      const release = result.release && (await settled(api, app, result.release));
      if (opts.json)
        return printJson({ keys: Object.keys(changes), version: result.config.version, release });
      const failed = notChanged(release);
      if (failed) throw new CliError(failed);
      const marked = opts.runtimeOnly ? " (runtime only: not given to builds)" : "";
      info(`Set ${Object.keys(changes).join(", ")}${marked} on ${app}${released(release)}`);
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

  program
    .command("config:edit")
    .description("edit the config as KEY=VALUE lines in $EDITOR; the changes go out as one release")
    .option("-a, --app <name>", "the app")
    .action(async (opts: { app?: string }) => {
      const app = await resolveApp(opts.app);
      const api = await client();
      const before = await api.config(app);
      // A private directory: the file holds every secret of the app while the editor has it.
      const dir = await mkdtemp(join(tmpdir(), "fifteen-config-"));
      const file = join(dir, `${app}.env`);
      try {
        await chmod(dir, 0o700);
        await writeFile(file, formatConfigFile(before.vars), { mode: 0o600 });
        const original = await readFile(file, "utf8");
        const code = await edit(cliEnv().editor, file);
        if (code !== 0) throw new CliError(`The editor exited with code ${code}; nothing was changed.`);
        const text = await readFile(file, "utf8");
        if (text === original) return info(`No changes; ${app}'s config is as it was.`);
        let after: Record<string, string>;
        try {
          after = parseConfigFile(text);
        } catch (err) {
          throw new CliError(`${err instanceof Error ? err.message : String(err)}; nothing was changed.`);
        }
        const changes = configDiff(before.vars, after);
        const set = Object.keys(changes).filter((k) => changes[k] !== null);
        const unset = Object.keys(changes).filter((k) => changes[k] === null);
        if (set.length + unset.length === 0) return info(`No changes; ${app}'s config is as it was.`);
        // Someone else's change since the file was written would be undone by this diff: refuse instead.
        const now = await api.config(app);
        if (now.version !== before.version) {
          throw new CliError(
            `${app}'s config changed while you edited it (version ${before.version} → ${now.version}); nothing was changed. Run config:edit again.`,
          );
        }
        const result = await api.configUpdate(app, changes);
        const release = result.release && (await settled(api, app, result.release));
        const parts = [
          set.length > 0 ? `set ${set.join(", ")}` : "",
          unset.length > 0 ? `unset ${unset.join(", ")}` : "",
        ].filter(Boolean);
        info(`Changed ${app}'s config: ${parts.join("; ")}${released(release)}`);
        if (release && release.status !== "succeeded") process.exitCode = 1;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
}
