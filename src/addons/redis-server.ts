// One dedicated redis-server of a redis add-on: its generated config, started (or adopted) and supervised by the
// platform, restarted with backoff when it dies, its log lines forwarded. It outlives the platform on purpose.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { chown, mkdir, open, readFile, rm, stat, truncate } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import type { Redis } from "ioredis";
import { procStat, stillRunning } from "../isolation/groups.js";
import { pingRedis, shortClient } from "./redis-client.js";
import { ADMIN_USER, redisConfig, type RedisServerSpec } from "./redis-server-config.js";

export interface RedisServerHost {
  binary: string;
  /** Seals the platform's own password of each server at rest (the master key, as add-on secrets). */
  sealer: { seal(text: string): string; open(sealed: string): string };
  /** When the platform runs as root: the unprivileged ids the server runs as. */
  runAs: { uid: number; gid: number } | undefined;
  log: Logger;
}

/** The pid record: which process is this add-on's server, to adopt it (or stop it) after a platform restart. */
interface PidRecord {
  pid: number;
  start: string;
  port: number;
}

export type RedisServerState = "starting" | "running" | "restarting" | "stopped";

const BACKOFF_FIRST_MS = 500;
const BACKOFF_CAP_MS = 30_000;
/** A server up this long has recovered: the next death starts the backoff again. */
const HEALTHY_MS = 60_000;
const READY_MS = 15_000;
/** The log file is emptied (after its lines were forwarded) once it grows past this. */
const LOG_MAX_BYTES = 1024 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RedisServer {
  #spec: RedisServerSpec;
  #state: RedisServerState = "stopped";
  #pid: number | undefined;
  #start: string | undefined;
  #child: ChildProcess | undefined;
  #failures = 0;
  #upSince = 0;
  #retryAt = 0;
  #logOffset = 0;
  #checking = false;
  #adminPassword: string | undefined;
  /** Stopped by the platform (destroyed, stopAll) or no longer supervised (platform closing). */
  #supervised = true;

  constructor(
    spec: RedisServerSpec,
    private readonly host: RedisServerHost,
  ) {
    this.#spec = spec;
  }

  get spec(): RedisServerSpec {
    return this.#spec;
  }

  get state(): RedisServerState {
    return this.#state;
  }

  get pid(): number | undefined {
    return this.#pid;
  }

  get #pidFile(): string {
    return join(this.#spec.dir, "server.pid.json");
  }

  get #logFile(): string {
    return join(this.#spec.dir, "redis.log");
  }

  /** A new password: set on the running server now, and in the config of every later start. */
  async setPassword(password: string): Promise<void> {
    const redis = await this.#adminClient(5000);
    try {
      await redis.connect();
      await redis.call("ACL", "SETUSER", "default", "resetpass", `>${password}`);
    } finally {
      redis.disconnect();
    }
    this.#spec = { ...this.#spec, password };
    this.#writeConfig();
  }

  /** Adopts the server an earlier run left (its pid alive and its port answering the password), else starts one. */
  async ensure(): Promise<"adopted" | "started"> {
    this.#supervised = true;
    const record = this.#readRecord();
    if (record && stillRunning(record.pid, record.start)) {
      const answers =
        record.port === this.#spec.port &&
        (await pingRedis(record.port, this.#spec.password)) === undefined &&
        (await pingRedis(record.port, this.#admin(), 2000, ADMIN_USER)) === undefined;
      if (answers) {
        this.#pid = record.pid;
        this.#start = record.start;
        this.#state = "running";
        this.#upSince = Date.now();
        this.#logOffset = await stat(this.#logFile).then(
          (s) => s.size,
          () => 0,
        );
        return "adopted";
      }
      this.host.log.warn(
        { addon: this.#spec.name, pid: record.pid },
        "the redis server left by the last run does not answer with its password; replacing it",
      );
      await this.#end(record.pid, record.start);
    }
    await this.#spawn();
    return "started";
  }

  /** One supervision tick: forwards new log lines; restarts a dead server once its backoff has passed. */
  async check(): Promise<void> {
    if (this.#checking) return;
    this.#checking = true;
    try {
      await this.#forwardLog();
      if (!this.#supervised || this.#state === "starting") return;
      if (this.#state === "running" && !this.#alive()) {
        if (Date.now() - this.#upSince > HEALTHY_MS) this.#failures = 0;
        const delay = Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** this.#failures);
        this.#failures++;
        this.#retryAt = Date.now() + delay;
        this.#state = "restarting";
        this.host.log.error(
          { addon: this.#spec.name, pid: this.#pid, restartInMs: delay },
          "the add-on's redis server died; restarting it",
        );
      }
      if (this.#state === "restarting" && Date.now() >= this.#retryAt) {
        await this.#spawn().catch((err: unknown) => {
          this.host.log.error({ err, addon: this.#spec.name }, "could not restart the add-on's redis server");
          this.retryLater();
        });
      }
    } finally {
      this.#checking = false;
    }
  }

  /** A start failed: supervision tries again after the backoff. */
  retryLater(): void {
    const delay = Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** this.#failures);
    this.#failures++;
    this.#retryAt = Date.now() + delay;
    this.#state = "restarting";
  }

  /** Stops supervising; the server keeps running for the next start to adopt. */
  release(): void {
    this.#supervised = false;
    this.#child?.unref();
  }

  /** Stops the server (SIGTERM: it writes its append-only file and exits) and no longer restarts it. */
  async stop(): Promise<boolean> {
    this.#supervised = false;
    const record = this.#readRecord();
    const pid = this.#pid ?? record?.pid;
    const start = this.#start ?? record?.start;
    const running = pid !== undefined && stillRunning(pid, start);
    if (pid !== undefined) await this.#end(pid, start);
    await this.#forwardLog().catch(() => undefined);
    this.#state = "stopped";
    this.#pid = undefined;
    await rm(this.#pidFile, { force: true });
    return running;
  }

  /** Used memory and the limit, from INFO memory; undefined when the server does not answer. */
  async memory(): Promise<{ used: number; limit: number } | undefined> {
    const redis = await this.#adminClient(1000);
    try {
      await redis.connect();
      const info = await redis.info("memory");
      const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, "m").exec(info)?.[1] ?? NaN);
      return { used: field("used_memory"), limit: field("maxmemory") };
    } catch {
      return undefined;
    } finally {
      redis.disconnect();
    }
  }

  async #adminClient(timeoutMs: number): Promise<Redis> {
    const redis = await shortClient(this.#spec.port, ADMIN_USER, this.#admin(), timeoutMs);
    redis.on("error", () => undefined);
    return redis;
  }

  /**
   * The platform's password on this server, sealed in admin.json. One that cannot be opened (the master key
   * that sealed it is gone) is replaced: the server then no longer answers it, and is restarted with the new one.
   */
  #admin(): string {
    if (this.#adminPassword) return this.#adminPassword;
    const file = join(this.#spec.dir, "admin.json");
    try {
      const { sealed } = JSON.parse(readFileSync(file, "utf8")) as { sealed: string };
      this.#adminPassword = this.host.sealer.open(sealed);
    } catch {
      this.#adminPassword = randomBytes(24).toString("hex");
      writeFileSync(`${file}.tmp`, JSON.stringify({ sealed: this.host.sealer.seal(this.#adminPassword) }), {
        mode: 0o600,
      });
      renameSync(`${file}.tmp`, file);
    }
    return this.#adminPassword;
  }

  #alive(): boolean {
    return this.#pid !== undefined && stillRunning(this.#pid, this.#start);
  }

  #readRecord(): PidRecord | undefined {
    try {
      const record = JSON.parse(readFileSync(this.#pidFile, "utf8")) as PidRecord;
      return typeof record.pid === "number" && typeof record.start === "string" ? record : undefined;
    } catch {
      return undefined;
    }
  }

  #writeConfig(): string {
    const config = redisConfig(this.#spec, this.#admin());
    const file = join(this.#spec.dir, "redis.conf");
    writeFileSync(`${file}.tmp`, config, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
    return config;
  }

  async #spawn(): Promise<void> {
    this.#state = "starting";
    const data = join(this.#spec.dir, "data");
    await mkdir(data, { recursive: true, mode: 0o700 });
    const { runAs } = this.host;
    if (runAs) await chown(data, runAs.uid, runAs.gid);
    const config = this.#writeConfig();
    // Opened by the platform: the server only inherits the descriptor, and the file stays the platform's.
    const logFd = openSync(this.#logFile, "a", 0o600);
    this.#logOffset = await stat(this.#logFile).then(
      (s) => s.size,
      () => 0,
    );
    // Where this start's lines begin (forwarding moves #logOffset on meanwhile).
    const logStart = this.#logOffset;
    let child: ChildProcess;
    try {
      // The config on stdin ("-"): the server never needs to read the platform's files.
      child = spawn(this.host.binary, ["-"], {
        cwd: data,
        env: { PATH: "/usr/local/bin:/usr/bin:/bin" },
        stdio: ["pipe", logFd, logFd],
        // Its own process group: it outlives the platform, and a stop of the platform's group.
        detached: true,
        ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
      });
    } finally {
      closeSync(logFd);
    }
    let exited: string | undefined;
    child.on("error", (err) => (exited ??= err.message));
    child.on("exit", (code, signal) => {
      exited ??= signal ?? `exit ${code}`;
      if (this.#child === child) void this.check();
    });
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(config);
    this.#child = child;
    if (!this.#supervised) child.unref();
    const pid = child.pid;
    if (pid === undefined) {
      this.#state = "stopped";
      throw new Error(`${this.host.binary} could not be started: ${await this.#waitExit(() => exited)}`);
    }
    const start = procStat(pid)?.start ?? "";
    this.#pid = pid;
    this.#start = start;
    const record: PidRecord = { pid, start, port: this.#spec.port };
    writeFileSync(`${this.#pidFile}.tmp`, JSON.stringify(record), { mode: 0o600 });
    renameSync(`${this.#pidFile}.tmp`, this.#pidFile);
    const deadline = Date.now() + READY_MS;
    let reason: string | undefined = "not started";
    while (exited === undefined && Date.now() < deadline) {
      reason = await pingRedis(this.#spec.port, this.#spec.password, 500);
      if (reason === undefined) break;
      await sleep(50);
    }
    if (reason !== undefined || exited !== undefined) {
      const tail = await this.#tail(logStart);
      await this.#end(pid, start);
      this.#state = "stopped";
      throw new Error(
        `redis-server for ${this.#spec.name} did not answer on 127.0.0.1:${this.#spec.port} ` +
          `(${exited ?? reason})${tail ? `: ${tail}` : ""}`,
      );
    }
    this.#state = "running";
    this.#upSince = Date.now();
    if (!this.#supervised) child.unref();
  }

  async #waitExit(exited: () => string | undefined): Promise<string> {
    for (let i = 0; i < 20 && exited() === undefined; i++) await sleep(10);
    return exited() ?? "unknown";
  }

  /** The last warning lines the server wrote (why it did not start). */
  async #tail(from: number): Promise<string> {
    const text = (await readFile(this.#logFile).catch(() => Buffer.alloc(0))).subarray(from).toString("utf8");
    const lines = text.split("\n").filter(Boolean);
    const reasons = lines.filter(
      (line) =>
        / # /.test(line) && !/oO0OoO0OoO0Oo|Redis version=|Configuration loaded|Reading config/.test(line),
    );
    return (reasons.length > 0 ? reasons : lines)
      .slice(-3)
      .map((l) => l.replace(/^\d+:[A-Z] [^*#.-]+[*#.-] /, ""))
      .join("; ");
  }

  /** SIGTERM, then SIGKILL after 10 s; resolves when the process is gone. */
  async #end(pid: number, start: string | undefined): Promise<void> {
    if (!stillRunning(pid, start)) return;
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      return;
    }
    for (let waited = 0; waited < 10_000 && stillRunning(pid, start); waited += 50) await sleep(50);
    if (stillRunning(pid, start)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone meanwhile
      }
      for (let waited = 0; waited < 2000 && stillRunning(pid, start); waited += 20) await sleep(20);
    }
  }

  /** New lines of the server's log into the platform log; the file is emptied once it is large. */
  async #forwardLog(): Promise<void> {
    const size = await stat(this.#logFile).then(
      (s) => s.size,
      () => 0,
    );
    if (size < this.#logOffset) this.#logOffset = 0;
    if (size === this.#logOffset) return;
    const handle = await open(this.#logFile, "r");
    let text: string;
    try {
      const buffer = Buffer.alloc(Math.min(size - this.#logOffset, LOG_MAX_BYTES));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.#logOffset);
      text = buffer.subarray(0, bytesRead).toString("utf8");
    } finally {
      await handle.close();
    }
    // Only whole lines: a line being written is read on the next tick.
    const end = text.lastIndexOf("\n");
    if (end < 0) return;
    this.#logOffset += Buffer.byteLength(text.slice(0, end + 1));
    for (const line of text.slice(0, end).split("\n")) {
      if (line.trim() === "") continue;
      // Redis marks warnings with "#" after the timestamp.
      const level = / # /.test(line) ? "warn" : "info";
      this.host.log[level]({ addon: this.#spec.name, redis: line }, "redis-server");
    }
    if (this.#logOffset >= LOG_MAX_BYTES) {
      // The server writes with O_APPEND, so after this its next line starts the file again.
      await truncate(this.#logFile, 0).catch(() => undefined);
      this.#logOffset = 0;
    }
  }
}
