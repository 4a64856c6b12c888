// A throwaway PostgreSQL server that checks passwords (scram-sha-256), for tests of add-on credentials: the
// machine's server may trust every local connection, and then no password is ever refused.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chown, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "../runtime/local/process.js";

export interface PasswordPostgres {
  /** postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

async function binDir(): Promise<string> {
  const versions = (await readdir("/usr/lib/postgresql").catch(() => [] as string[])).sort(
    (a, b) => Number(b) - Number(a),
  );
  if (versions.length === 0) {
    throw new Error(
      "PostgreSQL server binaries not found under /usr/lib/postgresql: apt-get install postgresql",
    );
  }
  return join("/usr/lib/postgresql", versions[0] as string, "bin");
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` user. */
async function runAs(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const id = promisify(execFile);
  const uid = Number((await id("id", ["-u", "postgres"])).stdout.trim());
  const gid = Number((await id("id", ["-g", "postgres"])).stdout.trim());
  return { uid, gid };
}

export async function startPasswordPostgres(): Promise<PasswordPostgres> {
  const bin = await binDir();
  const user = await runAs();
  const root = await mkdtemp(join(tmpdir(), "fifteen-pg-"));
  const password = randomBytes(16).toString("hex");
  await writeFile(join(root, "pw"), `${password}\n`, { mode: 0o600 });
  if (user) {
    await chown(root, user.uid, user.gid);
    await chown(join(root, "pw"), user.uid, user.gid);
  }
  const init = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(
      join(bin, "initdb"),
      [
        "-D",
        join(root, "data"),
        "-U",
        "postgres",
        `--pwfile=${join(root, "pw")}`,
        "--auth=scram-sha-256",
        "-E",
        "UTF8",
        "--no-sync",
      ],
      { ...user, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
  if (init.code !== 0) {
    await rm(root, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.output}`);
  }
  const port = await freePort();
  const server: ChildProcess = spawn(
    join(bin, "postgres"),
    [
      "-D",
      join(root, "data"),
      "-p",
      String(port),
      "-k",
      root,
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "fsync=off",
    ],
    { ...user, stdio: "ignore" },
  );
  const exited = new Promise<void>((resolve) => server.on("exit", () => resolve()));
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline || server.exitCode !== null) {
        server.kill("SIGKILL");
        await rm(root, { recursive: true, force: true });
        throw new Error(`the test PostgreSQL server did not start: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    adminUrl,
    port,
    async stop() {
      // SIGINT: PostgreSQL's fast shutdown.
      server.kill("SIGINT");
      await exited;
      await rm(root, { recursive: true, force: true });
    },
  };
}
