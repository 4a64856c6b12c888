// `fifteen dev`: runs an app's Procfile on this machine the way the platform would, without a platform or a
// build. The same supervisor (boot check on $PORT, crash restart with backoff, SIGTERM then SIGKILL) and the
// same router in front of the web processes; config comes from `.env` instead of `config:set`.
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parse as parseDotenv } from "dotenv";
import { readProcfile } from "../build/buildpacks/files.js";
import { Proxy } from "../router/proxy.js";
import { FifteenError } from "../shared/errors.js";
import type { ProcessStatus } from "../runtime/driver.js";
import { LocalDriver } from "../runtime/local/driver.js";
import { type Launch, type LaunchRun, type ProcessTag } from "../runtime/local/launch.js";
import { describeExit } from "../runtime/one-offs.js";
import { commandArgv, noSandbox } from "../isolation/sandbox.js";
import { hostsOf, routeHosts, webRoute } from "../runtime/route-table.js";

export interface DevOptions {
  dir: string;
  /** FIFTEEN_APP; default: the directory's name. */
  app?: string | undefined;
  /** "web=2,worker=1"; default one of each type. */
  formation?: string | undefined;
  /** Where the router listens (the app answers at http://HOST:PORT/); default PORT from .env or the
   * environment, else 5000. */
  port?: number | undefined;
  host: string;
  graceSeconds: number;
  bootTimeoutSeconds: number;
  /** The environment the processes start from (the user's, without FIFTEEN_*). */
  baseEnv: Record<string, string>;
  /** One prefixed line of output. */
  print(process: string, text: string): void;
  /** Ctrl-C while starting: the release phase is interrupted and nothing else starts. */
  signal?: AbortSignal;
}

export interface DevSession {
  /** The router's URL, once it listens (undefined when the app has no web type). */
  readonly url: string | undefined;
  /** Stops everything: SIGTERM, then SIGKILL after the grace period; resolves once all are gone. */
  stop(): Promise<void>;
}

const RELEASE_TIMEOUT_SECONDS = 3600;

/** "web=2,worker=1" (or "all=1,web=2") → quantities per type of the Procfile. */
export function parseFormation(text: string, types: string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(types.map((t) => [t, 0]));
  for (const pair of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z0-9_-]+)=(\d{1,3})$/.exec(pair);
    if (!match)
      throw new FifteenError("FORMATION_INVALID", `"${pair}" is not TYPE=N; for example: web=2,worker=1`);
    const [, type, n] = match as unknown as [string, string, string];
    if (type === "all") {
      for (const t of types) out[t] = Number(n);
    } else if (types.includes(type)) {
      out[type] = Number(n);
    } else {
      throw new FifteenError(
        "PROCESS_TYPE_UNKNOWN",
        `The Procfile has no process type "${type}"; its types are: ${types.join(", ")}.`,
      );
    }
  }
  return out;
}

// dotenv, not node:util's parseEnv: on Node 20 parseEnv glues a line without `=` to the next one and makes one
// key of both (`TYPO\nX=1` gives {"TYPO\nX": "1"}, and X is lost), and it ignores `KEY: value` lines.
async function readEnvFile(dir: string): Promise<Record<string, string>> {
  const text = await readFile(join(dir, ".env"), "utf8").catch(() => undefined);
  return text === undefined ? {} : parseDotenv(text);
}

/** The process types `fifteen dev` runs: the Procfile's, or the start script itself, as the node buildpack does. */
async function processTypes(dir: string): Promise<Record<string, string>> {
  const procfile = await readProcfile(dir);
  if (procfile) return procfile;
  const pkg = await readFile(join(dir, "package.json"), "utf8").catch(() => undefined);
  if (pkg !== undefined) {
    const scripts = (JSON.parse(pkg) as { scripts?: Record<string, string> }).scripts;
    if (scripts?.start) return { web: scripts.prestart || scripts.poststart ? "npm start" : scripts.start };
  }
  throw new FifteenError(
    "NO_PROCESS_TYPES",
    `Nothing to run in ${dir}: add a Procfile (for example "web: node server.js") or a "start" script.`,
  );
}

