// The local runtime driver: a process supervisor on this machine.
import type { OneOffHandle, OneOffSpec, ProcessSpec, ProcessStatus, RuntimeDriver } from "../driver.js";
import { removeProcessDir } from "./launch.js";
import { LocalOneOff } from "./one-off.js";
import { LocalProcess, type LocalProcessHost } from "./process.js";
import { reap } from "./registry.js";

export type LocalDriverOptions = Omit<LocalProcessHost, "changed">;

export class LocalDriver implements RuntimeDriver {
  readonly name = "local";
  readonly #processes = new Map<string, LocalProcess | LocalOneOff>();
  readonly #listeners = new Set<(status: ProcessStatus) => void>();
  readonly #host: LocalProcessHost;

  constructor(private readonly options: LocalDriverOptions) {
    this.#host = {
      ...options,
      changed: (p) => {
        for (const listener of this.#listeners) listener(p.status());
      },
    };
  }

  start(spec: ProcessSpec): void {
    if (this.#processes.has(spec.id)) throw new Error(`process ${spec.id} already exists`);
    const process = new LocalProcess(spec, this.#host);
    this.#processes.set(spec.id, process);
    process.start();
  }

  async run(spec: OneOffSpec): Promise<OneOffHandle> {
    if (this.#processes.has(spec.id)) throw new Error(`process ${spec.id} already exists`);
    const oneOff = new LocalOneOff(spec, this.#host);
    this.#processes.set(spec.id, oneOff);
    try {
      const handle = await oneOff.start();
      void handle.exited.then(() => {
        this.#processes.delete(spec.id);
        this.#host.changed(oneOff);
      });
      return handle;
    } catch (err) {
      this.#processes.delete(spec.id);
      this.#host.changed(oneOff);
      throw err;
    }
  }

  async stop(id: string, graceSeconds: number, why: "stopped" | "shutdown" = "stopped"): Promise<void> {
    const process = this.#processes.get(id);
    if (!process) return;
    if (process instanceof LocalOneOff) await process.stop(graceSeconds, why);
    else await process.stop(graceSeconds);
    this.#processes.delete(id);
    this.#host.changed(process);
  }

  async restart(id: string, graceSeconds: number): Promise<void> {
    const process = this.#processes.get(id);
    if (process instanceof LocalProcess) await process.restart(graceSeconds);
  }

  list(): ProcessStatus[] {
    return [...this.#processes.values()].map((p) => p.status());
  }

  async recover(): Promise<number> {
    const reaped = await reap(this.options.registryDir);
    await removeProcessDir(this.options.runDir);
    await this.options.limiter?.sweep?.();
    return reaped;
  }

  onChange(listener: (status: ProcessStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(graceSeconds: number): Promise<void> {
    await Promise.all([...this.#processes.keys()].map((id) => this.stop(id, graceSeconds, "shutdown")));
  }
}
