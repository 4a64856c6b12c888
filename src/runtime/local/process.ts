// One supervised local process: its release's files, $PORT boot check, crash restart with backoff; recorded
// before it is spawned, and adopted (not restarted) by a platform that restarts while it runs.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync } from "node:fs";
import type { Socket } from "node:net";
import type { ProcessState } from "../../core/index.js";
import type { ProcessSpec, ProcessStatus } from "../driver.js";
import { killGroup, stillRunning } from "../../isolation/groups.js";
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
import type { Enforcement } from "../../isolation/limits.js";
import { openOutput, reattachOutput } from "./output.js";
import { commandNotFound } from "../../shared/command-not-found.js";
import { tailLines } from "../../shared/failure-lines.js";
import { listeningPorts } from "./listening.js";
import { freePort, untilReady } from "./readiness.js";
import { forget, record, recordSpawned, type ProcessRecord } from "../../isolation/registry.js";

export { freePort } from "./readiness.js";

/** What the registry keeps of a supervised process's spec: all but its env (config vars stay in the store, sealed). */
export type RecordedSpec = Omit<ProcessSpec, "env">;
export type RecordedProcess = ProcessRecord<RecordedSpec>;

export interface LocalProcessHost extends LaunchHost {
  changed(process: { status(): ProcessStatus }): void;
  /** Waits for one of a bounded number of start slots (web processes first); call the result when booted. */
  startSlot?(web: boolean): Promise<() => void>;
}

const BACKOFF_CAP_SECONDS = 60;
const BACKOFF_RESET_MS = 10 * 60 * 1000;
/** A start holds its slot until it is up, or this long at most (a slow boot must not hold the others up). */
const SLOT_HOLD_MS = 5000;
/** Lines of the current run kept for a boot failure (noise among them is dropped when it is quoted). */
const TAIL_KEPT = 60;
/** How long a boot failure waits for the rest of the process's output to be read from its pipe. */
const OUTPUT_DRAIN_MS = 1000;

