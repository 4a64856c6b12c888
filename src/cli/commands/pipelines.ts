// pipelines, pipelines:create, pipelines:info, pipelines:add, pipelines:remove, pipelines:destroy, pipelines:promote
import type { Command } from "commander";
import type { Release } from "../../client/index.js";
import { client, CliError, resolveApp } from "../context.js";
import { ago, info, printJson, printTable } from "../output.js";
import { settled } from "./releases.js";

/** The app as an argument (`pipelines:add shop`) or as -a/--app, FIFTEEN_APP or the git remote. */
function appOf(arg: string | undefined, opts: { app?: string }): Promise<string> {
  if (arg !== undefined && opts.app !== undefined && arg !== opts.app) {
    throw new CliError(`Two apps given ("${arg}" and -a ${opts.app}); pass one.`);
  }
  return resolveApp(arg ?? opts.app);
}

export function pipelineCommands(program: Command): void {
  program
    .command("pipelines")
    .description("list pipelines")
    .option("--json", "output JSON")
    .action(async (opts: { json?: boolean }) => {
      const pipelines = await (await client()).pipelines();
      if (opts.json) return printJson(pipelines);
      printTable(
        ["PIPELINE", "APPS", "CREATED"],
        pipelines.map((p) => [p.name, p.appCount, ago(p.createdAt)]),
        "No pipelines. Create one with `fifteen pipelines:create NAME`.",
      );
    });

  program
    .command("pipelines:create")
    .description("create a pipeline (development → staging → production)")
    .argument("<name>")
    .option("--json", "output JSON")
    .action(async (name: string, opts: { json?: boolean }) => {
      const pipeline = await (await client()).createPipeline(name);
      if (opts.json) return printJson(pipeline);
      info(
        `Created pipeline ${pipeline.name}. Add apps with \`fifteen pipelines:add APP -p ${name} --stage STAGE\`.`,
      );
    });

  program
    .command("pipelines:info")
    .description("show a pipeline's apps by stage, with their current releases")
    .argument("<name>")
    .option("--json", "output JSON")
    .action(async (name: string, opts: { json?: boolean }) => {
      const pipeline = await (await client()).pipelineInfo(name);
      if (opts.json) return printJson(pipeline);
      process.stdout.write(`=== ${pipeline.name}\n`);
      printTable(
        ["STAGE", "APP", "RELEASE", "SLUG", "DESCRIPTION"],
        pipeline.apps.map((a) => [
          a.stage,
          a.app,
          a.release ? `v${a.release.version}` : null,
          a.release ? a.release.slugDigest.slice(0, 12) : null,
          a.release ? a.release.description : "not deployed",
        ]),
        "No apps yet. Add one with `fifteen pipelines:add APP -p NAME --stage STAGE`.",
      );
    });

  program
    .command("pipelines:add")
    .description("put an app in a pipeline at a stage (or move it to another stage)")
    .argument("[app]", "the app (or -a)")
    .requiredOption("-p, --pipeline <name>", "the pipeline")
    .requiredOption("-s, --stage <stage>", "development, staging or production")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(
      async (
        arg: string | undefined,
        opts: { app?: string; pipeline: string; stage: string; json?: boolean },
      ) => {
        const app = await appOf(arg, opts);
        const membership = await (await client()).addToPipeline(app, opts.pipeline, opts.stage);
        if (opts.json) return printJson(membership);
        info(`Added ${membership.app} to pipeline ${membership.pipeline} as ${membership.stage}`);
      },
    );

  program
    .command("pipelines:remove")
    .description("take an app out of its pipeline")
    .argument("[app]", "the app (or -a)")
    .option("-a, --app <name>", "the app")
    .action(async (arg: string | undefined, opts: { app?: string }) => {
      const app = await appOf(arg, opts);
      const membership = await (await client()).removeFromPipeline(app);
      info(`Removed ${membership.app} from pipeline ${membership.pipeline} (was ${membership.stage})`);
    });

  program
    .command("pipelines:destroy")
    .description("destroy a pipeline; its apps leave it and keep running")
    .argument("<name>")
    .action(async (name: string) => {
      const { removedApps } = await (await client()).destroyPipeline(name);
      const apps = removedApps.length > 0 ? `; ${removedApps.join(", ")} left it` : "";
      info(`Destroyed pipeline ${name}${apps}`);
    });

  program
    .command("pipelines:promote")
    .description("release the app's current slug on every app of the next stage, without rebuilding")
    .option("-a, --app <name>", "the app to promote from")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const api = await client();
      const promotion = await api.promote(app);
      const { source } = promotion;
      if (!opts.json) {
        info(
          `Promoting ${source.app} v${source.release} (sha256:${source.slugDigest.slice(0, 12)}) ` +
            `to ${promotion.stage}: ${promotion.releases.map((r) => r.app).join(", ")}`,
        );
      }
      const releases: Release[] = await Promise.all(promotion.releases.map((r) => settled(api, r.app, r)));
      const failed = releases.filter((r) => r.status !== "succeeded");
      if (failed.length > 0) process.exitCode = 1;
      if (opts.json) return printJson({ ...promotion, releases });
      for (const r of releases) {
        info(
          r.status === "succeeded"
            ? `${r.app}: released v${r.version}`
            : `${r.app}: release v${r.version} failed: ${r.failure ?? r.status}`,
        );
      }
      if (failed.length > 0) {
        throw new CliError(
          `Promotion failed on ${failed.map((r) => r.app).join(", ")}; they keep their old release.`,
        );
      }
    });
}
