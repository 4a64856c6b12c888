// Log drains: URLs an app's log stream is also delivered to. Only reachable, public endpoints are accepted
// (the egress guard), and the URL is sealed at rest because drains often carry credentials.
import { randomBytes } from "node:crypto";
import { now } from "../shared/clock.js";
import { FifteenError } from "../shared/errors.js";
import type { DrainProgress, DrainRow, Store } from "../store/index.js";
import type { EventBus } from "./events.js";
import type { EgressCheck } from "./ports.js";
import type { Sealer } from "./secrets.js";
import type { App } from "./types.js";

export const DRAIN_SCHEMES = ["https:", "http:", "syslog:", "syslog+tls:"] as const;
const MAX_DRAINS_PER_APP = 10;

export interface Drain {
  id: string;
  url: string;
  createdAt: string;
  delivered: number;
  dropped: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastDeliveredAt: string | null;
}

/** A drain with its real URL, for the delivery runtime only. */
export interface DrainTarget {
  id: string;
  appId: string;
  url: string;
  progress: DrainProgress;
}

/** The URL with its credentials and query values masked: safe to list and to log. */
export function maskUrl(url: URL): string {
  const masked = new URL(url.href);
  // A token often travels as the user name (https://TOKEN@host/), so that is masked too.
  if (masked.username) masked.username = "***";
  if (masked.password) masked.password = "***";
  for (const key of [...masked.searchParams.keys()]) masked.searchParams.set(key, "***");
  return masked.href.replace(/%2A%2A%2A/g, "***");
}

function toDrain(row: DrainRow): Drain {
  return {
    id: row.id,
    url: row.display_url,
    createdAt: row.created_at,
    delivered: row.delivered,
    dropped: row.dropped,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    lastDeliveredAt: row.last_delivered_at,
  };
}

export class DrainService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly sealer: Sealer,
    private readonly egress: EgressCheck,
  ) {}

  async list(app: App): Promise<Drain[]> {
    return (await this.store.drains.of(app.id)).map(toDrain);
  }

  async add(app: App, raw: string): Promise<Drain> {
    const url = await this.egress.checkUrl(raw.trim(), DRAIN_SCHEMES);
    const existing = await this.store.drains.of(app.id);
    if (existing.length >= MAX_DRAINS_PER_APP) {
      throw new FifteenError(
        "DRAIN_LIMIT",
        `App "${app.name}" already has ${MAX_DRAINS_PER_APP} drains; remove one with \`fifteen drains:remove ID\`.`,
      );
    }
    if (existing.some((d) => this.sealer.open(d.url) === url.href)) {
      throw new FifteenError("DRAIN_EXISTS", `App "${app.name}" already drains to ${maskUrl(url)}.`);
    }
    const row: DrainRow = {
      id: `d_${randomBytes(6).toString("hex")}`,
      app_id: app.id,
      url: this.sealer.seal(url.href),
      display_url: maskUrl(url),
      created_at: now(),
      delivered: 0,
      dropped: 0,
      last_error: null,
      last_error_at: null,
      last_delivered_at: null,
    };
    await this.store.drains.insert(row);
    this.events.emit("drains.changed", { app });
    return toDrain(row);
  }

  async remove(app: App, id: string): Promise<void> {
    if (!(await this.store.drains.delete(app.id, id))) {
      throw new FifteenError(
        "DRAIN_NOT_FOUND",
        `App "${app.name}" has no drain ${id}; see \`fifteen drains\`.`,
      );
    }
    this.events.emit("drains.changed", { app });
  }

  /** Every drain (or one app's) with its unsealed URL, for delivery. */
  async targets(appId?: string): Promise<DrainTarget[]> {
    const rows = appId ? await this.store.drains.of(appId) : await this.store.drains.all();
    return rows.map((row) => ({
      id: row.id,
      appId: row.app_id,
      url: this.sealer.open(row.url),
      progress: {
        delivered: row.delivered,
        dropped: row.dropped,
        last_error: row.last_error,
        last_error_at: row.last_error_at,
        last_delivered_at: row.last_delivered_at,
      },
    }));
  }

  async saveProgress(id: string, progress: DrainProgress): Promise<void> {
    await this.store.drains.progress(id, progress);
  }
}
