// The local runtime driver: a process supervisor on this machine.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { FifteenError } from "../../shared/errors.js";
import type {
  ExecSpec,
  OneOffHandle,
  OneOffSpec,
  ProcessSpec,
  ProcessStatus,
  RecoveredProcess,
  Recovery,
  RuntimeDriver,
} from "../driver.js";
import { killGroup, processesUnder, untilGone } from "../../isolation/groups.js";
import { dropRelease, limitsOf, processDir, removeProcessDir, splitLinesOf } from "./launch.js";
import { execIn } from "./exec.js";
import { LocalOneOff } from "./one-off.js";
import { readWaiting } from "./output.js";
import { LocalProcess, type LocalProcessHost, type RecordedProcess, type RecordedSpec } from "./process.js";
import { endRecorded, forget, readRecords, recordAlive } from "../../isolation/registry.js";
import { StartSlots } from "./slots.js";

/** How long a `ps:exec` session has after SIGHUP (its client left) before SIGKILL. */
const EXEC_GRACE_SECONDS = 10;

export type LocalDriverOptions = Omit<LocalProcessHost, "changed" | "startSlot"> & {
  /** Build scratch directories: a restart ends build steps an earlier run left running there too. */
  workDir?: string;
  /** How many processes start (unpack, spawn, boot) at once; 4 by default. */
  startConcurrency?: number;
};

export class LocalDriver implements RuntimeDriver {
  readonly name = "local";
  readonly #processes = new Map<string, LocalProcess | LocalOneOff>();
  readonly #listeners = new Set<(status: ProcessStatus) => void>();
  readonly #host: LocalProcessHost;
  /** Processes recover() found running, until adopt() takes each over. */
  readonly #recovered = new Map<string, RecordedProcess & { pid: number }>();
  /** `ps:exec` sessions: hung up when the platform stops. */
  readonly #execs = new Set<OneOffHandle>();

