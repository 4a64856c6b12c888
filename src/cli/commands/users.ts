// users, users:create, users:remove (platform admins); access, access:add, access:remove (an app's roles)
import type { Command } from "commander";
import type { Role } from "../../client/index.js";
import { CliError, client, resolveApp } from "../context.js";
import { ago, info, printJson, printTable } from "../output.js";
import { ask } from "../prompt.js";

const ROLES: readonly Role[] = ["viewer", "deployer", "admin", "owner"];

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function userCommands(program: Command): void {
  program
    .command("users")
    .description("list the platform's users (platform admins)")
    .option("--json", "output JSON")
    .action(async (opts: { json?: boolean }) => {
      const users = await (await client()).users();
      if (opts.json) return printJson(users);
      printTable(
        ["EMAIL", "PLATFORM ADMIN", "CREATED"],
        users.map((u) => [u.email, u.platformAdmin ? "yes" : "no", ago(u.createdAt)]),
        "No users yet: add one with `fifteen users:create EMAIL`.",
      );
    });

  program
    .command("users:create")
    .description("create a user; without --password-stdin a password is generated and printed once")
    .argument("<email>")
    .option("--platform-admin", "the user administers the whole platform")
    .option("--password-stdin", "read the password from stdin (prompted on a terminal)")
    .option("--json", "output JSON")
    .action(
      async (email: string, opts: { platformAdmin?: boolean; passwordStdin?: boolean; json?: boolean }) => {
        const password = opts.passwordStdin ? await ask("Password: ", { hidden: true }) : undefined;
        const user = await (
          await client()
        ).createUser({ email, password, platformAdmin: opts.platformAdmin });
        if (opts.json) return printJson(user);
        info(`Created user ${user.email}${user.platformAdmin ? " (platform admin)" : ""}.`);
        if (user.password !== undefined) {
          process.stdout.write(`${user.password}\n`);
          info(
            "That is the user's password, shown only now; they log in with `fifteen login` and can change it with `fifteen account:password`.",
          );
        }
      },
    );

  program
    .command("users:remove")
    .description("remove a user: their roles go and their tokens stop working at once")
    .argument("<email>")
    .action(async (email: string) => {
      await (await client()).removeUser(email);
      info(`Removed user ${email}`);
    });

  program
    .command("access")
    .description("list the users who can use the app, and their roles")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const members = await (await client()).access(app);
      if (opts.json) return printJson(members);
      printTable(
        ["EMAIL", "ROLE", "SINCE"],
        members.map((m) => [m.email, m.role, ago(m.since)]),
        "No users have a role on this app (platform admins and machine tokens still reach it).",
      );
    });

  program
    .command("access:add")
    .description("give a user a role on the app, or change it")
    .argument("<email>")
    .requiredOption("-r, --role <role>", `one of ${ROLES.join(", ")}`)
    .option("-a, --app <name>", "the app")
    .action(async (email: string, opts: { role: string; app?: string }) => {
      if (!isRole(opts.role)) throw new CliError(`--role ${opts.role} is not one of: ${ROLES.join(", ")}.`);
      const app = await resolveApp(opts.app);
      await (await client()).grantAccess(app, email, opts.role);
      info(`${email} is now ${opts.role} on ${app}`);
    });

  program
    .command("access:remove")
    .description("take a user's role on the app away")
    .argument("<email>")
    .option("-a, --app <name>", "the app")
    .action(async (email: string, opts: { app?: string }) => {
      const app = await resolveApp(opts.app);
      await (await client()).revokeAccess(app, email);
      info(`${email} no longer has access to ${app}`);
    });
}