export async function startDev(options: DevOptions): Promise<DevSession> {
  const dir = resolve(options.dir);
  const types = await processTypes(dir);
  const runnable = Object.keys(types).filter((t) => t !== "release");
  const formation = options.formation
    ? parseFormation(options.formation, runnable)
    : Object.fromEntries(runnable.map((t) => [t, 1]));
  const app =
    options.app ??
    (basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-") ||
      "app");
  const dotenv = await readEnvFile(dir);
  // PORT is the router's (where the app answers); each web process gets its own, as on the platform.
  const { PORT: envPort, ...config } = dotenv;
  const portText = String(options.port ?? envPort ?? options.baseEnv.PORT ?? "5000");
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    throw new FifteenError("REQUEST_INVALID", `PORT ${portText} is not a port from 1 to 65535.`);
  }
  const port = Number(portText);
  const runDir = await mkdtemp(join(tmpdir(), "fifteen-dev-"));
  const appId = `dev-${app}`;
  const base = { ...options.baseEnv };
  delete base.PORT;

  const driver = new LocalDriver({
    runDir,
    registryDir: join(runDir, "pids"),
    slugPath: () => dir,
    baseEnv: base,
    sandbox: noSandbox,
    readOnlyPaths: [],
    output: (tag, text) => options.print(`${tag.type}.${tag.index}`, text),
    platformLog: (tag, text) => options.print(`${tag.type}.${tag.index}`, `[dev] ${text}`),
    // No build and no copy: processes run in the working directory, so edits show up on the next restart.
    async prepare(tag: ProcessTag, run: LaunchRun): Promise<Launch> {
      // Only the process's own bits (its output pipe) live here, fresh for every start.
      const own = join(runDir, tag.appId, tag.id);
      await rm(own, { recursive: true, force: true });
      await mkdir(own, { recursive: true, mode: 0o700 });
      const [file, ...args] = commandArgv(run.command);
      // The app's tools first, as on the platform; then the developer's own PATH (their Node, their tools).
      const path = [join(dir, "node_modules", ".bin"), ...(base.PATH ? [base.PATH] : [])].join(":");
      return { dir: own, cwd: dir, env: { ...base, PATH: path, ...run.env }, file: file as string, args };
    },
  });
  const env = (name: string) => ({
    ...config,
    FIFTEEN_APP: app,
    FIFTEEN_RELEASE: "dev",
    FIFTEEN_PROCESS: name,
  });

  // The release phase first; if it fails, nothing starts.
  if (types.release) {
    const handle = await driver.run({
      id: randomUUID(),
      appId,
      app,
      type: "release",
      index: 1,
      release: 0,
      command: [types.release],
      env: env("release.1"),
      slugDigest: "",
      timeoutSeconds: RELEASE_TIMEOUT_SECONDS,
      graceSeconds: options.graceSeconds,
      io: { kind: "log" },
    });
    const interrupt = () => handle.signal("SIGINT");
    options.signal?.addEventListener("abort", interrupt);
    const exit = await handle.exited;
    options.signal?.removeEventListener("abort", interrupt);
    if (options.signal?.aborted) {
      await rm(runDir, { recursive: true, force: true });
      throw new FifteenError(
        "RELEASE_PHASE_FAILED",
        "Interrupted during the release phase; nothing was started.",
      );
    }
    if (exit.code !== 0) {
      await rm(runDir, { recursive: true, force: true });
      throw new FifteenError(
        "RELEASE_PHASE_FAILED",
        `The release phase (${types.release}) failed: ${describeExit(exit)}; nothing was started.`,
      );
    }
    options.print("dev", "release phase done");
  }

  let url: string | undefined;
  let server: http.Server | undefined;
  if ((formation.web ?? 0) > 0 && types.web) {
    const proxy = new Proxy({
      timeoutMs: 30_000,
      listenPort: () => port,
      onAccess: (entry) => options.print("router", entry.text),
      fallbackHost: "localhost",
    });
    const publish = (processes: ProcessStatus[]) => {
      const route = { appId, app, ...webRoute(processes.filter((p) => p.web && p.state !== "stopping")) };
      const hosts = routeHosts([{ hosts: ["localhost", ...hostsOf(app, [])], route }]);
      proxy.setTable({ version: Date.now(), hosts });
    };
    driver.onChange(() => publish(driver.list()));
    server = http.createServer({ keepAlive: true, requestTimeout: 0 }, (req, res) => proxy.handle(req, res));
    server.on("upgrade", (req, socket, head: Buffer) => proxy.upgrade(req, socket, head));
    const listening = server;
    await new Promise<void>((resolvePromise, reject) => {
      listening.once("error", () => void rm(runDir, { recursive: true, force: true }));
      listening.once("error", (err: NodeJS.ErrnoException) =>
        reject(
          err.code === "EADDRINUSE"
            ? new FifteenError("REQUEST_INVALID", `Port ${port} is in use: pick another with --port.`)
            : err,
        ),
      );
      listening.listen(port, options.host, () => resolvePromise());
    });
    const host = options.host.includes(":") ? `[${options.host}]` : options.host;
    url = `http://${host === "0.0.0.0" ? "localhost" : host}:${port}/`;
    publish([]);
  }

  const summary = Object.entries(formation)
    .filter(([t, n]) => n > 0 && types[t])
    .map(([t, n]) => `${t}=${n}`);
  options.print(
    "dev",
    `starting ${summary.join(" ") || "nothing"} from ${dir}${url ? `; the app answers at ${url}` : ""}`,
  );
  for (const [type, quantity] of Object.entries(formation)) {
    const command = types[type];
    if (!command || type === "release") continue;
    for (let index = 1; index <= quantity; index++) {
      driver.start({
        id: randomUUID(),
        appId,
        app,
        type,
        index,
        release: 0,
        command,
        env: env(`${type}.${index}`),
        slugDigest: "",
        web: type === "web",
        bootTimeoutSeconds: options.bootTimeoutSeconds,
      });
    }
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    stop() {
      stopping ??= (async () => {
        options.print("dev", `stopping: SIGTERM to every process, SIGKILL after ${options.graceSeconds} s`);
        await driver.close(options.graceSeconds);
        if (server) {
          server.closeAllConnections();
          await new Promise((r) => server?.close(r));
        }
        await rm(runDir, { recursive: true, force: true });
        options.print("dev", "stopped");
      })();
      return stopping;
    },
  };
}
