// releases, releases:info, rollback
import type { Command } from "commander";
import type { ApiClient, Release } from "../../client/index.js";
import { client, CliError, resolveApp } from "../context.js";
import { ago, info, printJson, printPairs, printTable } from "../output.js";

export function parseVersion(text: string): number {
  const match = /^v?(\d{1,9})$/.exec(text);
  if (!match || Number(match[1]) < 1)
    throw new CliError(`"${text}" is not a release version; use the form v3.`);
  return Number(match[1]);
}

function short(digest: string | null): string | null {
  return digest ? digest.slice(0, 12) : null;
}

function pairs(r: Release): Array<[string, string | number | null]> {
  return [
    ["Version", `v${r.version}${r.current ? " (current)" : ""}`],
    ["Status", r.status],
    ["Description", r.description],
    ["Promoted from", r.promotedFromApp ? `${r.promotedFromApp} v${r.promotedFromRelease}` : null],
    ["Failure", r.failure],
    ["Created", `${r.createdAt} by ${r.createdBy}`],
    ["Commit", r.commit],
    ["Slug", `sha256:${r.slugDigest}`],
    ["Source", r.sourceDigest ? `sha256:${r.sourceDigest}` : null],
    ["Config version", r.configVersion],
    ["Buildpack", r.buildpack],
    [
      "Process types",
      Object.entries(r.processTypes)
        .map(([t, c]) => `${t}: ${c}`)
        .join("; "),
    ],
  ];
}

/** Waits until a pending release is live or failed (the runtime rolls it out in the background). */
export async function settled(api: ApiClient, app: string, release: Release): Promise<Release> {
  let current = release;
  const deadline = Date.now() + 10 * 60 * 1000;
  while (current.status === "pending" && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    current = await api.release(app, release.version);
  }
  return current;
}

export function releaseCommands(program: Command): void {
  program
    .command("releases")
    .description("list releases, newest first")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const releases = await (await client()).releases(app);
      if (opts.json) return printJson(releases);
      printTable(
        ["VERSION", "STATUS", "DESCRIPTION", "COMMIT", "SLUG", "BY", "CREATED"],
        releases.map((r) => [
          `v${r.version}${r.current ? "*" : ""}`,
          r.status,
          r.failure ? `${r.description} (failed: ${r.failure})` : r.description,
          r.commit ? r.commit.slice(0, 8) : null,
          short(r.slugDigest),
          r.createdBy,
          ago(r.createdAt),
        ]),
        `${app} has no releases yet. Deploy with \`git push\` or \`fifteen deploy\`.`,
      );
    });

  program
    .command("releases:info")
    .description("show one release")
    .argument("<version>", "for example v3")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (version: string, opts: { app?: string; json?: boolean }) => {
      const release = await (await client()).release(await resolveApp(opts.app), parseVersion(version));
      if (opts.json) return printJson(release);
      printPairs(pairs(release));
      if (release.failureOutput && release.failureOutput.length > 0) {
        process.stdout.write(`\nLast output before it failed:\n`);
        for (const line of release.failureOutput) process.stdout.write(`  ${line}\n`);
      }
    });

  program
    .command("rollback")
    .description("make a new release from an earlier one (default: the one before the current)")
    .argument("[version]", "for example v3")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (version: string | undefined, opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const api = await client();
      const created = await api.rollback(app, version === undefined ? undefined : parseVersion(version));
      const release = await settled(api, app, created);
      if (opts.json) {
        printJson(release);
        if (release.status !== "succeeded") process.exitCode = 1;
        return;
      }
      if (release.status !== "succeeded") {
        throw new CliError(
          `Rollback to v${release.rollbackOf} failed (v${release.version}): ${release.failure ?? release.status}`,
        );
      }
      info(`Rolled back ${app} to v${release.rollbackOf}: released v${release.version}`);
    });
}