export class LocalProcess {
  state: ProcessState = "starting";
  since = new Date().toISOString();
  pid: number | null = null;
  port: number | null = null;
  restarts = 0;
  lastExit: string | null = null;
  bootFailure: string | null = null;
  /** The last lines the run that failed its boot printed. */
  bootOutput: string[] | null = null;
  /** The current run's last output lines, and when its output pipe is read to the end. */
  #tail: string[] = [];
  #outputEnded: Promise<void> = Promise.resolve();
  /** The leader of the current run's process group (spawned by us, or adopted after a restart). */
  #leader: number | undefined;
  #crashes = 0;
  #upAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped: Promise<void> | undefined;
  /** The start in progress (unpacking, booting), so a restart does not race it for the directory. */
  #running: Promise<void> | undefined;
  #generation = 0;
  #record: RecordedProcess | undefined;
  /** The reading end of its output pipe, and the child (when we spawned it), until handOff(). */
  #reader: Socket | undefined;
  #child: ChildProcess | undefined;
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
      bootOutput: this.bootOutput,
    };
  }

  start(): void {
    const generation = ++this.#generation;
    this.#running = this.#run(generation).catch((err: unknown) => {
      if (generation !== this.#generation || this.state === "stopping") return;
      this.#crashed(`could not start: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  /**
   * Takes over a process an earlier run of the platform started and left running: its output is read from its
   * FIFO again (with whatever it wrote meanwhile), and its exit is noticed by polling, since it is not our child.
   */
  adopt(entry: RecordedProcess & { pid: number }): void {
    const generation = ++this.#generation;
    const pid = entry.pid;
    this.#record = entry;
    this.#leader = pid;
    this.pid = pid;
    this.port = entry.port ?? null;
    const tag = { ...this.spec, name: this.name };
    const limits = limitsOf(this.host, this.spec);
    this.#limits.set(pid, enforceLimits(this.host, tag, pid, limits));
    const reader = reattachOutput(processDir(this.host, this.spec));
    this.#reader = reader;
    if (reader) splitLines(reader, (line) => this.host.output(this.spec, line));
    else this.host.platformLog(this.spec, `${this.name}: its output pipe is gone; lines it wrote are lost`);
    // Not our child: no exit event. Its leader is checked every second (and at once when its output ends).
    const check = () => {
      if (generation !== this.#generation) return clearInterval(poll);
      if (stillRunning(pid, entry.start)) return;
      clearInterval(poll);
      void this.#exited(generation, pid, "exit status unknown: it ended while the platform restarted");
    };
    const poll = setInterval(check, 1000);
    poll.unref();
    reader?.once("close", check);
    this.#running = (async () => {
      if (entry.up || this.port === null) {
        this.#up(false);
        return;
      }
      this.#set("starting");
      await this.#awaitReady(generation, pid, this.port);
    })();
  }

  /**
   * Lets go of the process without stopping it, for the next start of the platform to adopt: no more polls,
   * crash restarts or reads. Its output pipe stays open in the process (it holds both ends), so it never sees
   * EPIPE; its record, directory and limits stay as they are.
   */
  handOff(): void {
    this.#generation++;
    this.#clearTimer();
    this.#reader?.destroy();
    this.#reader = undefined;
    this.#child?.unref();
    this.#child = undefined;
  }

  /** Stops the current run like a stop (SIGTERM, SIGKILL after the grace period), then starts a fresh one. */
  async restart(graceSeconds: number): Promise<void> {
    if (this.state === "stopping") return;
    this.#clearTimer();
    const leader = this.#leader;
    const generation = ++this.#generation;
    this.#leader = undefined;
    this.#set("starting");
    if (leader) await this.#terminate(leader, graceSeconds);
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
      const pid = this.#leader;
      if (pid) await this.#terminate(pid, graceSeconds);
      await this.#running;
      await forget(this.host.registryDir, this.spec.id);
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
    const release = await (this.host.startSlot?.(this.spec.web) ?? (() => undefined));
    const held = setTimeout(release, SLOT_HOLD_MS);
    try {
      await this.#boot(generation);
    } finally {
      clearTimeout(held);
      release();
    }
  }

  async #boot(generation: number): Promise<void> {
    if (generation !== this.#generation) return;
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
    const output = await openOutput(dir);
    if (generation !== this.#generation) {
      closeSync(output.writeFd);
      output.reader.destroy();
      return;
    }
    // Everything but its env: config vars stay in the store, sealed.
    const recorded = Object.fromEntries(
      Object.entries(spec).filter(([key]) => key !== "env"),
    ) as RecordedSpec;
    // Recorded before it runs: a platform killed between the spawn and the next line still finds it.
    const intent: RecordedProcess = {
      kind: "process",
      id: spec.id,
      spec: recorded,
      dir,
      cgroup: spec.id,
      port,
    };
    record(this.host.registryDir, intent);
    const child = spawn(file, args, {
      cwd,
      env,
      detached: true,
      stdio: ["ignore", output.writeFd, output.writeFd],
      ...launch.ids,
    });
    if (child.pid) this.#record = recordSpawned(this.host.registryDir, intent, child.pid);
    closeSync(output.writeFd);
    const tag = { ...spec, name: this.name };
    const enforcement = child.pid ? enforceLimits(this.host, tag, child.pid, limits) : undefined;
    if (child.pid && enforcement) this.#limits.set(child.pid, enforcement);
    this.#leader = child.pid;
    this.pid = child.pid ?? null;
    this.port = port;
    this.bootFailure = null;
    this.bootOutput = null;
    this.#set("starting");
    // Listeners first: a process that exits at once must not slip past them while we await anything.
    child.once("error", (err) => {
      if (generation !== this.#generation) return;
      this.#crashed(`could not start: ${err.message}`);
    });
    child.once("exit", (code, signal) => {
      if (!child.pid || generation !== this.#generation) return;
      const over = enforcement?.then((e) => e.exceeded()) ?? Promise.resolve(false);
      void over.then((exceeded) => {
        if (exceeded) this.host.platformLog(spec, memoryExceeded(this.name, limits));
        const how = exceeded ? "memory limit" : signal ? signal : `exit ${code}`;
        return this.#exited(generation, child.pid as number, how);
      });
    });
    this.#reader = output.reader;
    this.#child = child;
    this.#readOutput(output.reader, generation);
    if (generation !== this.#generation || this.state !== "starting") return;
    if (port === null) this.#up();
    else await this.#awaitReady(generation, child.pid ?? 0, port);
  }

  /** Its lines go to the app's log; the run's last ones are kept too, for a boot failure to quote. */
  #readOutput(reader: Socket, generation: number): void {
    this.#tail = [];
    this.#outputEnded = new Promise((resolve) => {
      reader.once("close", () => resolve());
      reader.once("end", () => resolve());
    });
    splitLines(reader, (line) => {
      if (generation === this.#generation) {
        this.#tail.push(line);
        if (this.#tail.length > TAIL_KEPT) this.#tail.shift();
      }
      this.host.output(this.spec, line);
    });
  }

  async #awaitReady(generation: number, pid: number, port: number): Promise<void> {
    const outcome = await untilReady({
      port,
      healthCheckPath: this.spec.healthCheckPath,
      timeoutSeconds: this.spec.bootTimeoutSeconds,
      waiting: () => generation === this.#generation && this.state === "starting",
      listening: pid ? () => listeningPorts(pid) : undefined,
    });
    if (outcome === "abandoned") return;
    if (outcome === "ready") return this.#up();
    this.bootFailure = `${this.name} ${outcome.failure}`;
    this.bootOutput = tailLines(this.#tail);
    this.host.platformLog(this.spec, `${this.bootFailure}: stopping it`);
    this.#generation++;
    if (pid) {
      killGroup(pid, "SIGKILL");
      void this.#release(pid);
      void forget(this.host.registryDir, this.spec.id);
    }
    this.#crashed("boot timeout");
  }

  /** The run led by `pid` ended on its own (`how`): whatever it left in its group goes with it; a crash. */
  async #exited(generation: number, pid: number, how: string): Promise<void> {
    // A stop or restart owns the group's end (SIGTERM, grace, SIGKILL): the main process may go first
    // (bubblewrap does) while the app still has its grace period. Whoever bumped the generation releases
    // the limits once the group is gone.
    if (generation !== this.#generation) return;
    killGroup(pid, "SIGKILL");
    if (this.state === "starting" && this.spec.web) {
      // Its last lines may still sit in the pipe: the failure quotes them, so they are read first.
      await Promise.race([this.#outputEnded, new Promise((r) => setTimeout(r, OUTPUT_DRAIN_MS))]);
      if (generation !== this.#generation) return;
      const lines = tailLines(this.#tail);
      const hint =
        how === "exit 127" ? commandNotFound(127, this.#tail.join("\n"), this.spec.command) : undefined;
      this.bootFailure = `${this.name} exited during boot (${how})${hint ? `: ${hint}` : ""}`;
      this.bootOutput = lines;
    }
    // Out of the route table at once; the restart waits until the group and its limits are gone.
    this.pid = null;
    this.lastExit = how;
    this.#set("crashed");
    await forget(this.host.registryDir, this.spec.id);
    await this.#release(pid);
    if (generation !== this.#generation) return;
    this.#crashed(how);
  }

  #up(announce = true): void {
    this.#upAt = Date.now();
    this.#set("up");
    if (this.#record) {
      this.#record = { ...this.#record, up: true };
      record(this.host.registryDir, this.#record);
    }
    if (!announce) return;
    this.host.platformLog(
      this.spec,
      `${this.name} up${this.port ? ` on port ${this.port}` : ""}${this.spec.release > 0 ? ` (v${this.spec.release})` : ""}`,
    );
  }

  #crashed(how: string): void {
    if (this.state === "stopping") return;
    this.#leader = undefined;
    this.#record = undefined;
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
