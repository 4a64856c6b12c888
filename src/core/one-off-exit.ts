// How a one-off's end is said: in cron outcomes, ps:exec, release-phase failures and a deploy's postdeploy.
import type { OneOffExit } from "./ports.js";

export function describeExit(exit: OneOffExit): string {
  if (exit.endedBy === "timeout") return "stopped at its time limit";
  if (exit.endedBy === "memory") return "stopped at its memory limit";
  if (exit.endedBy === "shutdown") return "interrupted: the platform stopped";
  const how = exit.signal ?? `exit ${exit.code}${exit.notFound ? ` (${exit.notFound})` : ""}`;
  return exit.endedBy === null ? how : `${how} (${exit.endedBy === "stopped" ? "ps:stop" : "client gone"})`;
}
