// features, features:info, features:enable, features:disable (http-session-affinity), as on Heroku.
import type { Command } from "commander";
import { client, resolveApp } from "../context.js";
import { info, printJson } from "../output.js";

export function featureCommands(program: Command): void {
  program
    .command("features")
    .description("list the app's features: [+] on, [ ] off")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const features = await (await client()).features(app);
      if (opts.json) return printJson(features);
      const width = Math.max(...features.map((f) => f.name.length));
      process.stdout.write(`=== ${app} features\n`);
      for (const f of features)
        process.stdout.write(`[${f.enabled ? "+" : " "}] ${f.name.padEnd(width)}  ${f.description}\n`);
    });

  program
    .command("features:info")
    .description("show one feature and whether it is on")
    .argument("<feature>", "the feature, e.g. http-session-affinity")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (name: string, opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const feature = await (await client()).feature(app, name);
      if (opts.json) return printJson(feature);
      process.stdout.write(
        `${feature.name}: ${feature.enabled ? "enabled" : "disabled"}\n${feature.description}\n`,
      );
    });

  for (const [command, enabled] of [
    ["features:enable", true],
    ["features:disable", false],
  ] as const) {
    program
      .command(command)
      .description(
        enabled
          ? "turn a feature on for the app (no restart), e.g. http-session-affinity"
          : "turn a feature off for the app (no restart)",
      )
      .argument("<feature>", "the feature, e.g. http-session-affinity")
      .option("-a, --app <name>", "the app")
      .option("--json", "output JSON")
      .action(async (name: string, opts: { app?: string; json?: boolean }) => {
        const app = await resolveApp(opts.app);
        const feature = await (await client()).setFeature(app, name, enabled);
        if (opts.json) return printJson(feature);
        info(`${enabled ? "Enabled" : "Disabled"} ${feature.name} for ${app}.`);
      });
  }
}
