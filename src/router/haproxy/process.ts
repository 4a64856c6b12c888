// The HAProxy process as the plane sees it from outside: whether it lives, whether its port accepts, what its
// startup alerts mean, and files written whole (HAProxy may read them at any moment: a reload, a restart).
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { killGroup } from "../../isolation/registry.js";
import { listenError } from "../../shared/listen-errors.js";

/** Alive and not a zombie. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

export function isHaproxy(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("haproxy");
  } catch {
    return false;
  }
}

/** A port nothing listens on now, for FIFTEEN_ROUTER_PORT=0 (HAProxy binds a fixed port). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * The PORT_IN_USE error for HAProxy's alert on a port it could not bind, or undefined for another failure. The
 * alert names the address (`[127.0.0.1:8443]`): the HTTPS port's setting is named when it is that one.
 */
export function bindFailure(alerts: string, port: number, httpsPort?: number): unknown {
  const code = /Address already in use/i.test(alerts)
    ? "EADDRINUSE"
    : /Permission denied/i.test(alerts)
      ? "EACCES"
      : /Cannot assign requested address/i.test(alerts)
        ? "EADDRNOTAVAIL"
        : undefined;
  if (!code) return undefined;
  const err = Object.assign(new Error(`cannot listen on port ${port}: ${code}`), { code });
  if (httpsPort !== undefined && alerts.includes(`:${httpsPort}]`))
    return listenError(err, httpsPort, "FIFTEEN_ROUTER_HTTPS_PORT");
  return listenError(err, port, "FIFTEEN_ROUTER_PORT");
}

export async function writeAtomic(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text, { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

const START_MS = 10_000;

/**
 * Starts HAProxy in master-worker mode in its own process group (it keeps serving the last table when the
 * platform dies, until adopted) and resolves with the master's pid once it listens and `ready` says its
 * sockets answer. A port it cannot bind is PORT_IN_USE; a start that hangs is killed.
 */
/**
 * glibc's heap, kept rather than trimmed: HAProxy's logging frees and takes back the top of its heap around
 * every request otherwise, a brk system call each time (measured: about a sixth of its time per request).
 */
const MALLOC_ENV = {
  MALLOC_TRIM_THRESHOLD_: String(32 * 1024 * 1024),
  MALLOC_TOP_PAD_: String(4 * 1024 * 1024),
};

export async function spawnHaproxy(options: {
  binary: string;
  /** The environment HAProxy runs with (the platform's children's, config.childEnv); none: the platform's own. */
  env: Readonly<Record<string, string>> | undefined;
  files: { config: string; pid: string; master: string; log: string };
  host: string;
  port: number;
  httpsPort: number | undefined;
  ready(): Promise<boolean>;
}): Promise<number> {
  const { files, host, port } = options;
  const log = openSync(files.log, "w", 0o600);
  const child = spawn(
    options.binary,
    ["-W", "-f", files.config, "-p", files.pid, "-S", `${files.master},mode,600`],
    {
      detached: true,
      stdio: ["ignore", log, log],
      ...(options.env && { env: { ...options.env, ...MALLOC_ENV } }),
    },
  );
  closeSync(log);
  child.unref();
  let exit: string | undefined;
  child.on("exit", (code, signal) => (exit = signal ?? `exit ${code}`));
  child.on("error", (err) => (exit = err.message));
  const deadline = Date.now() + START_MS;
  for (;;) {
    await new Promise((r) => setTimeout(r, 25));
    if (exit !== undefined) {
      const alerts = await readFile(files.log, "utf8").catch(() => "");
      throw (
        bindFailure(alerts, port, options.httpsPort) ??
        new Error(`HAProxy exited before listening (${exit}): ${alerts.trim()}`)
      );
    }
    // The master's CLI refuses connections until the worker is up: ready once it and the port answer.
    const up = await options
      .ready()
      .then(async (ok) => ok && (await accepts(host, port)))
      .catch(() => false);
    if (up && child.pid !== undefined) return child.pid;
    if (Date.now() > deadline) {
      if (child.pid !== undefined) killGroup(child.pid, "SIGKILL");
      throw new Error(`HAProxy did not start listening within ${START_MS / 1000} s (see ${files.log})`);
    }
  }
}
