// The dedicated redis plans: a redis-server per add-on, on a port of its own, supervised by the platform and
// outliving it (adopted by the next start). See docs/addons.md#redis-plans.
import { randomBytes } from "node:crypto";
import { constants, readFileSync } from "node:fs";
import { access, chmod, mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import type { ProvisionedAddon } from "../core/index.js";
import { freePort } from "../runtime/local/readiness.js";
import { FifteenError } from "../shared/errors.js";
import { RedisServer, type RedisServerHost } from "./redis-server.js";

export interface DedicatedRedisOptions extends RedisServerHost {
  /** DATA_DIR/addons/redis: one directory per add-on. */
  dir: string;
}

/** How often each server is checked (alive? new log lines?). */
const TICK_MS = 1000;

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export class DedicatedRedis {
  readonly #servers = new Map<string, RedisServer>();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DedicatedRedisOptions) {}

  async provision(name: string, plan: string, maxmemoryMb: number): Promise<ProvisionedAddon> {
    await this.#assertBinary();
    const dir = this.#dirOf(name);
    // A directory left by an add-on of the same name was removed with it; anything here now is not ours to reuse.
    await rm(dir, { recursive: true, force: true });
    await this.#prepare(dir);
    const password = randomBytes(24).toString("hex");
    const port = await freePort();
    const server = new RedisServer({ name, port, password, maxmemoryMb, dir }, this.options);
    try {
      await server.ensure();
    } catch (err) {
      await server.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
      throw new FifteenError(
        "ADDON_PROVISION_FAILED",
        `Could not start a redis-server for ${name}: ${(err as Error).message}. Nothing was left behind.`,
      );
    }
    this.#servers.set(name, server);
    this.#supervise();
    return {
      resource: {
        plan,
        server: `127.0.0.1:${port}`,
        port: String(port),
        maxmemory: `${maxmemoryMb} MB`,
        "maxmemory-policy": "noeviction",
        persistence: "appendonly (everysec) and RDB snapshots",
      },
      url: redisUrl(port, password),
      vars: {},
      warnings: [],
    };
  }

  async rotate(name: string): Promise<{ url: string }> {
    const server = this.#servers.get(name);
    if (!server || server.state !== "running") {
      throw new FifteenError(
        "ADDON_UNAVAILABLE",
        `The redis-server of ${name} is not running (${server?.state ?? "unknown"}); rotate again once it is.`,
      );
    }
    const password = randomBytes(24).toString("hex");
    await server.setPassword(password);
    return { url: redisUrl(server.spec.port, password) };
  }

  async deprovision(name: string): Promise<void> {
    const server =
      this.#servers.get(name) ??
      // Not supervised here (it failed to start): its pid record still names the process to stop.
      new RedisServer({ name, port: 0, password: "", maxmemoryMb: 0, dir: this.#dirOf(name) }, this.options);
    await server.stop();
    this.#servers.delete(name);
    await rm(this.#dirOf(name), { recursive: true, force: true });
  }

  /** Adopts or starts the server of each add-on, all at once. */
  async resume(
    addons: ReadonlyArray<{ name: string; port: number; password: string; maxmemoryMb: number }>,
  ): Promise<void> {
    await Promise.all(
      addons.map(async ({ name, port, password, maxmemoryMb }) => {
        const dir = this.#dirOf(name);
        const server = new RedisServer({ name, port, password, maxmemoryMb, dir }, this.options);
        this.#servers.set(name, server);
        try {
          await this.#prepare(dir);
          const how = await server.ensure();
          this.options.log.info({ addon: name, pid: server.pid, port }, `${how} the add-on's redis server`);
        } catch (err) {
          // Supervision keeps trying, with backoff.
          this.options.log.error({ err, addon: name }, "could not start the add-on's redis server");
          server.retryLater();
        }
      }),
    );
    this.#supervise();
  }

  async status(name: string, maxmemoryMb: number): Promise<Record<string, string>> {
    const server = this.#servers.get(name);
    if (!server) return { state: "not supervised by this platform" };
    const memory = server.state === "running" ? await server.memory() : undefined;
    return {
      state: server.state === "running" ? `running (pid ${server.pid ?? "?"})` : server.state,
      ...(memory
        ? {
            "memory used": `${formatBytes(memory.used)} of ${formatBytes(memory.limit || maxmemoryMb * 1024 * 1024)}`,
          }
        : {}),
    };
  }

  /** Every server's state, for doctor. */
  states(): Array<{ name: string; state: string; pid: number | undefined; port: number }> {
    return [...this.#servers.values()].map((s) => ({
      name: s.spec.name,
      state: s.state,
      pid: s.pid,
      port: s.spec.port,
    }));
  }

  /** Stops supervising; the servers keep running. */
  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    for (const server of this.#servers.values()) server.release();
  }

  /** Stops every server this platform runs (for `fifteen down --stop-apps`), and those its records name. */
  async stopAll(): Promise<number> {
    this.close();
    const known = [...this.#servers.values()];
    this.#servers.clear();
    await Promise.all(known.map((s) => s.stop()));
    return known.length + (await stopRedisServers(this.options.dir, this.options.log));
  }

  #supervise(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      for (const server of this.#servers.values()) {
        void server
          .check()
          .catch((err: unknown) =>
            this.options.log.warn(
              { err, addon: server.spec.name },
              "could not check the add-on's redis server",
            ),
          );
      }
    }, TICK_MS);
    this.#timer.unref();
  }

  #dirOf(name: string): string {
    return join(this.options.dir, name);
  }

  /** The add-on's directory: the platform's (0711 so the server's uid reaches data/, which is the server's). */
  async #prepare(dir: string): Promise<void> {
    for (const d of [join(this.options.dir, ".."), this.options.dir, dir]) {
      await mkdir(d, { recursive: true, mode: 0o700 });
      await chmod(d, this.options.runAs ? 0o711 : 0o700);
    }
  }

  async #assertBinary(): Promise<void> {
    await access(this.options.binary, constants.X_OK).catch(() => {
      throw new FifteenError(
        "ADDON_UNAVAILABLE",
        `${this.options.binary} is not there: install redis-server (apt-get install redis-server) or set ` +
          "FIFTEEN_REDIS_SERVER to its path; or create the add-on on the shared plan (redis:shared).",
      );
    });
  }
}

