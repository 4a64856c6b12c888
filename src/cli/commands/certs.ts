// certs, certs:add, certs:info, certs:remove
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import type { Certificate } from "../../client/index.js";
import { client, CliError, resolveApp } from "../context.js";
import { info, printJson, printPairs, printTable } from "../output.js";

async function readPem(option: string, path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    throw new CliError(
      `${option} ${path}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? "error"}).`,
    );
  }
}

function printCert(cert: Certificate): void {
  printPairs([
    ["Host", cert.hostname],
    ["Subject", cert.subject],
    ["Names", cert.altNames.join(", ") || null],
    ["Issuer", cert.issuer],
    ["Not before", cert.notBefore],
    ["Expires", cert.expiresAt],
    ["Fingerprint", cert.fingerprint],
    ["Added", cert.createdAt],
  ]);
}

export function certCommands(program: Command): void {
  program
    .command("certs")
    .description("list the app's TLS certificates")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const certs = await (await client()).certs(app);
      if (opts.json) return printJson(certs);
      printTable(
        ["HOST", "NAMES", "ISSUER", "EXPIRES", "FINGERPRINT"],
        certs.map((c) => [
          c.hostname,
          c.altNames.join(",") || c.subject,
          c.issuer,
          c.expiresAt.slice(0, 10),
          `${c.fingerprint.slice(0, 23)}…`,
        ]),
        "No certificates.",
      );
    });

  program
    .command("certs:add")
    .description("add (or replace) the TLS certificate of one of the app's host names")
    .argument("<hostname>")
    .requiredOption("--cert <file>", "PEM certificate chain, leaf first")
    .requiredOption("--key <file>", "PEM private key (not encrypted)")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (hostname: string, opts: { cert: string; key: string; app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const pem = { cert: await readPem("--cert", opts.cert), privateKey: await readPem("--key", opts.key) };
      const cert = await (await client()).putCert(app, hostname, pem);
      if (opts.json) return printJson(cert);
      info(`Added the certificate for ${cert.hostname} to ${app}, expiring ${cert.expiresAt}`);
    });

  program
    .command("certs:info")
    .description("show one host's TLS certificate")
    .argument("<hostname>")
    .option("-a, --app <name>", "the app")
    .option("--json", "output JSON")
    .action(async (hostname: string, opts: { app?: string; json?: boolean }) => {
      const app = await resolveApp(opts.app);
      const cert = await (await client()).cert(app, hostname);
      if (opts.json) return printJson(cert);
      printCert(cert);
    });

  program
    .command("certs:remove")
    .description("remove a host's TLS certificate (its HTTPS handshakes then fail)")
    .argument("<hostname>")
    .option("-a, --app <name>", "the app")
    .action(async (hostname: string, opts: { app?: string }) => {
      const app = await resolveApp(opts.app);
      await (await client()).removeCert(app, hostname);
      info(`Removed the certificate for ${hostname} from ${app}`);
    });
}
