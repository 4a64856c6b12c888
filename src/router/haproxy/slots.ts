// Which server slot of its app's HAProxy backend each web process holds. Backends are made with spare slots
// (disabled servers), so a process that comes or goes is one runtime API call; only an app that is new, or
// has outgrown its slots, needs a new config (a hitless reload).
import type { RouteBackend, RouteTable } from "../../shared/route-table.js";
import type { BackendSlots } from "./config.js";

/** Slots a backend gets at least, and per process it has when it is laid out. */
// Generous, so that a rollout (new processes up while the old ones drain), even one right after another, fits
// without a reload: a disabled server costs HAProxy a few hundred bytes.
const MIN_SLOTS = 8;
const SLOTS_PER_PROCESS = 3;

interface Slot {
  /** The process instance id (RouteBackend.id). */
  id: string;
  port: number;
  /** Its process name (`web.1`), for the access lines. */
  process: string;
}

/** A slot to point at a process and enable, or to disable. */
export interface SlotChange {
  appId: string;
  slot: number;
  id: string;
  port: number;
}

/** Each app's backends in the table (an app has several hosts, all with the same route). */
function wanted(table: RouteTable): Map<string, Map<string, RouteBackend>> {
  const apps = new Map<string, Map<string, RouteBackend>>();
  for (const route of Object.values(table.hosts)) {
    if (apps.has(route.appId)) continue;
    apps.set(route.appId, new Map(route.backends.map((b) => [b.id, b])));
  }
  return apps;
}

export class Slots {
  readonly #apps = new Map<string, (Slot | undefined)[]>();
  /** Processes taken out of their slot, remembered until drained (or the slot is needed), for drain(). */
  readonly #retired = new Map<string, { appId: string; slot: number; process: string }>();

  /** The backends as the config lays them out. */
  layout(): BackendSlots[] {
    return [...this.#apps].map(([appId, slots]) => ({ appId, slots: slots.map((s) => s?.port) }));
  }

  /** Whether every app of the table has a backend with room for its processes (no reload needed). */
  fits(table: RouteTable): boolean {
    for (const [appId, backends] of wanted(table)) {
      const slots = this.#apps.get(appId);
      if (!slots) return false;
      const kept = slots.filter((s) => s !== undefined && backends.has(s.id)).length;
      const free = slots.filter((s) => s === undefined).length;
      if (backends.size - kept > free) return false;
    }
    return true;
  }

  /**
   * For a new config: the table's processes in their slots (kept where they were), every app of the table a
   * backend with spare slots. Apps no longer in the table keep theirs (empty) until the next layout.
   */
  layOut(table: RouteTable): void {
    const apps = wanted(table);
    for (const [appId, backends] of apps) {
      const size = Math.max(MIN_SLOTS, backends.size * SLOTS_PER_PROCESS);
      const slots = this.#apps.get(appId) ?? [];
      while (slots.length < size) slots.push(undefined);
      this.#apps.set(appId, slots);
    }
    this.apply(table);
    for (const [appId, slots] of this.#apps)
      if (!apps.has(appId) && slots.every((s) => s === undefined)) this.#apps.delete(appId);
  }

  /**
   * Moves the slots to the table's processes and says what changed: slots to set (a new process, or a new
   * port) and slots to clear. The table must fit (see fits()).
   */
  apply(table: RouteTable): { set: SlotChange[]; clear: SlotChange[] } {
    const set: SlotChange[] = [];
    const clear: SlotChange[] = [];
    const apps = wanted(table);
    for (const [appId, slots] of this.#apps) {
      const backends = apps.get(appId) ?? new Map<string, RouteBackend>();
      slots.forEach((held, slot) => {
        if (!held || backends.get(held.id)?.port === held.port) return;
        clear.push({ appId, slot, id: held.id, port: held.port });
        this.#retired.set(held.id, { appId, slot, process: held.process });
        slots[slot] = undefined;
      });
      const placed = new Set(slots.flatMap((s) => (s ? [s.id] : [])));
      for (const [id, { port, process }] of backends) {
        if (placed.has(id)) continue;
        const slot = this.#freeSlot(appId, slots);
        if (slot === undefined) throw new Error(`no free slot for ${id} in the backend of ${appId}`);
        slots[slot] = { id, port, process };
        this.#retired.delete(id);
        set.push({ appId, slot, id, port });
      }
    }
    // A slot cleared and set again (a process moved to another port) is only set: it must stay enabled.
    const reused = (c: SlotChange) => set.some((s) => s.appId === c.appId && s.slot === c.slot);
    return { set, clear: clear.filter((c) => !reused(c)) };
  }

  /** Where a process is (or was, until drained): its app and slot. */
  find(id: string): { appId: string; slot: number; active: boolean } | undefined {
    for (const [appId, slots] of this.#apps) {
      const slot = slots.findIndex((s) => s?.id === id);
      if (slot !== -1) return { appId, slot, active: true };
    }
    const retired = this.#retired.get(id);
    return retired && { appId: retired.appId, slot: retired.slot, active: false };
  }

  /** The process a slot holds, or last held while it is being drained (its requests' access lines). */
  processAt(appId: string, slot: number): string | undefined {
    const held = this.#apps.get(appId)?.[slot];
    if (held) return held.process;
    for (const r of this.#retired.values()) if (r.appId === appId && r.slot === slot) return r.process;
    return undefined;
  }

  /** A retired process is drained: its slot may be reused without mixing its sessions with a new one's. */
  forget(id: string): void {
    this.#retired.delete(id);
  }

  /** A free slot, preferring one no process being drained has just left. */
  #freeSlot(appId: string, slots: (Slot | undefined)[]): number | undefined {
    const draining = new Set([...this.#retired.values()].filter((r) => r.appId === appId).map((r) => r.slot));
    let fallback: number | undefined;
    for (let slot = 0; slot < slots.length; slot++) {
      if (slots[slot] !== undefined) continue;
      if (!draining.has(slot)) return slot;
      fallback ??= slot;
    }
    if (fallback !== undefined)
      for (const [id, r] of this.#retired)
        if (r.appId === appId && r.slot === fallback) this.#retired.delete(id);
    return fallback;
  }
}