  constructor(private readonly options: LocalDriverOptions) {
    const slots = new StartSlots(options.startConcurrency ?? 4);
    this.#host = {
      ...options,
      changed: (p) => {
        for (const listener of this.#listeners) listener(p.status());
      },
      startSlot: (web) => slots.take(web),
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
      void handle.exited.then(() => this.#gone(oneOff));
      return handle;
    } catch (err) {
      await this.#gone(oneOff);
      throw err;
    }
  }

  async exec(id: string, request: ExecSpec): Promise<OneOffHandle> {
    const process = this.#processes.get(id);
    if (!process || process instanceof LocalOneOff)
      throw new FifteenError("PROCESS_NOT_FOUND", "No such process; see `fifteen ps`.");
    const pid = process.pid;
    if (pid === null || process.state === "stopping" || process.state === "crashed")
      throw new FifteenError(
        "PROCESS_NOT_RUNNING",
        `${process.name} is not running (${process.state}); see \`fifteen ps\`.`,
      );
    const handle = await execIn(
      {
        id,
        name: process.name,
        pid,
        sandboxed: this.#host.sandbox.kind === "bubblewrap" && !this.#host.prepare,
        graceSeconds: EXEC_GRACE_SECONDS,
      },
      request,
    );
    this.#execs.add(handle);
    void handle.exited.then(() => this.#execs.delete(handle));
    return handle;
  }

  async stop(id: string, graceSeconds: number, why: "stopped" | "shutdown" = "stopped"): Promise<void> {
    const process = this.#processes.get(id);
    if (!process) return;
    if (process instanceof LocalOneOff) await process.stop(graceSeconds, why);
    else await process.stop(graceSeconds);
    await this.#gone(process);
  }

  /** Out of the list; the release's unpacked copy goes with the last process of the app that used it. */
  async #gone(process: LocalProcess | LocalOneOff): Promise<void> {
    if (this.#processes.get(process.spec.id) !== process) return;
    this.#processes.delete(process.spec.id);
    this.#host.changed(process);
    const { appId, slugDigest } = process.spec;
    const used = [...this.#processes.values()].some(
      (p) => p.spec.appId === appId && p.spec.slugDigest === slugDigest,
    );
    if (!used && !this.options.prepare) await dropRelease(this.#host, appId, slugDigest);
  }

  async restart(id: string, graceSeconds: number): Promise<void> {
    const process = this.#processes.get(id);
    if (process instanceof LocalProcess) await process.restart(graceSeconds);
  }

  list(): ProcessStatus[] {
    return [...this.#processes.values()].map((p) => ({
      ...p.status(),
      memoryLimitMb: limitsOf(this.#host, p.spec).memoryMb,
    }));
  }

  /**
   * What an earlier run left: supervised processes still running are returned (they keep running, for adopt());
   * everything else it recorded or that runs in its directories (one-offs, build steps, processes whose main
   * process died, ones killed before their pid was recorded) is ended at once, in parallel, after what they
   * wrote to their output was read.
   */
  async recover(): Promise<Recovery> {
    const { registryDir, runDir, workDir } = this.options;
    const records = await readRecords<RecordedSpec>(registryDir);
    const live: Array<RecordedProcess & { pid: number }> = [];
    const leftovers: RecordedProcess[] = [];
    for (const entry of records) {
      if (entry.kind === "process" && entry.spec && entry.pid && recordAlive(entry))
        live.push({ ...entry, pid: entry.pid });
      else if (entry.kind !== "other") leftovers.push(entry);
    }
    // Lines waiting in a leftover's output pipe are read before it is ended, and once more after.
    const salvage = () => {
      for (const entry of leftovers) if (entry.spec && entry.dir) this.#salvage(entry);
    };
    salvage();
    let ended = await endRecorded(leftovers);
    await Promise.all(leftovers.map((e) => (e.cgroup ? this.options.limiter?.end?.(e.cgroup) : undefined)));
    // Whatever still runs in our directories and is not one of the live ones (its pid was never recorded, or
    // it left its process group): HOME and TMPDIR name the process or build directory.
    // (One-offs `fifteen run` started meanwhile are this run's own.)
    const keep = [
      ...live.flatMap((e) => (e.dir ? [e.dir] : [])),
      ...[...this.#processes.values()].map((p) => processDir(this.#host, p.spec)),
    ].map((dir) => `${dir}/`);
    const strays = processesUnder([runDir, ...(workDir ? [workDir] : [])]).filter(
      (p) => !keep.some((dir) => p.path.startsWith(dir)),
    );
    for (const stray of strays) {
      killGroup(stray.pgrp, "SIGKILL");
      try {
        process.kill(stray.pid, "SIGKILL");
      } catch {
        // gone
      }
    }
    await untilGone([...new Set(strays.map((s) => s.pgrp))], 5000);
    ended += strays.length;
    salvage();
    for (const { spec } of leftovers) {
      if (!spec) continue;
      this.#host.platformLog(
        spec,
        `${spec.type}.${spec.index} (v${spec.release}) was not running whole after the platform restarted and was ended; lines it wrote after the platform's last read of its output may be lost`,
      );
    }
    await Promise.all(leftovers.map((e) => forget(registryDir, e.id)));
    await this.#removeLeftoverDirs(live);
    await this.options.limiter?.sweep?.();
    for (const entry of live) this.#recovered.set(entry.id, entry);
    return {
      running: live.map((e) => ({ ...(e.spec as RecoveredProcess), port: e.port ?? null })),
      ended,
    };
  }

  /** Publishes what sits in a leftover's output pipe; says so when a process ended while nobody read it. */
  #salvage(entry: RecordedProcess): void {
    const tag = entry.spec;
    if (!tag || !entry.dir) return;
    const text = readWaiting(entry.dir);
    if (text) splitLinesOf(text, (line) => this.#host.output(tag, line));
  }

  /** Every process and release directory in run/ but the live processes' and their releases'. */
  async #removeLeftoverDirs(live: RecordedProcess[]): Promise<void> {
    const { runDir } = this.options;
    for (const appId of await readdir(runDir).catch(() => [] as string[])) {
      const appDir = join(runDir, appId);
      const ours = live.filter((e) => e.spec?.appId === appId);
      if (ours.length === 0) {
        await removeProcessDir(appDir);
        continue;
      }
      for (const name of await readdir(appDir).catch(() => [] as string[])) {
        if (name === "releases") {
          for (const digest of await readdir(join(appDir, name)).catch(() => [] as string[])) {
            if (!ours.some((e) => e.spec?.slugDigest === digest))
              await removeProcessDir(join(appDir, name, digest));
          }
        } else if (!ours.some((e) => e.id === name)) {
          await removeProcessDir(join(appDir, name));
        }
      }
    }
  }

  adopt(spec: ProcessSpec): void {
    const entry = this.#recovered.get(spec.id);
    if (!entry) throw new Error(`process ${spec.id} was not recovered`);
    this.#recovered.delete(spec.id);
    const process = new LocalProcess(spec, this.#host);
    this.#processes.set(spec.id, process);
    process.adopt(entry);
  }

  onChange(listener: (status: ProcessStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async handOff(): Promise<void> {
    for (const process of this.#processes.values()) if (process instanceof LocalProcess) process.handOff();
    this.#processes.clear();
    this.#recovered.clear();
  }

  async close(graceSeconds: number): Promise<void> {
    for (const exec of this.#execs) exec.hangup();
    await Promise.all([...this.#processes.keys()].map((id) => this.stop(id, graceSeconds, "shutdown")));
  }
}
