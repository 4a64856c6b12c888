// Running one build step: argv only (never a shell string), lower CPU priority, own process group, abortable,
// as the app's uid where the platform has per-app uids, under the build's memory and process-count limits;
// recorded in the pid registry before it runs, so a restart after a crash of the platform ends it.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import type { AppIdentity } from "../isolation/identity.js";
import { noLimits, type Enforcement, type Limiter, type ProcessLimits } from "../isolation/limits.js";
import { forget, record, recordSpawned, type ProcessRecord } from "../isolation/registry.js";
import type { Sandbox, SandboxDirs } from "../isolation/sandbox.js";

export interface StepOptions {
  cwd: string;
  env: Record<string, string>;
  signal: AbortSignal;
  onOutput: (text: string) => void;
  /** Seconds between SIGTERM and SIGKILL when aborted. */
  killAfterSeconds?: number;
  /** The app's uid and gid (no supplementary groups); absent: the platform's own. */
  identity?: AppIdentity | undefined;
  /** How the limits are enforced, and what they are; `id` names the step's cgroup. */
  limiter?: Limiter;
  limits?: ProcessLimits;
  id?: string;
  /**
   * The sandbox and what the step may see: under bubblewrap a step gets no new privileges (a setuid file it
   * made is inert), a private /tmp, and its own pid namespace, so nothing it starts outlives it.
   */
  sandbox?: { sandbox: Sandbox; dirs: SandboxDirs };
  /** The pid registry: the step is recorded there before it runs, so a restart after a crash ends it. */
  registryDir?: string;
}

export interface StepResult {
  /** The exit code, or 128+signal. */
  code: number;
  /** Whether the step was stopped at its memory limit. */
  memoryExceeded: boolean;
}

/** Runs argv under `nice`; resolves with how it ended, never rejects on a non-zero exit. */
export function runStep(argv: readonly string[], options: StepOptions): Promise<StepResult> {
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) return resolve({ code: 130, memoryExceeded: false });
    const limiter = options.limiter ?? noLimits;
    const limits = options.limits ?? { memoryMb: 2048, processes: 1024 };
    const [niced, nicedArgs] = limiter.wrap("nice", ["-n", "10", "--", ...argv], limits);
    const [file, args] = options.sandbox
      ? options.sandbox.sandbox.argv([niced, ...nicedArgs], options.sandbox.dirs)
      : [niced, nicedArgs];
    const id = options.id ?? `build-${randomUUID()}`;
    const intent: ProcessRecord = { kind: "build", id, cgroup: id };
    if (options.registryDir) record(options.registryDir, intent);
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      ...options.identity,
    });
    if (options.registryDir && child.pid) recordSpawned(options.registryDir, intent, child.pid);
    let enforcement: Promise<Enforcement | undefined> = Promise.resolve(undefined);
    child.once("spawn", () => {
      const pid = child.pid as number;
      enforcement = limiter.enforce(id, pid, limits).catch((err: unknown) => {
        // Never run a build step without its limits.
        options.onOutput(
          `could not apply the build limits (${err instanceof Error ? err.message : String(err)})\n`,
        );
        kill("SIGKILL");
        return undefined;
      });
    });
    const decoder = (chunk: Buffer) => options.onOutput(chunk.toString("utf8"));
    child.stdout.on("data", decoder);
    child.stderr.on("data", decoder);
    let killTimer: NodeJS.Timeout | undefined;
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-(child.pid as number), signal);
        return true;
      } catch {
        return false;
      }
    };
    const abort = () => {
      if (child.pid === undefined || !kill("SIGTERM")) return;
      killTimer = setTimeout(() => kill("SIGKILL"), (options.killAfterSeconds ?? 5) * 1000);
      killTimer.unref();
    };
    options.signal.addEventListener("abort", abort, { once: true });
    child.on("error", (err) => {
      options.signal.removeEventListener("abort", abort);
      if (options.registryDir) void forget(options.registryDir, id);
      reject(err);
    });
    // Once the step itself has exited, whatever it left behind ends with it: its group (under bubblewrap that
    // is the sandbox's pid namespace, daemons included), then anything else in its cgroup. A leftover that
    // still holds the output pipes is not waited for.
    let finished: Promise<boolean> | undefined;
    const finish = () =>
      (finished ??= (async () => {
        kill("SIGKILL");
        const limited = await enforcement;
        const memoryExceeded = (await limited?.exceeded()) ?? false;
        await limited?.release();
        if (options.registryDir) await forget(options.registryDir, id);
        return memoryExceeded;
      })());
    child.once("exit", () => {
      void finish();
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, 2000).unref();
    });
    child.on("close", (code, signal) => {
      options.signal.removeEventListener("abort", abort);
      if (killTimer) clearTimeout(killTimer);
      void finish().then((memoryExceeded) =>
        resolve({ code: code ?? 128 + (signal ? signalNumber(signal) : 0), memoryExceeded }),
      );
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0;
}
