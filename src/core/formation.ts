// Formation: how many processes of each type the current release runs; scaling writes it, the runtime obeys.
import { now } from "../shared/clock.js";
import { FifteenError } from "../shared/errors.js";
import type { AppRow, Store } from "../store/index.js";
import { toApp } from "./apps.js";
import type { EventBus } from "./events.js";

export interface FormationEntry {
  type: string;
  quantity: number;
  command: string;
}

export const MAX_PROCESSES_PER_TYPE = 100;

export class FormationService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
  ) {}

  /** The formation of the current release's process types. */
  async list(app: AppRow): Promise<FormationEntry[]> {
    const release = await this.store.releases.current(app.id);
    if (!release) return [];
    const types = JSON.parse(release.process_types) as Record<string, string>;
    const quantities = new Map((await this.store.formation.of(app.id)).map((f) => [f.type, f.quantity]));
    return Object.entries(types)
      .filter(([type]) => type !== "release")
      .map(([type, command]) => ({ type, command, quantity: quantities.get(type) ?? 0 }));
  }

  async scale(app: AppRow, changes: Record<string, number>): Promise<FormationEntry[]> {
    const release = await this.store.releases.current(app.id);
    if (!release) {
      throw new FifteenError(
        "NOT_DEPLOYED",
        `App "${app.name}" has no release to scale yet; deploy it first.`,
      );
    }
    const types = JSON.parse(release.process_types) as Record<string, string>;
    const entries = Object.entries(changes);
    if (entries.length === 0)
      throw new FifteenError("FORMATION_INVALID", "Nothing to scale: give TYPE=N, e.g. web=2.");
    for (const [type, quantity] of entries) {
      if (!Object.hasOwn(types, type) || type === "release") {
        const known = Object.keys(types).filter((t) => t !== "release");
        throw new FifteenError(
          "PROCESS_TYPE_UNKNOWN",
          `App "${app.name}" has no process type "${type}" in release v${release.version}; its types are: ${known.join(", ")}.`,
        );
      }
      if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_PROCESSES_PER_TYPE) {
        throw new FifteenError(
          "FORMATION_INVALID",
          `${type}=${quantity} is invalid: use a whole number from 0 to 100.`,
        );
      }
    }
    await this.store.transaction(async (tx) => {
      for (const [type, quantity] of entries) await tx.formation.set(app.id, type, quantity, now());
    });
    this.events.emit("formation.changed", { app: toApp(app), changes });
    return this.list(app);
  }
}
