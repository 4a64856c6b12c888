// One local one-off process (run.N, scheduler.N, release.N): runs once in a fresh copy of the slug, with a time
// limit; attached (its stdio are the handle's streams) or with its output in the app's log stream.
import { spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";
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
  type Launch,
  type LaunchHost,
} from "./launch.js";
import { commandNotFound, OutputTail } from "../../shared/command-not-found.js";
import { spawnPty, type TtySpec } from "./pty.js";
import {
  forget,
  killGroup,
  record,
  recordSpawned,
  signalMembers,
  type ProcessRecord,
} from "../../isolation/registry.js";

export interface OneOffHost extends LaunchHost {
  changed(process: LocalOneOff): void;
}

export class LocalOneOff {
  state: ProcessState = "starting";
  since = new Date().toISOString();
  pid: number | null = null;
  lastExit: string | null = null;
  /** The spawned command's pid (the leader of its process group). */
  #spawned: number | undefined;
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
    const tty = spec.io.kind === "attached" ? spec.io.tty : undefined;
    const launch = await prepare(this.host, spec, { ...spec, tty: tty !== undefined }).catch(
      async (err: unknown) => {
        await removeProcessDir(processDir(this.host, spec));
        throw err;
      },
    );
    if (this.#cancel) {
      await removeProcessDir(launch.dir);
      throw new Error(`${this.name} was stopped before it started`);
    }
    const attached = spec.io.kind === "attached";
    // Recorded before it runs, so a restart after a crash of the platform finds and ends it.
    const intent: ProcessRecord = { kind: "one-off", id: spec.id, dir: launch.dir, cgroup: spec.id };
    record(this.host.registryDir, intent);
    let child: Spawned;
    try {
      child = tty ? await spawnOnPty(launch, tty) : await spawnWithPipes(launch, attached);
    } catch (err) {
      await forget(this.host.registryDir, spec.id);
      await removeProcessDir(launch.dir);
      throw err;
    }
    const pid = child.pid;
    recordSpawned(this.host.registryDir, intent, pid);
    this.#spawned = pid;
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
    this.#exited = child.exited.then(async ({ code, signal }) => {
      clearTimeout(this.#timer);
      // The one-off is over when its main process is: whatever it left in its group goes with it.
      killGroup(pid, "SIGKILL");
      const exit: OneOffExit = { code, signal, endedBy: this.#endedBy };
      // Output first: the shell's complaint has been read by then.
      await child.drained;
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
      return exit;
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
      resize: (cols, rows) => child.resize(cols, rows),
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
    if (this.#spawned === undefined) {
      // Not spawned yet: it must not start, or must be stopped as soon as it has.
      this.#cancel ??= why;
      await this.#starting;
      if (this.#spawned === undefined) return;
    }
    const pid = this.#spawned;
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

/** A spawned one-off, on pipes or on a pseudo-terminal. */
export interface Spawned {
  pid: number;
  stdin: Writable | null;
  stdout: Readable | null;
  stderr: Readable | null;
  resize(cols: number, rows: number): void;
  /** Resolves once it has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once its output has been read (after what it left behind is gone too). */
  drained: Promise<void>;
}

/** As any process: a process group of its own, stdout and stderr on pipes, stdin too when attached. */
export async function spawnWithPipes(
  launch: Pick<Launch, "file" | "args" | "cwd" | "env" | "ids">,
  withStdin: boolean,
): Promise<Spawned> {
  const child = spawn(launch.file, launch.args, {
    cwd: launch.cwd,
    env: launch.env,
    detached: true,
    stdio: [withStdin ? "pipe" : "ignore", "pipe", "pipe"],
    ...launch.ids,
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  // 'close' comes once stdout and stderr are drained.
  const drained = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const failed = await new Promise<Error | undefined>((resolve) => {
    child.once("spawn", () => resolve(undefined));
    child.once("error", resolve);
  });
  if (failed) throw failed;
  return {
    pid: child.pid as number,
    stdin: child.stdin,
    stdout: child.stdout,
    stderr: child.stderr,
    resize: () => undefined,
    exited,
    drained,
  };
}

/** On a pseudo-terminal: the command leads a session whose controlling terminal it is (Ctrl-C, resizes). */
export async function spawnOnPty(
  launch: Pick<Launch, "file" | "args" | "cwd" | "env" | "ids">,
  tty: TtySpec,
): Promise<Spawned> {
  const child = await spawnPty({
    file: launch.file,
    args: launch.args,
    cwd: launch.cwd,
    env: launch.env,
    uid: launch.ids?.uid,
    gid: launch.ids?.gid,
    cols: tty.cols,
    rows: tty.rows,
    term: tty.term,
  });
  return {
    pid: child.pid,
    stdin: child.stdin,
    stdout: child.stdout,
    stderr: null,
    resize: (cols, rows) => child.resize(cols, rows),
    // The helper reports the exit once the terminal's output is read.
    exited: child.exit,
    drained: Promise.resolve(),
  };
}
