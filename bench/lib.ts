// What every scenario needs: tools from apt, wrk runs, nginx, a Fifteen platform on temp ports, the CLI,
// fixture apps, process memory. Black box: the platform is driven through its CLI and HTTP, as a user would.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:fs";
import { access, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { request } from "undici";

export const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
export const CLI = join(ROOT, "dist", "bin", "fifteen.js");
export const TOKEN = "fft_bench_admin_token_0123456789";
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exec = promisify(execFile);

/** The environment the bench was started with, minus FIFTEEN_* (the bench sets its own). */
export function baseEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  // eslint-disable-next-line no-restricted-properties -- the bench is a separate program, not the platform
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith("FIFTEEN_")) out[k] = v;
  return out;
}

export async function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(command, args, {
      cwd: options.cwd,
      env: options.env ?? baseEnv(),
      maxBuffer: 64 * 1024 * 1024,
      timeout: options.timeoutMs ?? 600_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** A program on PATH or in the sbin directories a non-root PATH leaves out (where Debian puts nginx and haproxy). */
export async function findBinary(name: string): Promise<string | undefined> {
  const dirs = [...(baseEnv().PATH ?? "").split(delimiter).filter(Boolean), "/usr/sbin", "/usr/local/sbin"];
  for (const dir of dirs) {
    const file = join(dir, name);
    if (
      await access(file, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return file;
  }
  return undefined;
}

/** What the HAProxy rows run with: its binary, or why there is none (those rows then say so and are skipped). */
export interface Tools {
  haproxy: string | undefined;
  haproxyProblem: string | undefined;
}

/**
 * Installs nginx, wrk and haproxy from Debian's packages when they are missing. nginx and wrk are needed by
 * every run; without haproxy the run goes on and the HAProxy data plane's rows say why they were skipped.
 */
export async function ensureTools(): Promise<Tools> {
  const missing: string[] = [];
  for (const name of ["nginx", "wrk", "haproxy"]) if (!(await findBinary(name))) missing.push(name);
  let installError = "";
  if (missing.length > 0) {
    console.error(`installing ${missing.join(" ")} with apt-get`);
    const env = { ...baseEnv(), DEBIAN_FRONTEND: "noninteractive" };
    await run("apt-get", ["update", "-qq"], { env });
    const res = await run("apt-get", ["install", "-y", "-qq", ...missing], { env });
    if (res.code !== 0) installError = res.stderr.trim().split("\n").slice(-3).join(" ");
  }
  for (const name of ["nginx", "wrk"])
    if (!(await findBinary(name)))
      throw new Error(`${name} is missing and apt-get could not install it: ${installError}`);
  const haproxy = await findBinary("haproxy");
  return {
    haproxy,
    haproxyProblem: haproxy
      ? undefined
      : `haproxy is not installed and \`apt-get install haproxy\` failed${installError ? `: ${installError}` : ""}`,
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export interface WrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  socketErrors: number;
}

function ms(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  return match[2] === "us"
    ? value / 1000
    : match[2] === "ms"
      ? value
      : match[2] === "s"
        ? value * 1000
        : value * 60_000;
}

export function parseWrk(output: string): WrkResult {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? Number.NaN);
  const p50 = ms(/^\s+50%\s+(\S+)/m.exec(output)?.[1] ?? "");
  const p99 = ms(/^\s+99%\s+(\S+)/m.exec(output)?.[1] ?? "");
  const requests = Number(/(\d+) requests in/.exec(output)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return { requestsPerSecond: rps, p50Ms: p50, p99Ms: p99, requests, non2xx, socketErrors };
}

/** wrk for a fixed duration. */
export async function wrk(
  url: string,
  options: { connections: number; seconds: number; host?: string },
): Promise<WrkResult> {
  const args = ["-t2", `-c${options.connections}`, `-d${options.seconds}s`, "--latency"];
  if (options.host) args.push("-H", `Host: ${options.host}`);
  const res = await run("wrk", [...args, url], { timeoutMs: (options.seconds + 60) * 1000 });
  if (res.code !== 0) throw new Error(`wrk failed: ${res.stderr}`);
  return parseWrk(res.stdout);
}

/** wrk in the background until stop() (SIGINT makes it print its results). */
export function wrkUntilStopped(url: string, options: { connections: number; host?: string }) {
  const args = ["-t2", `-c${options.connections}`, "-d3600s", "--latency"];
  if (options.host) args.push("-H", `Host: ${options.host}`);
  const child = spawn("wrk", [...args, url], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((r) => child.on("exit", () => r()));
  return {
    async stop(): Promise<WrkResult> {
      child.kill("SIGINT");
      await exited;
      return parseWrk(out);
    },
  };
}

/** The tiny backend: an HTTP server answering "ok". */
export const BACKEND = `require("http").createServer((q, s) => s.end("ok")).listen(process.env.PORT);\n`;

export async function startBackend(dir: string): Promise<{ port: number; stop(): Promise<void> }> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "backend.js"), BACKEND);
  const port = await freePort();
  const child = spawn(process.execPath, [join(dir, "backend.js")], {
    env: { ...baseEnv(), PORT: String(port) },
    stdio: "ignore",
  });
  await waitForHttp(`http://127.0.0.1:${port}/`);
  return { port, stop: () => stopChild(child) };
}

export async function startNginx(
  dir: string,
  upstreamPort: number,
  options: { websockets?: boolean } = {},
): Promise<{ port: number; stop(): Promise<void>; pids(): number[] }> {
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  // For WebSockets: the Upgrade handshake passed on (nginx's documented setup), and room for many sockets.
  const upgrade = options.websockets
    ? `proxy_set_header Upgrade $http_upgrade;\n      proxy_set_header Connection "upgrade";\n      proxy_read_timeout 3600s;`
    : `proxy_set_header Connection "";`;
  const conf = `
worker_processes 1;
${options.websockets ? "worker_rlimit_nofile 65536;" : ""}
daemon off;
pid ${join(dir, "nginx.pid")};
error_log ${join(dir, "error.log")} warn;
events { worker_connections ${options.websockets ? 30000 : 4096}; }
http {
  access_log off;
  client_body_temp_path ${dir};
  proxy_temp_path ${dir};
  fastcgi_temp_path ${dir};
  uwsgi_temp_path ${dir};
  scgi_temp_path ${dir};
  upstream backend { server 127.0.0.1:${upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      ${upgrade}
      proxy_set_header Host $host;
    }
  }
}
`;
  await writeFile(join(dir, "nginx.conf"), conf);
  const child = spawn("nginx", ["-c", join(dir, "nginx.conf"), "-p", dir], { stdio: "ignore" });
  if (options.websockets) await waitForPort(port);
  else await waitForHttp(`http://127.0.0.1:${port}/`);
  return { port, stop: () => stopChild(child), pids: () => (child.pid === undefined ? [] : [child.pid]) };
}

/** GET with a Host header (fetch may not set one); resolves with status and body, or undefined on error. */
export async function get(url: string, host?: string): Promise<{ status: number; body: string } | undefined> {
  try {
    const res = await request(url, { headers: host ? { host } : {} });
    return { status: res.statusCode, body: await res.body.text() };
  } catch {
    return undefined;
  }
}

export async function waitForHttp(url: string, host?: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if ((await get(url, host))?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${ms} ms`);
    await sleep(20);
  }
}

/** Until something accepts connections on the port (a proxy whose backend speaks no plain HTTP). */
export async function waitForPort(port: number, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => resolve(true));
      socket.once("error", () => resolve(false));
    }).catch(() => false);
    if (up) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port}`);
    await sleep(50);
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null) return r();
    child.on("exit", () => r());
    child.kill("SIGTERM");
  });
}

