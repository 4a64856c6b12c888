// Formation: how many processes of each type the current release runs and how much memory and disk each may
// use; ps:scale and ps:resize write it, the runtime obeys.
import { now } from "../shared/clock.js";
import { FifteenError } from "../shared/errors.js";
import { formatMemory, MAX_MEMORY_MB, MIN_MEMORY_MB, parseMemorySize } from "../shared/sizes.js";
import type { Store } from "../store/index.js";
import type { EventBus } from "./events.js";
import type { App } from "./types.js";

export interface FormationEntry {
  type: string;
  quantity: number;
  command: string;
  /** Each process's memory limit, as set with ps:resize or the platform default: "512M", "1G". */
  memory: string;
  memoryMb: number;
  /** Each process's disk (home and tmp), as set with ps:resize --disk or the platform default: "1G". */
  disk: string;
  diskMb: number;
}

/** One type's new sizes: its memory ("512M"), its disk, or both. */
export type SizeChange = string | { memory?: string | undefined; disk?: string | undefined };

export const MAX_PROCESSES_PER_TYPE = 100;
/** The memory limit of a process type nobody resized, unless FIFTEEN_DEFAULT_MEMORY says otherwise. */
export const DEFAULT_MEMORY_MB = 512;
/** The disk of a process type nobody resized, unless FIFTEEN_DISK_LIMIT says otherwise. */
export const DEFAULT_DISK_MB = 1024;
/** Where app uids start, unless FIFTEEN_APP_UID_BASE says otherwise (above login users, below subuid ranges). */
export const DEFAULT_APP_UID_BASE = 70000;

export class FormationService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly defaultMemoryMb: number = DEFAULT_MEMORY_MB,
    private readonly defaultDiskMb: number = DEFAULT_DISK_MB,
  ) {}

  /** The memory limit (MiB) of a type nobody resized. */
  get defaultMemory(): number {
    return this.defaultMemoryMb;
  }

  /** The formation of the current release's process types. */
  async list(app: App): Promise<FormationEntry[]> {
    const release = await this.store.releases.current(app.id);
    if (!release) return [];
    const types = JSON.parse(release.process_types) as Record<string, string>;
    const quantities = new Map((await this.store.formation.of(app.id)).map((f) => [f.type, f.quantity]));
    const sizes = new Map((await this.store.formation.sizes(app.id)).map((s) => [s.type, s.memory_mb]));
    const disks = new Map((await this.store.formation.disks(app.id)).map((d) => [d.type, d.disk_mb]));
    return Object.entries(types)
      .filter(([type]) => type !== "release")
      .map(([type, command]) => {
        const memoryMb = sizes.get(type) ?? this.defaultMemoryMb;
        const diskMb = disks.get(type) ?? this.defaultDiskMb;
        return {
          type,
          command,
          quantity: quantities.get(type) ?? 0,
          memory: formatMemory(memoryMb),
          memoryMb,
          disk: formatMemory(diskMb),
          diskMb,
        };
      });
  }

  /** The live release's process types; refuses a type it does not have, or an empty change. */
  async #checkTypes(app: App, changed: string[], example: string): Promise<void> {
    const release = await this.store.releases.current(app.id);
    if (!release) {
      throw new FifteenError(
        "NOT_DEPLOYED",
        `App "${app.name}" has no release to scale yet; deploy it first.`,
      );
    }
    const types = JSON.parse(release.process_types) as Record<string, string>;
    if (changed.length === 0)
      throw new FifteenError("FORMATION_INVALID", `Nothing to change: give ${example}.`);
    for (const type of changed) {
      if (!Object.hasOwn(types, type) || type === "release") {
        const known = Object.keys(types).filter((t) => t !== "release");
        throw new FifteenError(
          "PROCESS_TYPE_UNKNOWN",
          `App "${app.name}" has no process type "${type}" in release v${release.version}; its types are: ${known.join(", ")}.`,
        );
      }
    }
  }

  async scale(app: App, changes: Record<string, number>): Promise<FormationEntry[]> {
    const entries = Object.entries(changes);
    await this.#checkTypes(app, Object.keys(changes), "TYPE=N, e.g. web=2");
    for (const [type, quantity] of entries) {
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
    this.events.emit("formation.changed", { app, changes });
    return this.list(app);
  }

  /**
   * Before a release goes out: stores sizes ({ web: 256 } MiB) its processes start with, without restarting
   * the live ones (the rollout replaces them). fifteen.json's formation sizes come this way.
   */
  async presize(app: App, sizes: Record<string, number>): Promise<void> {
    await this.store.transaction(async (tx) => {
      for (const [type, mb] of Object.entries(sizes)) await tx.formation.setSize(app.id, type, mb, now());
    });
  }

  /**
   * Sets the memory limit and/or disk of process types ({ web: "512M", worker: { memory: "1G", disk: "4G" } });
   * their processes restart with them.
   */
  async resize(app: App, changes: Record<string, SizeChange>): Promise<FormationEntry[]> {
    await this.#checkTypes(app, Object.keys(changes), "TYPE=SIZE, e.g. web=512M");
    const sizes: Record<string, number> = {};
    const disks: Record<string, number> = {};
    for (const [type, change] of Object.entries(changes)) {
      const { memory, disk } = typeof change === "string" ? { memory: change, disk: undefined } : change;
      if (memory === undefined && disk === undefined)
        throw new FifteenError(
          "FORMATION_SIZE_INVALID",
          `Nothing to change for ${type}: give a memory size or a disk size.`,
        );
      if (memory !== undefined) sizes[type] = size(type, memory, "memory");
      if (disk !== undefined) disks[type] = size(type, disk, "disk");
    }
    await this.store.transaction(async (tx) => {
      for (const [type, mb] of Object.entries(sizes)) await tx.formation.setSize(app.id, type, mb, now());
      for (const [type, mb] of Object.entries(disks)) await tx.formation.setDisk(app.id, type, mb, now());
    });
    this.events.emit("formation.resized", { app, sizes, disks });
    return this.list(app);
  }
}

/** MiB in a size as people type it ("512M", "2G"), or FORMATION_SIZE_INVALID naming the type and the range. */
function size(type: string, text: string, what: "memory" | "disk"): number {
  const mb = parseMemorySize(text);
  if (mb === undefined) {
    const example = what === "memory" ? `${type}=512M or ${type}=1G` : `--disk 2G`;
    throw new FifteenError(
      "FORMATION_SIZE_INVALID",
      `${what === "memory" ? `${type}=${text}` : `${type}'s disk ${text}`} is not a ${what} size: use a whole number of M or G from ${MIN_MEMORY_MB}M to ${MAX_MEMORY_MB / 1024}G, e.g. ${example}.`,
    );
  }
  return mb;
}