export function redisUrl(port: number, password: string): string {
  return `redis://:${password}@127.0.0.1:${port}`;
}

/**
 * Stops every dedicated redis server whose pid record is under `dir` (DATA_DIR/addons/redis), whether or not a
 * platform supervises it: for `fifteen down --stop-apps` and tests. Returns how many were running.
 */
export async function stopRedisServers(dir: string, log: Logger): Promise<number> {
  // Stopping needs neither the binary nor any password: only the pid records.
  const host: RedisServerHost = {
    binary: "",
    runAs: undefined,
    log,
    sealer: {
      seal: () => {
        throw new Error("not for stopping");
      },
      open: () => {
        throw new Error("not for stopping");
      },
    },
  };
  let stopped = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const server = new RedisServer(
      { name, port: 0, password: "", maxmemoryMb: 0, dir: join(dir, name) },
      host,
    );
    if (await server.stop()) stopped++;
  }
  return stopped;
}

/** The ids of `nobody` (from /etc/passwd, else 65534): dedicated servers run as it when the platform is root. */
export function nobodyIds(): { uid: number; gid: number } {
  try {
    for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
      const [user, , uid, gid] = line.split(":");
      if (user === "nobody" && /^\d+$/.test(uid ?? "") && /^\d+$/.test(gid ?? ""))
        return { uid: Number(uid), gid: Number(gid) };
    }
  } catch {
    // no /etc/passwd: the conventional ids
  }
  return { uid: 65534, gid: 65534 };
}
