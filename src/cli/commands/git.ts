// git:remote (the `fifteen` remote and its credential helper) and git:credential (git's helper protocol)
import type { Command } from "commander";
import { cliEnv, client, CliError, DEFAULT_API_URL, readCredentials, resolveApp } from "../context.js";
import { configureRemote, credentialScope, insideWorkTree, parseCredentialRequest } from "../git.js";
import { info } from "../output.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export function gitCommands(program: Command): void {
  program
    .command("git:remote")
    .description(
      "point a git remote (default fifteen) at the app, with `fifteen git:credential` answering for the API",
    )
    .option("-a, --app <name>", "the app")
    .option("-r, --remote <name>", "the remote's name", "fifteen")
    .action(async (opts: { app?: string; remote: string }) => {
      if (!(await insideWorkTree())) throw new CliError("Not inside a git repository: run `git init` first.");
      const app = await resolveApp(opts.app);
      const api = await client();
      await api.appInfo(app); // a typo'd name fails here, not at the first push
      const { url, action } = await configureRemote(opts.remote, api.baseUrl, app);
      info(
        `${action === "added" ? "Added" : action === "updated" ? "Updated" : "Kept"} git remote ${opts.remote}: ${url}\n` +
          `git asks \`fifteen git:credential\` for the token of \`fifteen login\`; none is written to .git/config.`,
      );
    });

  program
    .command("git:credential")
    .description("git's credential helper (git runs it): answers `get` with the token `fifteen login` saved")
    .argument("<operation>", "get, store or erase (store and erase do nothing)")
    .action(async (operation: string) => {
      const request = parseCredentialRequest(await readStdin());
      if (operation !== "get") return; // the token lives in the login file; git has nothing to store or erase
      const env = cliEnv();
      const saved = await readCredentials();
      const apiUrl = env.apiUrl ?? saved.apiUrl ?? DEFAULT_API_URL;
      const token = env.token ?? saved.token;
      const asked = `${request.protocol ?? ""}://${request.host ?? ""}`;
      // Only ever hand the token to the API it was issued by, whatever git was configured to ask.
      if (asked !== credentialScope(apiUrl)) return;
      if (!token) {
        process.stderr.write("fifteen: not logged in; run `fifteen login` and push again.\n");
        return;
      }
      process.stdout.write(`username=fifteen\npassword=${token}\n`);
    });
}
