// What a running HAProxy serves, changed live through its runtime API: each app's servers set, enabled,
// drained or put in maintenance, and the host map entry by entry. A table that does not fit the servers the
// config has (a new app, more processes) needs a new config instead: `fits` says so, the plane reloads.
import type { Logger } from "pino";
import type { RouteTable } from "../../shared/route-table.js";
import { backendName, mapEntries, mapFile, serverName } from "./config.js";
import { writeAtomic } from "./process.js";
import type { RuntimeApi } from "./runtime-api.js";
import { Slots, type SlotChange } from "./slots.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class LiveTable {
  readonly slots = new Slots();
  /** The map entries HAProxy holds now. */
  #entries = new Map<string, string>();

  constructor(
    private readonly api: RuntimeApi,
    /** hosts.map: rewritten with every change, for the next reload or restart. */
    private readonly mapPath: string,
    private readonly log: Logger,
  ) {}

  /** Whether the table can be applied live (every app has a backend with enough servers). */
  fits(table: RouteTable): boolean {
    return this.slots.fits(table);
  }

  /**
   * Lays the table out for a new config (`withTable` false: before any table, every request gets 503
   * `starting`); returns the map file's text that config loads.
   */
  layOut(table: RouteTable, withTable: boolean): string {
    this.slots.layOut(table);
    this.#entries = withTable ? mapEntries(table) : new Map<string, string>();
    return mapFile(this.#entries);
  }

  /** Applies a table that fits: new servers first, then the map, then the servers no longer used. */
  async apply(table: RouteTable): Promise<void> {
    const { set, clear } = this.slots.apply(table);
    for (const change of set) await this.#enable(change);
    await this.#pushMap(mapEntries(table));
    for (const change of clear)
      await this.api.setServerState(backendName(change.appId), serverName(change.slot), "maint");
  }

  /** Takes the processes out of rotation and resolves once their sessions are done (or the timeout passes). */
  async drain(backendIds: string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const places = backendIds.flatMap((id) => {
      const place = this.slots.find(id);
      return place
        ? [{ id, backend: backendName(place.appId), server: serverName(place.slot), ...place }]
        : [];
    });
    for (const p of places)
      if (p.active)
        await this.api.setServerState(p.backend, p.server, "drain").catch((err: unknown) => {
          this.log.warn({ err, backend: p.id }, "could not drain a server");
        });
    let waiting = places;
    while (waiting.length > 0 && Date.now() < deadline) {
      const stats = await this.api.serverStats().catch(() => []);
      const busy = new Set(stats.filter((s) => s.sessions > 0).map((s) => `${s.backend}/${s.server}`));
      for (const p of waiting) if (!busy.has(`${p.backend}/${p.server}`)) this.slots.forget(p.id);
      waiting = waiting.filter((p) => busy.has(`${p.backend}/${p.server}`));
      if (waiting.length > 0) await sleep(50);
    }
  }

  async #enable({ appId, slot, port }: SlotChange): Promise<void> {
    const backend = backendName(appId);
    await this.api.setServerAddress(backend, serverName(slot), port);
    await this.api.setServerState(backend, serverName(slot), "ready");
  }

  /** Changes HAProxy's map to `next` entry by entry, and the map file with it. */
  async #pushMap(next: Map<string, string>): Promise<void> {
    for (const [key, value] of next) {
      const held = this.#entries.get(key);
      if (held === undefined) await this.api.addMap(this.mapPath, key, value);
      else if (held !== value) await this.api.setMap(this.mapPath, key, value);
      this.#entries.set(key, value);
    }
    for (const key of [...this.#entries.keys()])
      if (!next.has(key)) {
        await this.api.delMap(this.mapPath, key);
        this.#entries.delete(key);
      }
    await writeAtomic(this.mapPath, mapFile(next));
  }
}
