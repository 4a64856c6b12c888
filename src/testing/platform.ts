// Test harness: the real platform in-process on a free port with a temp data dir, and the real CLI as a child.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { stopRedisServers } from "../addons/redis-dedicated.js";
import { inheritedEnv, loadPlatformConfig } from "../config/index.js";
import { startPlatform, type Platform } from "../platform/index.js";
import { stillRunning } from "../isolation/groups.js";

export const CLI = fileURLToPath(new URL("../bin/fifteen.js", import.meta.url));
export const ADMIN_TOKEN = "fft_test_admin_token_0123456789";
/**
 * The host-wide state (the uid registry) every test platform shares, as platforms on one host share
 * /var/lib/fifteen: tests leave the real one alone.
 */
export const TEST_HOST_STATE_DIR = join(tmpdir(), "fifteen-test-host");

export interface TestPlatform {
  platform: Platform;
  apiUrl: string;
  dataDir: string;
  /** A HOME for the CLI and git, so nothing leaks between tests or into the developer's files. */
  home: string;
  /**
   * Stops the platform and starts it again on the same data dir (new ports), with extra settings. With handOff
   * the apps, the router and the add-on servers keep running and the new start adopts them (`fifteen up` after
   * SIGTERM); otherwise everything stops (`fifteen down --stop-apps`).
   */
  restart(env?: Record<string, string>, options?: { handOff?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export async function startTestPlatform(env: Record<string, string> = {}): Promise<TestPlatform> {
  const root = await mkdtemp(join(tmpdir(), "fifteen-test-"));
  // As an installation's parent directory would be: app uids may pass through (not list) it to the data dir.
  await chmod(root, 0o711);
  const dataDir = join(root, "data");
  await mkdir(join(root, "home"), { recursive: true });
  const configWith = (extra: Record<string, string>) =>
    loadPlatformConfig(
      {
        ...inheritedEnv(),
        FIFTEEN_DATA_DIR: dataDir,
        FIFTEEN_API_PORT: "0",
        FIFTEEN_ROUTER_PORT: "0",
        FIFTEEN_ADMIN_TOKEN: ADMIN_TOKEN,
        FIFTEEN_GRACE_SECONDS: "2",
        FIFTEEN_HOST_STATE_DIR: TEST_HOST_STATE_DIR,
        ...env,
        ...extra,
      },
      root,
    );
  const platform = await startPlatform(configWith({}), pino({ level: "silent" }));
  const t: TestPlatform = {
    platform,
    apiUrl: platform.apiUrl,
    dataDir,
    home: join(root, "home"),
    async restart(extra = {}, options = {}) {
      await t.platform.close({ stopApps: options.handOff !== true });
      t.platform = await startPlatform(configWith(extra), pino({ level: "silent" }));
      t.apiUrl = t.platform.apiUrl;
    },
    async close() {
      await t.platform.close();
      // Dedicated redis servers outlive the platform on purpose; a test's go with it.
      await stopRedisServers(join(dataDir, "addons", "redis"), pino({ level: "silent" }));
      await rm(root, { recursive: true, force: true });
    },
  };
  return t;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Environment of a user's shell pointed at the test platform. */
export function userEnv(
  t: { apiUrl: string; home: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...inheritedEnv(),
    HOME: t.home,
    XDG_CONFIG_HOME: join(t.home, ".config"),
    FIFTEEN_API_URL: t.apiUrl,
    FIFTEEN_TOKEN: ADMIN_TOKEN,
    GIT_TERMINAL_PROMPT: "0",
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@example.com",
    ...extra,
  };
}

/** Runs a command to completion; never rejects on a non-zero exit. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env: Record<string, string> },
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export function fifteen(
  t: { apiUrl: string; home: string },
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return run(process.execPath, [CLI, ...args], { cwd: options.cwd ?? t.home, env: userEnv(t, options.env) });
}

/** Every file under dir, for checking that a secret never reaches the disk in plain text. */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const content = await readFile(path).catch(() => Buffer.alloc(0));
    if (content.includes(needle)) hits.push(path);
  }
  return hits;
}

export interface ChildPlatform {
  proc: ChildProcess;
  apiUrl: string;
  routerUrl: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `fifteen up` as a separate process (for signals and restarts), resolved once it logs that it is up. */
export function spawnPlatform(cwd: string, env: Record<string, string>): Promise<ChildPlatform> {
  const proc = spawn(process.execPath, [CLI, "up"], {
    cwd,
    env: {
      ...inheritedEnv(),
      FIFTEEN_API_PORT: "0",
      FIFTEEN_ROUTER_PORT: "0",
      FIFTEEN_GRACE_SECONDS: "2",
      FIFTEEN_HOST_STATE_DIR: TEST_HOST_STATE_DIR,
      // SIGTERM stops the apps and the router too, so a test's teardown leaves nothing running; a test of the
      // handoff sets it to 0 (and ends with `fifteen down --stop-apps`).
      FIFTEEN_STOP_APPS_ON_EXIT: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    proc.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    proc.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const api = /"api":"(https?:\/\/[^"]+)"/.exec(out)?.[1];
      const router = /"router":"(http:\/\/[^"]+)"/.exec(out)?.[1];
      if (api && router)
        resolve({ proc, apiUrl: api, routerUrl: router, stdout: () => out, stderr: () => err, exited });
    });
    void exited.then((code) => reject(new Error(`platform exited with ${code}: ${err}`)));
  });
}

/** Whether a process id is still alive: a zombie (exited, waiting for its parent or init to reap it) is not. */
export function alive(pid: number): boolean {
  return stillRunning(pid, undefined);
}

/** The pid of the data plane serving a platform's data dir: HAProxy's master, or the Node router's primary. */
export async function dataPlanePid(dataDir: string): Promise<number> {
  const haproxy = await readFile(join(dataDir, "haproxy", "haproxy.pid"), "utf8").catch(() => undefined);
  if (haproxy !== undefined) return Number(haproxy.trim());
  const router = await readFile(join(dataDir, "router-pid", "router.json"), "utf8");
  return (JSON.parse(router) as { pid: number }).pid;
}

/** Kills the HAProxy a platform on `dataDir` left running (a test that failed before stopping it). */
export async function stopDataPlane(dataDir: string): Promise<void> {
  const pid = await dataPlanePid(dataDir).catch(() => undefined);
  if (pid === undefined || !Number.isInteger(pid) || pid <= 0) return;
  try {
    // HAProxy's master leads its own process group (its worker is in it).
    process.kill(-pid, "SIGKILL");
  } catch {
    // gone already
  }
}
