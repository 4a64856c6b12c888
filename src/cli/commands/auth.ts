// login (a token, or email and password), account:password, auth:whoami
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Command } from "commander";
import { ApiClient } from "../../client/index.js";
import { CliError, cliEnv, DEFAULT_API_URL, readCredentials } from "../context.js";
import { client } from "../context.js";
import { info, printJson, printPairs } from "../output.js";
import { ask } from "../prompt.js";

export function authCommands(program: Command): void {
  program
    .command("login")
    .description(
      "log in with email and password (prompted; lines of stdin when piped) or --token; saves the API URL and token (file mode 0600)",
    )
    .option("--token <token>", "an API token (`fifteen up` prints the admin token on first start)")
    .option("--email <email>", "your email (prompted otherwise)")
    .option("--api <url>", "the API URL", undefined)
    .action(async (opts: { token?: string; email?: string; api?: string }) => {
      const saved = await readCredentials();
      const apiUrl = opts.api ?? cliEnv().apiUrl ?? saved.apiUrl ?? DEFAULT_API_URL;
      try {
        new URL(apiUrl);
      } catch {
        throw new CliError(`--api ${apiUrl} is not a URL; for example http://127.0.0.1:5050`);
      }
      let token = opts.token;
      if (token === undefined) {
        const email = opts.email ?? (await ask("Email: "));
        const password = await ask("Password: ", { hidden: true });
        token = (await new ApiClient(apiUrl, undefined).login(email, password)).token;
      }
      const me = await new ApiClient(apiUrl, token).whoami();
      const file = cliEnv().credentialsFile;
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, `${JSON.stringify({ apiUrl, token }, null, 2)}\n`, { mode: 0o600 });
      await chmod(file, 0o600); // the mode above applies only when the file is new
      info(`Logged in to ${apiUrl} as ${me.name}; credentials saved in ${file}`);
    });

  program
    .command("account:password")
    .description("change your password (prompts for the current and the new one)")
    .action(async () => {
      const api = await client();
      const current = await ask("Current password: ", { hidden: true });
      const next = await ask("New password: ", { hidden: true });
      if (process.stdin.isTTY && (await ask("New password again: ", { hidden: true })) !== next) {
        throw new CliError("The new passwords differ; nothing was changed.");
      }
      await api.changePassword(current, next);
      info(
        "Password changed. Tokens you already have keep working; revoke them with `fifteen tokens:revoke`.",
      );
    });

  program
    .command("auth:whoami")
    .description("show who the current token belongs to")
    .option("--json", "output JSON")
    .action(async (opts: { json?: boolean }) => {
      const api = await client();
      const me = await api.whoami();
      if (opts.json) return printJson({ ...me, apiUrl: api.baseUrl });
      printPairs([
        ["Who", me.name],
        ["API", api.baseUrl],
        ["Permissions", me.permissions.join(", ")],
        ["Limited to app", me.app],
      ]);
    });
}
