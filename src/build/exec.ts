// Running one build step: argv only (never a shell string), lower CPU priority, own process group, abortable.
import { spawn } from "node:child_process";

export interface StepOptions {
  cwd: string;
  env: Record<string, string>;
  signal: AbortSignal;
  onOutput: (text: string) => void;
  /** Seconds between SIGTERM and SIGKILL when aborted. */
  killAfterSeconds?: number;
}

/** Runs argv under `nice`; resolves with the exit code (or 128+signal), never rejects on a non-zero exit. */
export function runStep(argv: readonly string[], options: StepOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) return resolve(130);
    const child = spawn("nice", ["-n", "10", "--", ...argv], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const decoder = (chunk: Buffer) => options.onOutput(chunk.toString("utf8"));
    child.stdout.on("data", decoder);
    child.stderr.on("data", decoder);
    let killTimer: NodeJS.Timeout | undefined;
    const kill = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        return;
      }
      killTimer = setTimeout(
        () => {
          try {
            process.kill(-(child.pid as number), "SIGKILL");
          } catch {
            // already gone
          }
        },
        (options.killAfterSeconds ?? 5) * 1000,
      );
      killTimer.unref();
    };
    options.signal.addEventListener("abort", kill, { once: true });
    child.on("error", (err) => {
      options.signal.removeEventListener("abort", kill);
      reject(err);
    });
    child.on("close", (code, signal) => {
      options.signal.removeEventListener("abort", kill);
      if (killTimer) clearTimeout(killTimer);
      resolve(code ?? 128 + (signal ? signalNumber(signal) : 0));
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0;
}
