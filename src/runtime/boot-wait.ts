// Waiting for new processes to come up (or fail their boot), as deploys, resizes and restarts do.
import type { ProcessStatus, RuntimeDriver } from "./driver.js";

/** Why a release did not go live, and the last lines of the process that shows it (if one printed any). */
export interface BootFailure {
  reason: string;
  output?: string[] | undefined;
}

/**
 * Resolves with why if any of the processes fails its boot (and what it printed), or undefined once all are up.
 * `processes` lists (at least) the ones with these ids, fresh at each driver change.
 */
export function waitUp(
  driver: Pick<RuntimeDriver, "onChange">,
  processes: () => readonly ProcessStatus[],
  ids: readonly string[],
  bootTimeoutSeconds: number,
): Promise<BootFailure | undefined> {
  const ours = () => processes().filter((p) => ids.includes(p.id));
  return new Promise((resolve) => {
    const check = () => {
      const procs = ours();
      // The boot timeout counts from the spawn: not while a process waits for a start slot or unpacks.
      if (procs.some((p) => p.state === "starting" && p.pid === null)) arm();
      const failed = procs.find((p) => p.bootFailure !== null || p.state === "crashed");
      if (failed)
        return finish({
          reason: failed.bootFailure ?? `${failed.name} crashed during boot (${failed.lastExit})`,
          output: failed.bootOutput ?? undefined,
        });
      if (procs.length === ids.length && procs.every((p) => p.state === "up")) return finish(undefined);
      if (procs.length < ids.length) return finish({ reason: "a new process was stopped before it came up" });
    };
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => {
          const late = ours().filter((p) => p.state !== "up");
          const named = late.map((p) => `${p.name} did not bind $PORT (${p.port ?? "not assigned yet"})`);
          finish({
            reason: `${named.length > 0 ? named.join(", ") : "web processes were not up"} within ${bootTimeoutSeconds} s`,
          });
        },
        (bootTimeoutSeconds + 5) * 1000,
      );
    };
    arm();
    const off = driver.onChange(check);
    const finish = (failure: BootFailure | undefined) => {
      clearTimeout(timer);
      off();
      resolve(failure);
    };
    check();
  });
}
