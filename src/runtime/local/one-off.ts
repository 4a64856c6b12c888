// One local one-off process (run.N, scheduler.N, release.N): runs once in a fresh copy of the slug, with a time
// limit; attached (its stdio are the handle's streams) or with its output in the app's log stream.
import { spawn, type ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";
import type { ProcessState } from "../../core/index.js";
import type { OneOffExit, OneOffHandle, OneOffSpec, ProcessStatus } from "../driver.js";
import { describeExit } from "../one-offs.js";
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
import { commandNotFound, OutputTail } from "../../shared/command-not-found.js";
import { forget, killGroup, record, recordSpawned, signalMembers, type ProcessRecord } from "./registry.js";

export interface OneOffHost extends LaunchHost {
  changed(process: LocalOneOff): void;
}

export class LocalOneOff {
  state: ProcessState = "starting";
  since = new Date().toISOString();
  pid: number | null = null;
  lastExit: string | null = null;
  #child: ChildProcess | undefined;
  #endedBy: OneOffExit["endedBy"] = null;
  #ending: Promise<boolean> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #exited: Promise<OneOffExit> | undefined;
  /** Set when a stop arrives before the process is spawned: it then never starts, or is stopped at once. */
  #cancel: NonNullable<OneOffExit["endedBy"]> | undefined;
  #starting: Promise<unknown> | undefined;

  constructor(
    readonly spec: OneOffSpec,
    private readonly host: OneOffHost,
  ) {}

  get #sandboxed(): boolean {
    return this.host.sandbox.kind === "bubblewrap" && !this.host.prepare;
  }

  get name(): string {
    return `${this.spec.type}.${this.spec.index}`;
  }

  status(): ProcessStatus {
    const { spec } = this;
    return {
      id: spec.id,
      appId: spec.appId,
      app: spec.app,
      web: false,
      oneOff: true,
      name: this.name,
      type: spec.type,
      index: spec.index,
      release: spec.release,
      state: this.state,
      since: this.since,
      pid: this.pid,
      port: null,
      restarts: 0,
      command: spec.command.join(" "),
      lastExit: this.lastExit,
      bootFailure: null,
    };
  }

  /** Spawns it; rejects (and cleans up) if it could not start, or was stopped before it did. */
  start(): Promise<OneOffHandle> {
    const starting = this.#start();
    this.#starting = starting.catch(() => undefined);
    return starting;
  }

  async #start(): Promise<OneOffHandle> {
    const { spec } = this;
    const launch = await prepare(this.host, spec, spec).catch(async (err: unknown) => {
      await removeProcessDir(processDir(this.host, spec));
      throw err;
    });
    if (this.#cancel) {
      await removeProcessDir(launch.dir);
      throw new Error(`${this.name} was stopped before it started`);
    }
    const attached = spec.io.kind === "attached";
    // Recorded before it runs, so a restart after a crash of the platform finds and ends it.
    const intent: ProcessRecord = { kind: "one-off", id: spec.id, dir: launch.dir, cgroup: spec.id };
    record(this.host.registryDir, intent);
    const child = spawn(launch.file, launch.args, {
      cwd: launch.cwd,
      env: launch.env,
      detached: true,
      stdio: [attached ? "pipe" : "ignore", "pipe", "pipe"],
      ...launch.ids,
    });
    if (child.pid) recordSpawned(this.host.registryDir, intent, child.pid);
    const spawned = await new Promise<Error | undefined>((resolve) => {
      child.once("spawn", () => resolve(undefined));
      child.once("error", resolve);
    });
    if (spawned) {
      await forget(this.host.registryDir, spec.id);
      await removeProcessDir(launch.dir);
      throw spawned;
    }
    const pid = child.pid as number;
    this.#child = child;
    this.pid = pid;
    const limits = launch.limits ?? limitsOf(this.host, spec);
    const enforcement = enforceLimits(this.host, { ...spec, name: this.name }, pid, limits);
    child.stdin?.on("error", () => undefined);
    // Where the shell says which command it could not find (attached: the client sees it; the first word then).
    const tail = new OutputTail(2048);
    if (spec.io.kind === "log") {
      const tee = spec.io.tee;
      const line = (text: string) => {
        tail.push(`${text}\n`);
        this.host.output(spec, text);
        tee?.(text);
      };
      splitLines(child.stdout as Readable, line);
      splitLines(child.stderr as Readable, line);
    }
    this.#timer = setTimeout(() => {
      this.host.platformLog(
        spec,
        `${this.name} ran longer than its time limit of ${spec.timeoutSeconds} s: stopping it`,
      );
      void this.#end("timeout", "SIGTERM");
    }, spec.timeoutSeconds * 1000);
    this.#timer.unref();
    this.#exited = new Promise<OneOffExit>((resolve) => {
      child.once("exit", (code, signal) => {
        clearTimeout(this.#timer);
        // The one-off is over when its main process is: whatever it left in its group goes with it.
        killGroup(pid, "SIGKILL");
        const exit: OneOffExit = { code, signal, endedBy: this.#endedBy };
        const finished = async () => {
          // After 'close': the shell's complaint has been read by now.
          const notFound = commandNotFound(code, tail.text, spec.command);
          if (notFound) exit.notFound = notFound;
          const limited = await enforcement;
          if ((await limited.exceeded()) && exit.endedBy === null) {
            exit.endedBy = "memory";
            this.host.platformLog(spec, memoryExceeded(this.name, limits));
          }
          await this.#ending;
          await limited.release();
          await forget(this.host.registryDir, spec.id);
          await removeProcessDir(launch.dir);
          this.lastExit = describeExit(exit);
          this.pid = null;
          resolve(exit);
        };
        // Output first: 'close' comes once stdout and stderr are drained.
        if (child.stdout?.readableEnded && child.stderr?.readableEnded) void finished();
        else child.once("close", () => void finished());
      });
    });
    this.#set("up");
    const handle: OneOffHandle = {
      id: spec.id,
      stdin: attached ? child.stdin : null,
      stdout: attached ? child.stdout : null,
      stderr: attached ? child.stderr : null,
      signal: (signal) => {
        if (this.pid === null) return;
        // Under bubblewrap the command, not bwrap, must get it; bwrap then exits with the command's status.
        if (this.#sandboxed) signalMembers(pid, signal);
        else killGroup(pid, signal);
      },
      hangup: () => void this.#end("hangup", "SIGHUP"),
      exited: this.#exited,
    };
    // A stop that came while it was being spawned.
    if (this.#cancel) void this.#end(this.#cancel, "SIGTERM");
    return handle;
  }

  async stop(graceSeconds = this.spec.graceSeconds, why: "stopped" | "shutdown" = "stopped"): Promise<void> {
    await this.#end(why, "SIGTERM", graceSeconds);
  }

  async #end(
    why: NonNullable<OneOffExit["endedBy"]>,
    signal: NodeJS.Signals,
    graceSeconds = this.spec.graceSeconds,
  ): Promise<void> {
    if (!this.#child) {
      // Not spawned yet: it must not start, or must be stopped as soon as it has.
      this.#cancel ??= why;
      await this.#starting;
      if (!this.#child) return;
    }
    const pid = this.#child.pid as number;
    if (this.pid === null && !this.#ending) return; // exited on its own already
    if (!this.#ending) {
      this.#endedBy = why;
      this.#set("stopping");
      this.#ending = terminate(
        this.host,
        { ...this.spec, name: this.name },
        pid,
        signal,
        graceSeconds,
        this.#sandboxed,
      );
    }
    await this.#ending;
    await this.#exited;
  }

  #set(state: ProcessState): void {
    this.state = state;
    this.since = new Date().toISOString();
    this.host.changed(this);
  }
}