export interface Platform {
  apiUrl: string;
  routerUrl: string;
  pid: number;
  dataDir: string;
  home: string;
  /** Runs the CLI as a user pointed at this platform. */
  cli(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }>;
  /** An authenticated API call; resolves with the status and the parsed body. */
  api(
    method: "GET" | "POST" | "PUT" | "PATCH",
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
  /** SIGKILL, leaving its data dir (and every process it started) for the next start in `root`. */
  kill(): Promise<void>;
  root: string;
}

/** `fifteen up` in a new temp dir, or again in the `root` of a platform that was killed. */
/**
 * The node flags of the CLI's `#!/usr/bin/env -S node …` line: `fifteen up` run from a user's PATH (or
 * `npm start`) gets them, so the bench's platform does too.
 */
async function cliNodeFlags(): Promise<string[]> {
  const first = (await readFile(CLI, "utf8")).split("\n", 1)[0] ?? "";
  const match = /^#!\/usr\/bin\/env -S node(.*)$/.exec(first);
  return match?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}

export async function startPlatform(extra: Record<string, string> = {}, again?: string): Promise<Platform> {
  const root = again ?? (await mkdtemp(join(tmpdir(), "fifteen-bench-")));
  if (!again) {
    // App uids must pass through to the data dir inside (`up` refuses otherwise).
    await chmod(root, 0o711);
  }
  const home = join(root, "home");
  await mkdir(home, { recursive: true });
  const child = spawn(process.execPath, [...(await cliNodeFlags()), CLI, "up"], {
    cwd: root,
    env: {
      ...baseEnv(),
      FIFTEEN_DATA_DIR: join(root, "data"),
      FIFTEEN_API_PORT: "0",
      FIFTEEN_ROUTER_PORT: "0",
      FIFTEEN_ADMIN_TOKEN: TOKEN,
      // A bench's platform takes its apps and router with it when it stops (a scenario sets "0" to hand over).
      FIFTEEN_STOP_APPS_ON_EXIT: "1",
      ...extra,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (out += c.toString()));
  const deadline = Date.now() + 30_000;
  let apiUrl = "";
  let routerUrl = "";
  while (!apiUrl) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`the platform did not start: ${out}`);
    const api = /"api":"(http:\/\/[^"]+)"/.exec(out)?.[1];
    const router = /"router":"(http:\/\/[^"]+)"/.exec(out)?.[1];
    if (api && router) {
      apiUrl = api;
      routerUrl = router;
    }
    await sleep(50);
  }
  // Keep draining its output without keeping it.
  child.stdout.removeAllListeners("data");
  child.stderr.removeAllListeners("data");
  child.stdout.resume();
  child.stderr.resume();
  const env = {
    ...baseEnv(),
    HOME: home,
    FIFTEEN_API_URL: apiUrl,
    FIFTEEN_TOKEN: TOKEN,
    GIT_AUTHOR_NAME: "Bench",
    GIT_AUTHOR_EMAIL: "bench@example.com",
    GIT_COMMITTER_NAME: "Bench",
    GIT_COMMITTER_EMAIL: "bench@example.com",
  };
  return {
    apiUrl,
    routerUrl,
    pid: child.pid as number,
    dataDir: join(root, "data"),
    home,
    cli: (args, cwd) => run(process.execPath, [CLI, ...args], { cwd: cwd ?? home, env }),
    async api(method, path, body) {
      const res = await request(`${apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.body.text();
      return { status: res.statusCode, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    async stop() {
      await stopChild(child);
      await rm(root, { recursive: true, force: true });
    },
    async kill() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
    },
    root,
  };
}

/** A node app on disk: server.js answering `body`, a Procfile, a lockfile; optionally one dependency. */
export async function writeApp(
  dir: string,
  options: {
    body?: string;
    dependency?: boolean;
    dependencies?: Record<string, string>;
    procfile?: string;
    files?: Record<string, string>;
  } = {},
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const pkg = {
    name: "bench-app",
    version: "1.0.0",
    private: true,
    dependencies: { ...(options.dependency ? { "is-number": "7.0.0" } : {}), ...options.dependencies },
  };
  await writeFile(join(dir, "package.json"), JSON.stringify(pkg, null, 2));
  await writeFile(
    join(dir, "server.js"),
    `${options.dependency ? 'require("is-number");\n' : ""}require("http").createServer((q, s) => s.end(${JSON.stringify(options.body ?? "ok")})).listen(process.env.PORT);\n`,
  );
  await writeFile(join(dir, "Procfile"), options.procfile ?? "web: node server.js\n");
  for (const [name, text] of Object.entries(options.files ?? {})) await writeFile(join(dir, name), text);
  const lock = await run("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund"], { cwd: dir });
  if (lock.code !== 0) throw new Error(`npm install --package-lock-only failed: ${lock.stderr}`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
