// addons, addons:create, addons:info, addons:attach, addons:detach, addons:rotate, addons:destroy
import type { Command } from "commander";
import type { AddonChange, ApiClient } from "../../client/index.js";
import { client, CliError, resolveApp } from "../context.js";
import { ago, info, printJson, printPairs, printTable } from "../output.js";
import { settled } from "./releases.js";

/** Waits for the releases a change made (as config:set does) and says how they went. */
async function report(api: ApiClient, change: AddonChange, what: string, json: boolean | undefined) {
  const releases = await Promise.all(change.releases.map((r) => settled(api, r.app, r)));
  if (json) return printJson({ ...change, releases });
  info(what);
  for (const r of releases) {
    info(
      r.status === "succeeded"
        ? `  ${r.app}: released v${r.version}`
        : `  ${r.app}: release v${r.version} ${r.status}: ${r.failure ?? "see fifteen logs"}`,
    );
  }
  for (const warning of change.warnings) info(`warning: ${warning}`);
  if (releases.some((r) => r.status !== "succeeded")) process.exitCode = 1;
}

export function addonCommands(program: Command): void {
  program
    .command("addons")
    .description("list the add-ons attached to the app, with the variables they set")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const addons = await (await client()).addons(app);
      if (opts.json) return printJson(addons);
      printTable(
        ["NAME", "KIND", "VARS", "OWNER", "ATTACHED TO", "CREATED"],
        addons.map((a) => [
          a.name,
          a.kind,
          a.attachments.find((x) => x.app === app)?.vars.join(", ") ?? "",
          a.owner,
          a.attachments.map((x) => x.app).join(", "),
          ago(a.createdAt),
        ]),
        `${app} has no add-ons; create one with fifteen addons:create postgres`,
      );
    });

  program
    .command("addons:create")
    .description(
      "provision an add-on (postgres, redis, url) and attach it: DATABASE_URL, REDIS_URL, or ALIAS_URL",
    )
    .argument("<kind>", "postgres, redis or url; redis:PLAN picks a plan (mini, premium-0…premium-5, shared)")
    .option("-a, --app <name>", "the app")
    .option("--as <ALIAS>", "set ALIAS_URL instead of the default variable")
    .option("--name <name>", "the add-on's name (default APP-ALIAS-NNNN)")
    .option("--url <url>", "url add-ons: the existing service's URL")
    .option("--json", "output JSON")
    .action(
      async (
        kind: string,
        opts: { app?: string; as?: string; name?: string; url?: string; json?: boolean },
      ) => {
        const app = await resolveApp(opts.app);
        const api = await client();
        const change = await api.createAddon(app, { kind, as: opts.as, name: opts.name, url: opts.url });
        const vars = change.addon.attachments.find((a) => a.app === app)?.vars ?? [];
        await report(
          api,
          change,
          `Created ${change.addon.name} (${kind}) for ${app}: ${vars.join(", ")}`,
          opts.json,
        );
      },
    );

  program
    .command("addons:info")
    .description("one add-on: kind, owner, attachments, what was created; credentials with app:admin")
    .argument("<name>")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (name: string, opts: { app?: string; json?: boolean }) => {
      const addon = await (await client()).addonInfo(await resolveApp(opts.app), name);
      if (opts.json) return printJson(addon);
      printPairs([
        ["Name", addon.name],
        ["Kind", addon.kind],
        ["Owner", addon.owner],
        ["Attached", addon.attachments.map((a) => `${a.app} (${a.vars.join(", ")})`).join("; ")],
        ...Object.entries(addon.resource).map(([k, v]): [string, string] => [
          k[0]?.toUpperCase() + k.slice(1),
          v,
        ]),
        ["Created", `${addon.createdAt} by ${addon.createdBy}`],
        ["Rotated", addon.rotatedAt],
        ["URL", addon.url ?? "(hidden: needs app:admin)"],
      ]);
    });

  program
    .command("addons:attach")
    .description("attach an existing add-on to the app given with -a (a new release there)")
    .argument("<name>", "the add-on")
    .option("-a, --app <name>", "the app to attach it to")
    .option("--as <ALIAS>", "set ALIAS_URL instead of the default variable")
    .option("--json", "output JSON")
    .action(async (name: string, opts: { app?: string; as?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const api = await client();
      const change = await api.attachAddon(app, name, opts.as);
      const vars = change.addon.attachments.find((a) => a.app === app)?.vars ?? [];
      await report(api, change, `Attached ${name} to ${app}: ${vars.join(", ")}`, opts.json);
    });

  program
    .command("addons:detach")
    .description("detach an add-on from the app (a new release); it stays attached to its other apps")
    .argument("<name>")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (name: string, opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const api = await client();
      await report(api, await api.detachAddon(app, name), `Detached ${name} from ${app}`, opts.json);
    });

  program
    .command("addons:rotate")
    .description("new credentials for an add-on; the old ones stop working; every attached app is released")
    .argument("<name>")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (name: string, opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const api = await client();
      await report(api, await api.rotateAddon(app, name), `Rotated the credentials of ${name}`, opts.json);
    });

  program
    .command("addons:destroy")
    .description("destroy an add-on and its data (refused while other apps use it)")
    .argument("<name>")
    .option("-a, --app <name>", "the app")
    .option("--confirm <name>", "the add-on's name again")
    .option("--json", "output JSON")
    .action(async (name: string, opts: { app?: string; confirm?: string; json?: boolean }) => {
      if (!opts.confirm)
        throw new CliError(`Destroying ${name} deletes its data; confirm with --confirm ${name}.`);
      const app = await resolveApp(opts.app);
      const api = await client();
      await report(api, await api.destroyAddon(app, name, opts.confirm), `Destroyed ${name}`, opts.json);
    });
}
