// An in-memory RuntimeDriver for the reconciler's unit tests and bench: no processes, just states and events.
// Each start boots on the next turn of the event loop, as `boot` says: up (with a port), failing, or never.
import { PassThrough } from "node:stream";
import type {
  OneOffExit,
  OneOffHandle,
  OneOffSpec,
  ProcessSpec,
  ProcessStatus,
  Recovery,
  RuntimeDriver,
} from "../runtime/driver.js";

export type FakeBoot = "up" | "fail" | "hang";

export interface FakeDriverOptions {
  /** How a started (or restarted) process boots; default up. */
  boot?: (spec: ProcessSpec) => FakeBoot;
  /** How a one-off (the release phase included) ends; default exit 0. */
  exit?: (spec: OneOffSpec) => OneOffExit;
}

export class FakeDriver implements RuntimeDriver {
  readonly name = "fake";
  readonly #processes = new Map<string, ProcessStatus>();
  readonly #listeners = new Set<(status: ProcessStatus) => void>();
  #nextPort = 20_000;
  /** Each run its own pid, as a real one gets, so a test can tell a restarted process from the old one. */
  #nextPid = 1_000;
  /** Every start, in order (for tests that check what started when). */
  readonly started: ProcessSpec[] = [];
  /** How many times list() ran (a tick should not list the host per app). */
  lists = 0;

  constructor(private readonly options: FakeDriverOptions = {}) {}

  start(spec: ProcessSpec): void {
    this.started.push(spec);
    this.#processes.set(spec.id, {
      id: spec.id,
      appId: spec.appId,
      app: spec.app,
      name: `${spec.type}.${spec.index}`,
      type: spec.type,
      index: spec.index,
      release: spec.release,
      state: "starting",
      since: new Date().toISOString(),
      pid: null,
      port: null,
      restarts: 0,
      command: spec.command,
      oneOff: false,
      lastExit: null,
      web: spec.web,
      bootFailure: null,
    });
    this.#boot(spec.id, this.options.boot?.(spec) ?? "up");
  }

  async run(spec: OneOffSpec): Promise<OneOffHandle> {
    const status: ProcessStatus = {
      id: spec.id,
      appId: spec.appId,
      app: spec.app,
      name: `${spec.type}.${spec.index}`,
      type: spec.type,
      index: spec.index,
      release: spec.release,
      state: "up",
      since: new Date().toISOString(),
      pid: 1,
      port: null,
      restarts: 0,
      command: spec.command.join(" "),
      oneOff: true,
      lastExit: null,
      web: false,
      bootFailure: null,
    };
    this.#set(status);
    const exit = this.options.exit?.(spec) ?? { code: 0, signal: null, endedBy: null };
    const exited = new Promise<OneOffExit>((resolve) =>
      setImmediate(() => {
        if (spec.io.kind === "log") spec.io.tee?.(exit.code === 0 ? "done" : "Error: migration failed");
        this.#remove(spec.id);
        resolve(exit);
      }),
    );
    const noop = () => undefined;
    return {
      id: spec.id,
      stdin: null,
      stdout: new PassThrough(),
      stderr: null,
      signal: noop,
      hangup: noop,
      resize: noop,
      exited,
    };
  }

  async stop(id: string): Promise<void> {
    const p = this.#processes.get(id);
    if (!p) return;
    this.#set({ ...p, state: "stopping" });
    await new Promise((resolve) => setImmediate(resolve));
    this.#remove(id);
  }

  async restart(id: string): Promise<void> {
    const p = this.#processes.get(id);
    if (!p) return;
    this.#set({ ...p, state: "starting", pid: null, port: null, restarts: p.restarts + 1 });
    this.#boot(id, "up");
  }

  list(): ProcessStatus[] {
    this.lists++;
    return [...this.#processes.values()];
  }

  async recover(): Promise<Recovery> {
    return { running: [], ended: 0 };
  }

  adopt(): void {
    throw new Error("the fake driver recovers nothing");
  }

  onChange(listener: (status: ProcessStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async exec(): Promise<OneOffHandle> {
    throw new Error("the fake driver runs no commands");
  }

  async close(): Promise<void> {
    await Promise.all([...this.#processes.keys()].map((id) => this.stop(id)));
  }

  async handOff(): Promise<void> {
    this.#processes.clear();
  }

  #boot(id: string, boot: FakeBoot): void {
    if (boot === "hang") return;
    setImmediate(() => {
      const p = this.#processes.get(id);
      if (!p || p.state !== "starting") return;
      if (boot === "up") this.#set({ ...p, state: "up", pid: this.#nextPid++, port: this.#nextPort++ });
      else
        this.#set({
          ...p,
          state: "crashed",
          lastExit: "exit 1",
          bootFailure: `${p.name} exited with 1 while booting`,
          bootOutput: ["Error: boom"],
        });
    });
  }

  #set(status: ProcessStatus): void {
    this.#processes.set(status.id, status);
    for (const listener of this.#listeners) listener(status);
  }

  #remove(id: string): void {
    const p = this.#processes.get(id);
    if (!p) return;
    this.#processes.delete(id);
    for (const listener of this.#listeners) listener(p);
  }
}
