// One supervised local process: fresh slug copy per start, $PORT boot check, crash restart with backoff.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { closeSync, constants, openSync } from "node:fs";
import { get as httpGet } from "node:http";
import { connect, createServer, Socket } from "node:net";
import { promisify } from "node:util";
import { join } from "node:path";
import type { ProcessState } from "../../core/index.js";
import type { ProcessSpec, ProcessStatus } from "../driver.js";
import {
  enforceLimits,
  limitsOf,
  memoryExceeded,
  prepare,
  processDir,
  removeProcessDir,
  splitLines,
  terminate,
  type LaunchHost,
} from "./launch.js";
import type { Enforcement } from "./limits.js";
import { forget, killGroup, remember } from "./registry.js";

export interface LocalProcessHost extends LaunchHost {
  changed(process: { status(): ProcessStatus }): void;
}

const run = promisify(execFile);
const BACKOFF_CAP_SECONDS = 60;
const BACKOFF_RESET_MS = 10 * 60 * 1000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** "ok" when GET path answers 2xx or 3xx within 2 s; otherwise what it did ("HTTP 503", "timed out"…). */
function healthCheck(port: number, path: string): Promise<string> {
  return new Promise((resolve) => {
    const req = httpGet(
      {
        host: "127.0.0.1",
        port,
        path,
        agent: false,
        timeout: 2000,
        headers: { "user-agent": "fifteen-health-check" },
      },
      (res) => {
        res.resume();
        const code = res.statusCode ?? 0;
        resolve(code >= 200 && code < 400 ? "ok" : `HTTP ${code}`);
      },
    );
    req.once("timeout", () => req.destroy(new Error("no answer within 2 s")));
    req.once("error", (err) => resolve(err.message));
  });
}

export class LocalProcess {
  state: ProcessState = "starting";
  since = new Date().toISOString();
  pid: number | null = null;
  port: number | null = null;
  restarts = 0;
  lastExit: string | null = null;
  bootFailure: string | null = null;
  #child: ChildProcess | undefined;
  #crashes = 0;
  #upAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped: Promise<void> | undefined;
  /** The start in progress (unpacking, booting), so a restart does not race it for the directory. */
  #running: Promise<void> | undefined;
  #generation = 0;
  /** The limits of each run, by the pid of its group's leader, until the group is gone. */
  readonly #limits = new Map<number, Promise<Enforcement>>();

  constructor(
    readonly spec: ProcessSpec,
    private readonly host: LocalProcessHost,
  ) {}

  get name(): string {
    return `${this.spec.type}.${this.spec.index}`;
  }

  status(): ProcessStatus {
    const { spec } = this;
    return {
      id: spec.id,
      appId: spec.appId,
      app: spec.app,
      web: spec.web,
      oneOff: false,
      name: this.name,
      type: spec.type,
      index: spec.index,
      release: spec.release,
      state: this.state,
      since: this.since,
      pid: this.pid,
      port: this.port,
      restarts: this.restarts,
      command: spec.command,
      lastExit: this.lastExit,
      bootFailure: this.bootFailure,
    };
  }

  start(): void {
    const generation = ++this.#generation;
    this.#running = this.#run(generation).catch((err: unknown) => {
      if (generation !== this.#generation || this.state === "stopping") return;
      this.#crashed(`could not start: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  /** Stops the current run like a stop (SIGTERM, SIGKILL after the grace period), then starts a fresh one. */
  async restart(graceSeconds: number): Promise<void> {
    if (this.state === "stopping") return;
    this.#clearTimer();
    const child = this.#child;
    const generation = ++this.#generation;
    this.#child = undefined;
    this.#set("starting");
    if (child?.pid) await this.#terminate(child.pid, graceSeconds);
    await this.#running;
    // A stop() that came in meanwhile wins: it bumped the generation.
    if (generation === this.#generation) this.start();
  }

  async #terminate(pid: number, graceSeconds: number): Promise<void> {
    await terminate(this.host, { ...this.spec, name: this.name }, pid, "SIGTERM", graceSeconds);
    await this.#release(pid);
  }

  /** Ends the limits of the run that `pid` led (its cgroup goes, with anything left in it). */
  async #release(pid: number): Promise<void> {
    const limited = this.#limits.get(pid);
    this.#limits.delete(pid);
    await (await limited)?.release();
  }

  async stop(graceSeconds: number): Promise<void> {
    if (this.#stopped) return this.#stopped;
    this.#clearTimer();
    this.#generation++;
    this.#set("stopping");
    this.#stopped = (async () => {
      // The whole group must be gone, children included, not just the main process.
      const pid = this.#child?.pid;
      if (pid) await this.#terminate(pid, graceSeconds);
      await this.#running;
      await removeProcessDir(this.#dir()).catch((err: unknown) =>
        this.host.platformLog(
          this.spec,
          `${this.name} stopped, but its directory could not be removed (${err instanceof Error ? err.message : String(err)})`,
        ),
      );
    })();
    return this.#stopped;
  }

