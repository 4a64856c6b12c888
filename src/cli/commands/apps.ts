// apps, apps:create, apps:info, apps:update, apps:rename, apps:destroy, open
import { spawn } from "node:child_process";
import type { Command } from "commander";
import { cliEnv, client, CliError, resolveApp } from "../context.js";
import { configureRemote, insideWorkTree, remoteUrl, renameGitRemote } from "../git.js";
import { ago, info, printJson, printPairs, printTable } from "../output.js";

/** Adds the `fifteen` remote (and its credential helper) when the current directory is a git work tree without one. */
async function addGitRemote(apiUrl: string, app: string): Promise<boolean> {
  if (!(await insideWorkTree()) || (await remoteUrl("fifteen")) !== undefined) return false;
  await configureRemote("fifteen", apiUrl, app);
  return true;
}

/** Runs the browser with the URL as its last argument (argv, no shell); false when it cannot be started. */
function openWith(browser: readonly string[], url: string): Promise<boolean> {
  const [command, ...args] = browser as [string, ...string[]];
  return new Promise((resolve) => {
    const child = spawn(command, [...args, url], { stdio: "ignore", detached: true });
    child.on("error", () => resolve(false));
    child.on("spawn", () => {
      child.unref();
      resolve(true);
    });
  });
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
      const remote = opts.remote && (await addGitRemote(api.baseUrl, app.name));
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
        ["Web URL", app.webUrl],
      ]);
    });

  program
    .command("open")
    .description(
      "open the app's URL in the browser ($BROWSER, or xdg-open); prints the URL when there is none",
    )
    .option("-a, --app <name>", "the app")
    .action(async (opts: { app?: string }) => {
      const app = await (await client()).appInfo(await resolveApp(opts.app));
      if (!app.webUrl)
        throw new CliError(`${app.name} has no URL yet: the platform's router is not listening.`);
      const env = cliEnv();
      const browser = env.browser ?? (env.display ? ["xdg-open"] : undefined);
      if (!browser || !(await openWith(browser, app.webUrl))) {
        process.stdout.write(`${app.webUrl}\n`);
        return;
      }
      info(`Opening ${app.webUrl}`);
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
    .command("apps:rename")
    .description(
      "rename an app (OLD NEW, or NEW with -a OLD): it keeps running, at the new host name; the old one stops answering",
    )
    .argument("<names...>", "OLD NEW, or just NEW for the app of -a or the git remote")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (names: string[], opts: { app?: string; json?: boolean }) => {
      if (names.length > 2) throw new CliError("Give the old and the new name: fifteen apps:rename OLD NEW");
      const [from, to] =
        names.length === 2 ? (names as [string, string]) : [await resolveApp(opts.app), names[0] as string];
      const api = await client();
      const app = await api.renameApp(await resolveApp(from), to);
      const remote = await renameGitRemote("fifteen", from, app.name);
      if (opts.json) return printJson({ ...app, remoteUpdated: remote });
      info(
        `Renamed ${from} to ${app.name}${app.webUrl ? `: ${app.webUrl}` : ""}${remote ? "; updated git remote fifteen" : ""}`,
      );
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
