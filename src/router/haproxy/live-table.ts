// What a running HAProxy serves, changed live through its runtime API: each app's servers set, enabled,
// drained or put in maintenance, and the host map entry by entry. A table that does not fit the servers the
// config has (a new app, more processes) needs a new config instead: `fits` says so, the plane reloads.
import type { Logger } from "pino";
import type { RouteTable } from "../../shared/route-table.js";
import type { AffinityCookies } from "../affinity.js";
import { affinityEntries } from "./affinity-maps.js";
import { mapEntries, mapFile } from "./config.js";
import { backendName, serverName } from "./names.js";
import { writeAtomic } from "./process.js";
import type { RuntimeApi } from "./runtime-api.js";
import { Slots, type SlotChange } from "./slots.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One of HAProxy's maps: the entries it holds now, changed entry by entry, and its file with them. */
class LiveMap {
  entries = new Map<string, string>();

  constructor(
    private readonly api: RuntimeApi,
    /** Rewritten with every change, for the next reload or restart. */
    readonly path: string,
  ) {}

  /** The file's text for a new config, whose HAProxy will hold exactly these entries. */
  layOut(next: Map<string, string>): string {
    this.entries = next;
    return mapFile(next);
  }

  async push(next: Map<string, string>): Promise<void> {
    // Unchanged (most tables, and every one for apps without affinity): no call, no file written.
    if (next.size === this.entries.size && [...next].every(([key, value]) => this.entries.get(key) === value))
      return;
    for (const [key, value] of next) {
      const held = this.entries.get(key);
      if (held === undefined) await this.api.addMap(this.path, key, value);
      else if (held !== value) await this.api.setMap(this.path, key, value);
      this.entries.set(key, value);
    }
    for (const key of [...this.entries.keys()])
      if (!next.has(key)) {
        await this.api.delMap(this.path, key);
        this.entries.delete(key);
      }
    await writeAtomic(this.path, mapFile(next));
  }
}

export interface LiveTablePaths {
  /** hosts.map */
  hosts: string;
  /** The session affinity maps (affinity-maps.ts). */
  affinity: string;
  affinityServers: string;
}

export class LiveTable {
  readonly slots = new Slots();
  readonly #hosts: LiveMap;
  readonly #byCookie: LiveMap;
  readonly #byServer: LiveMap;
  /** The affinity cookies' signer, once the plane has loaded its key. */
  cookies: AffinityCookies | undefined;

  constructor(
    private readonly api: RuntimeApi,
    paths: LiveTablePaths,
    private readonly log: Logger,
  ) {
    this.#hosts = new LiveMap(api, paths.hosts);
    this.#byCookie = new LiveMap(api, paths.affinity);
    this.#byServer = new LiveMap(api, paths.affinityServers);
  }

  /** Whether the table can be applied live (every app has a backend with enough servers). */
  fits(table: RouteTable): boolean {
    return this.slots.fits(table);
  }

  /**
   * Lays the table out for a new config (`withTable` false: before any table, every request gets 503
   * `starting`); returns the map file's text that config loads.
   */
  layOut(
    table: RouteTable,
    withTable: boolean,
  ): { hosts: string; affinity: string; affinityServers: string } {
    this.slots.layOut(table);
    const affinity = affinityEntries(withTable ? table : { version: 0, hosts: {} }, this.slots, this.cookies);
    return {
      hosts: this.#hosts.layOut(withTable ? mapEntries(table) : new Map<string, string>()),
      affinity: this.#byCookie.layOut(affinity.byCookie),
      affinityServers: this.#byServer.layOut(affinity.byServer),
    };
  }

  /** Applies a table that fits: new servers first, then the host map, the servers no longer used, the affinity maps. */
  async apply(table: RouteTable): Promise<void> {
    const { set, clear } = this.slots.apply(table);
    for (const change of set) await this.#enable(change);
    await this.#hosts.push(mapEntries(table));
    for (const change of clear)
      await this.api.setServerState(backendName(change.appId), serverName(change.slot), "maint");
    // Once the processes leaving take no new requests: a cookie naming one is then balanced, and the answer
    // names the process that served it.
    const affinity = affinityEntries(table, this.slots, this.cookies);
    await this.#byServer.push(affinity.byServer);
    await this.#byCookie.push(affinity.byCookie);
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
}
