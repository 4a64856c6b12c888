// admin:rotate-key (platform admins): re-encrypt every secret under a new master key; the key is never printed.
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { CliError, client } from "../context.js";
import { printJson } from "../output.js";

async function readKey(file: string): Promise<string> {
  try {
    return (await readFile(file === "-" ? "/dev/stdin" : file, "utf8")).trim();
  } catch (err) {
    throw new CliError(`Cannot read the new key from ${file}: ${(err as Error).message}`);
  }
}

export function adminCommands(program: Command): void {
  program
    .command("admin:rotate-key")
    .description(
      "re-encrypt every secret (config vars, add-on credentials, drain and webhook URLs) under a new master key",
    )
    .option(
      "--key-file <file>",
      "the new key (32 bytes as hex or base64; - for stdin): required when FIFTEEN_MASTER_KEY holds the key",
    )
    .option("--json", "output JSON")
    .action(async (opts: { keyFile?: string; json?: boolean }) => {
      const key = opts.keyFile === undefined ? undefined : await readKey(opts.keyFile);
      const result = await (await client()).rotateKey(key);
      if (opts.json) return printJson(result);
      process.stdout.write(
        `Rotated the master key to version fk${result.version}: ` +
          `${result.reencrypted} sealed value${result.reencrypted === 1 ? "" : "s"} re-encrypted.\n`,
      );
      if (result.keySource === "env") {
        process.stdout.write(
          `Set FIFTEEN_MASTER_KEY=fk${result.version}:<the key in ${opts.keyFile ?? "the key file"}> ` +
            "before the platform restarts: the old key no longer opens the store.\n",
        );
      } else {
        process.stdout.write("The key file now holds only the new key; back it up with the store.\n");
      }
    });
}
