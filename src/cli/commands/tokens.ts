// tokens, tokens:create, tokens:revoke (a user their own tokens, platform admins every token)
import type { Command } from "commander";
import { parseDuration } from "../../shared/duration.js";
import { CliError, client } from "../context.js";
import { info, printJson, printTable } from "../output.js";

const PERMISSIONS = ["app:read", "app:deploy", "app:admin", "app:owner", "platform:admin"] as const;
type Permission = (typeof PERMISSIONS)[number];

function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function tokenCommands(program: Command): void {
  program
    .command("tokens")
    .description("list API tokens (never their secrets)")
    .option("--json", "output JSON")
    .action(async (opts: { json?: boolean }) => {
      const tokens = await (await client()).tokens();
      if (opts.json) return printJson(tokens);
      printTable(
        ["ID", "NAME", "PERMISSIONS", "APP", "USER", "EXPIRES"],
        tokens.map((t) => [
          t.id,
          t.name,
          t.permissions.join(","),
          t.app ?? "(all)",
          t.user ?? "(machine)",
          t.expiresAt ?? "never",
        ]),
        "No tokens.",
      );
    });

  program
    .command("tokens:create")
    .description("issue a token; it is printed once, on stdout")
    .argument("<name>", "what the token is for, e.g. ci-shop")
    .option("-a, --app <name>", "limit the token to one app")
    .option("-p, --permission <permission...>", `permissions: ${PERMISSIONS.join(", ")}`, ["app:deploy"])
    .option("--all-apps", "let the token reach every app its permissions allow (instead of --app)")
    .option("--expires-in <duration>", "expire after this long, in days (30d, 90d)")
    .option("--json", "output JSON (with the token)")
    .action(
      async (
        name: string,
        opts: { app?: string; allApps?: boolean; permission: string[]; expiresIn?: string; json?: boolean },
      ) => {
        const permissions = opts.permission.filter(isPermission);
        const unknown = opts.permission.find((p) => !isPermission(p));
        if (unknown !== undefined) {
          throw new CliError(`--permission ${unknown} is not one of: ${PERMISSIONS.join(", ")}.`);
        }
        if (opts.app === undefined && !opts.allApps && !permissions.includes("platform:admin")) {
          throw new CliError(
            "Limit the token to one app with --app APP (what CI needs), or pass --all-apps for a token that reaches every app.",
          );
        }
        if (opts.app !== undefined && opts.allApps) throw new CliError("Pass --app or --all-apps, not both.");
        let expiresInDays: number | undefined;
        if (opts.expiresIn !== undefined) {
          const seconds = parseDuration(opts.expiresIn);
          if (seconds === undefined || seconds < 86_400 || seconds % 86_400 !== 0) {
            throw new CliError(`--expires-in ${opts.expiresIn} is not a number of days, e.g. 30d.`);
          }
          expiresInDays = seconds / 86_400;
        }
        const api = await client();
        const token = await api.createToken({
          name,
          permissions,
          app: opts.app,
          expiresInDays,
        });
        if (opts.json) return printJson(token);
        process.stdout.write(`${token.token}\n`);
        info(
          `Created token ${token.id} (${token.name}): ${token.permissions.join(", ")}` +
            `${token.app ? ` on ${token.app} only` : ""}${token.expiresAt ? `, expires ${token.expiresAt}` : ""}.`,
        );
        info("This is the only time the token is shown: store it now (for example as a CI secret).");
      },
    );

  program
    .command("tokens:revoke")
    .description("revoke a token: it stops working at once")
    .argument("<id>", "the token's id, from `fifteen tokens`")
    .action(async (id: string) => {
      await (await client()).revokeToken(id);
      info(`Revoked token ${id}`);
    });
}
