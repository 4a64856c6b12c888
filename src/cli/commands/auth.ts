// login, auth:whoami
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Command } from "commander";
import { ApiClient } from "../../client/index.js";
import { CliError, cliEnv, DEFAULT_API_URL, readCredentials } from "../context.js";
import { client } from "../context.js";
import { info, printJson, printPairs } from "../output.js";

export function authCommands(program: Command): void {
  program
    .command("login")
    .description("store the API URL and token for the CLI (file mode 0600)")
    .requiredOption("--token <token>", "an API token (`fifteen up` prints the admin token on first start)")
    .option("--api <url>", "the API URL", undefined)
    .action(async (opts: { token: string; api?: string }) => {
      const saved = await readCredentials();
      const apiUrl = opts.api ?? cliEnv().apiUrl ?? saved.apiUrl ?? DEFAULT_API_URL;
      try {
        new URL(apiUrl);
      } catch {
        throw new CliError(`--api ${apiUrl} is not a URL; for example http://127.0.0.1:5050`);
      }
      const me = await new ApiClient(apiUrl, opts.token).whoami();
      const file = cliEnv().credentialsFile;
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, `${JSON.stringify({ apiUrl, token: opts.token }, null, 2)}\n`, { mode: 0o600 });
      info(`Logged in to ${apiUrl} as ${me.name}; credentials saved in ${file}`);
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
        ["Token", me.name],
        ["API", api.baseUrl],
        ["Permissions", me.permissions.join(", ")],
        ["Limited to app", me.app],
      ]);
    });
}
