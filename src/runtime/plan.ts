// Planning is pure: from desired state (release + formation) and what runs, decide what to start and stop.
import type { AppRuntimeState } from "../core/index.js";
import type { ProcessStatus } from "./driver.js";

export interface DesiredApp {
  release: number;
  /** Process type → command and how many should run. */
  types: Record<string, { command: string; quantity: number }>;
}

export interface Plan {
  start: Array<{ type: string; index: number }>;
  stop: string[];
}

/**
 * Keeps one process per (type, index) of the desired release up to its quantity; starts the missing ones;
 * stops everything else (other releases, removed types, indexes above the quantity, duplicates).
 * `desired` undefined means the app should run nothing. One-offs are not the formation's: they are left alone.
 */
export function plan(desired: DesiredApp | undefined, all: readonly ProcessStatus[]): Plan {
  const actual = all.filter((p) => !p.oneOff);
  const keep = new Set<string>();
  const filled = new Set<string>();
  for (const p of actual) {
    if (p.state === "stopping" || !desired || p.release !== desired.release) continue;
    const want = desired.types[p.type];
    const slot = `${p.type}.${p.index}`;
    if (want && p.index >= 1 && p.index <= want.quantity && !filled.has(slot)) {
      keep.add(p.id);
      filled.add(slot);
    }
  }
  const start: Plan["start"] = [];
  for (const [type, { quantity }] of Object.entries(desired?.types ?? {})) {
    for (let index = 1; index <= quantity; index++) {
      if (!filled.has(`${type}.${index}`)) start.push({ type, index });
    }
  }
  const stop = actual.filter((p) => p.state !== "stopping" && !keep.has(p.id)).map((p) => p.id);
  return { start, stop };
}

/** The formation an app's live release and quantities ask for; none without a live release. */
export function desiredOf(state: AppRuntimeState | undefined): DesiredApp | undefined {
  if (!state?.release) return undefined;
  const types: DesiredApp["types"] = {};
  for (const [type, command] of Object.entries(state.release.processTypes)) {
    if (type === "release") continue;
    types[type] = { command, quantity: state.formation[type] ?? 0 };
  }
  return { release: state.release.version, types };
}
