// apps, apps:create, apps:info, apps:destroy
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Command } from "commander";
import { client, CliError, resolveApp } from "../context.js";
import { ago, info, printJson, printPairs, printTable } from "../output.js";

/** Adds the `fifteen` remote when the current directory is a git work tree without one. */
async function addGitRemote(url: string): Promise<boolean> {
  const git = (...args: string[]) => promisify(execFile)("git", args, { timeout: 5000 });
  try {
    if ((await git("rev-parse", "--is-inside-work-tree")).stdout.trim() !== "true") return false;
  } catch {
    return false;
  }
  try {
    await git("remote", "get-url", "fifteen");
    return false;
  } catch {
    await git("remote", "add", "fifteen", url);
    return true;
  }
}

export function appCommands(program: Command): void {
  program
    .command("apps")
    .description("list your apps")
    .option("--json", "output JSON")
    .action(async (opts: { json?: boolean }) => {
      const apps = await (await client()).listApps();
      if (opts.json) return printJson(apps);
      printTable(
        ["NAME", "CREATED"],
        apps.map((a) => [a.name, ago(a.createdAt)]),
        "No apps yet. Create one with `fifteen apps:create NAME`.",
      );
    });

  program
    .command("apps:create")
    .description("create an app")
    .argument("<name>", "DNS label: lowercase letters, digits and '-'")
    .option("--no-remote", "do not add a `fifteen` git remote in the current repository")
    .option("--deploy-branch <branch>", "the one branch a git push deploys", "main")
    .option("--json", "output JSON")
    .action(async (name: string, opts: { json?: boolean; remote: boolean; deployBranch: string }) => {
      const api = await client();
      const app = await api.createApp(name, opts.deployBranch);
      const url = `${api.baseUrl}/${app.name}.git`;
      // As Heroku does: inside a git repository, `git push fifteen main` deploys and -a is implied.
      const remote = opts.remote && (await addGitRemote(url));
      if (opts.json) return printJson({ ...app, gitUrl: url, remoteAdded: remote });
      info(`Created ${app.name}${remote ? "; added git remote fifteen" : ""}`);
      process.stdout.write(`git remote: ${url}\n`);
    });

  program
    .command("apps:info")
    .description("show an app")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; json?: boolean }) => {
      const api = await client();
      const app = await api.appInfo(await resolveApp(opts.app));
      if (opts.json) return printJson({ ...app, gitUrl: `${api.baseUrl}${app.gitUrlPath}` });
      printPairs([
        ["Name", app.name],
        ["Id", app.id],
        ["Created", app.createdAt],
        ["Release", app.currentRelease === null ? "none (not deployed yet)" : `v${app.currentRelease}`],
        ["Git URL", `${api.baseUrl}${app.gitUrlPath}`],
        ["Deploy branch", app.deployBranch],
      ]);
    });

  program
    .command("apps:update")
    .description("change an app's settings")
    .option("-a, --app <name>", "the app")
    .requiredOption("--deploy-branch <branch>", "the one branch a git push deploys (others are refused)")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; deployBranch: string; json?: boolean }) => {
      const app = await (
        await client()
      ).updateApp(await resolveApp(opts.app), { deployBranch: opts.deployBranch });
      if (opts.json) return printJson(app);
      info(`${app.name} now deploys pushes to ${app.deployBranch}; pushes to other branches are refused.`);
    });

  program
    .command("apps:destroy")
    .description("destroy an app: stops it and deletes its repository, builds, slugs and config")
    .option("-a, --app <name>", "the app")
    .option("--confirm <name>", "the app's name again, to confirm")
    .action(async (opts: { app?: string; confirm?: string }) => {
      const name = await resolveApp(opts.app);
      if (opts.confirm !== name) {
        throw new CliError(
          `Destroying ${name} is permanent. To proceed, run: fifteen apps:destroy -a ${name} --confirm ${name}`,
        );
      }
      await (await client()).destroyApp(name, opts.confirm);
      info(`Destroyed ${name}`);
    });
}