  #dir(): string {
    return processDir(this.host, this.spec);
  }

  async #run(generation: number): Promise<void> {
    const { spec } = this;
    const launch = await prepare(this.host, spec, {
      slugDigest: spec.slugDigest,
      env: spec.env,
      command: [spec.command],
      uid: spec.uid,
      memoryMb: spec.memoryMb,
      diskMb: spec.diskMb,
    });
    const { dir, cwd, env, file, args } = launch;
    const limits = launch.limits ?? limitsOf(this.host, spec);
    const port = spec.web ? await freePort() : null;
    if (generation !== this.#generation) return;
    if (port !== null) env.PORT = String(port);
    const output = await this.#openOutput(dir);
    if (generation !== this.#generation) {
      closeSync(output.writeFd);
      output.reader.destroy();
      return;
    }
    const child = spawn(file, args, {
      cwd,
      env,
      detached: true,
      stdio: ["ignore", output.writeFd, output.writeFd],
      ...launch.ids,
    });
    closeSync(output.writeFd);
    const tag = { ...spec, name: this.name };
    const enforcement = child.pid ? enforceLimits(this.host, tag, child.pid, limits) : undefined;
    if (child.pid && enforcement) this.#limits.set(child.pid, enforcement);
    this.#child = child;
    this.pid = child.pid ?? null;
    this.port = port;
    this.bootFailure = null;
    this.#set("starting");
    // Listeners first: a process that exits at once must not slip past them while we await anything.
    const remembered = child.pid
      ? remember(this.host.registryDir, `${spec.id}.${child.pid}`, child.pid)
      : Promise.resolve();
    child.once("error", (err) => {
      if (generation !== this.#generation) return;
      this.#crashed(`could not start: ${err.message}`);
    });
    child.once("exit", (code, signal) => {
      // A stop or restart owns the group's end (SIGTERM, grace, SIGKILL): the main process may go first
      // (bubblewrap does) while the app still has its grace period.
      // The stop, restart or boot timeout that bumped the generation releases the limits once the group is gone.
      if (generation !== this.#generation) return;
      // A crash: whatever the main process left behind in its group goes with it.
      if (child.pid) killGroup(child.pid, "SIGKILL");
      void remembered.then(() => forget(this.host.registryDir, `${spec.id}.${child.pid}`));
      void (async () => {
        const over = (await (await enforcement)?.exceeded()) ?? false;
        if (child.pid) await this.#release(child.pid);
        if (generation !== this.#generation) return;
        if (over) this.host.platformLog(spec, memoryExceeded(this.name, limits));
        const how = over ? "memory limit" : signal ? signal : `exit ${code}`;
        if (this.state === "starting" && spec.web)
          this.bootFailure = `${this.name} exited during boot (${how})`;
        this.#crashed(how);
      })();
    });
    splitLines(output.reader, (line) => this.host.output(this.spec, line));
    await remembered;
    if (generation !== this.#generation || this.state !== "starting") return;
    if (port === null) {
      this.#up();
      return;
    }
    const bootStarted = Date.now();
    const deadline = bootStarted + spec.bootTimeoutSeconds * 1000;
    /** The health check's last answer, once $PORT accepts connections. */
    let checked: string | undefined;
    while (generation === this.#generation && this.state === "starting") {
      if (await accepts(port)) {
        checked = spec.healthCheckPath ? await healthCheck(port, spec.healthCheckPath) : "ok";
        if (checked === "ok") {
          if (generation === this.#generation && this.state === "starting") this.#up();
          return;
        }
      }
      if (Date.now() > deadline) {
        this.bootFailure =
          checked === undefined
            ? `${this.name} did not bind $PORT (${port}) within ${spec.bootTimeoutSeconds} s`
            : `${this.name} did not pass its health check (GET ${spec.healthCheckPath ?? "/"} → ${checked}) within ${spec.bootTimeoutSeconds} s`;
        this.host.platformLog(spec, `${this.bootFailure}: stopping it`);
        this.#generation++;
        if (child.pid) {
          killGroup(child.pid, "SIGKILL");
          void this.#release(child.pid);
          void remembered.then(() => forget(this.host.registryDir, `${spec.id}.${child.pid}`));
        }
        this.#crashed("boot timeout");
        return;
      }
      // Often at first (most apps bind within a few hundred ms), then every 50 ms; a health check every 250 ms.
      const pause = checked !== undefined ? 250 : Date.now() - bootStarted < 2000 ? 10 : 50;
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  /**
   * Output goes through a FIFO the process holds open for reading and writing: it never gets EPIPE when the
   * platform is gone (a crashed control plane does not take chatty apps down with it), it only blocks once the
   * pipe is full. The platform reads the other end without blocking its event loop.
   */
  async #openOutput(dir: string): Promise<{ writeFd: number; reader: Socket }> {
    const fifo = join(dir, "output.fifo");
    await run("mkfifo", ["-m", "600", "--", fifo]);
    const readFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writeFd = openSync(fifo, constants.O_RDWR);
    return { writeFd, reader: new Socket({ fd: readFd, readable: true, writable: false }) };
  }

  #up(): void {
    this.#upAt = Date.now();
    this.#set("up");
    this.host.platformLog(
      this.spec,
      `${this.name} up${this.port ? ` on port ${this.port}` : ""}${this.spec.release > 0 ? ` (v${this.spec.release})` : ""}`,
    );
  }

  #crashed(how: string): void {
    if (this.state === "stopping") return;
    this.#child = undefined;
    this.pid = null;
    this.lastExit = how;
    // Backoff: first restart immediate, then 1 s doubling to 60 s; reset after 10 minutes up.
    if (this.#upAt > 0 && Date.now() - this.#upAt >= BACKOFF_RESET_MS) this.#crashes = 0;
    const delay = this.#crashes === 0 ? 0 : Math.min(BACKOFF_CAP_SECONDS, 2 ** (this.#crashes - 1));
    this.#crashes += 1;
    this.#upAt = 0;
    this.#set("crashed");
    this.host.platformLog(
      this.spec,
      `${this.name} crashed (${how}), ${delay === 0 ? "restarting now" : `restarting in ${delay} s`} (restart ${this.restarts + 1})`,
    );
    const generation = this.#generation;
    this.#timer = setTimeout(() => {
      if (generation !== this.#generation || this.state !== "crashed") return;
      this.restarts += 1;
      this.start();
    }, delay * 1000);
  }

  #set(state: ProcessState): void {
    this.state = state;
    this.since = new Date().toISOString();
    this.host.changed(this);
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
