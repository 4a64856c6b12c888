// The metric history `fifteen metrics` reads: per app, 10-second buckets kept for a day and 5-minute buckets
// kept for 30 days, each with request and 5xx counts, a latency histogram and the memory of each process.
import type { Statement } from "better-sqlite3";
import type { TelemetryDb } from "./db.js";

/** Upper bounds (ms) of the latency histogram; one more slot counts everything slower. */
export const LATENCY_BOUNDS_MS = [
  1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500,
  10_000, 15_000, 30_000, 60_000,
];

export const FINE = 10;
export const COARSE = 300;
const KEEP_MS: Record<number, number> = { [FINE]: 86_400_000, [COARSE]: 30 * 86_400_000 };

export interface Bucket {
  requests: number;
  errors: number;
  latency: number[];
  /** Resident bytes per process (the largest reading in the bucket). */
  memory: Record<string, number>;
  /** Open WebSockets per process (the most in the bucket); absent in buckets written before it existed. */
  websockets?: Record<string, number>;
}

export interface Point {
  time: string;
  requests: number;
  rps: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  errorRate: number | null;
  memory: Record<string, number>;
  websockets: Record<string, number>;
}

export interface Series {
  resolution: number;
  points: Point[];
  summary: Omit<Point, "time" | "memory" | "websockets">;
}

function empty(): Bucket {
  return {
    requests: 0,
    errors: 0,
    latency: new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0),
    memory: {},
    websockets: {},
  };
}

function merge(into: Bucket, from: Bucket): void {
  into.requests += from.requests;
  into.errors += from.errors;
  from.latency.forEach((n, i) => (into.latency[i] = (into.latency[i] ?? 0) + n));
  for (const [name, bytes] of Object.entries(from.memory))
    into.memory[name] = Math.max(into.memory[name] ?? 0, bytes);
  const sockets = (into.websockets ??= {});
  for (const [name, open] of Object.entries(from.websockets ?? {}))
    sockets[name] = Math.max(sockets[name] ?? 0, open);
}

/** The q-quantile in ms, interpolated within its histogram bucket; null without requests. */
export function quantile(latency: readonly number[], q: number): number | null {
  const total = latency.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < latency.length; i++) {
    const n = latency[i] ?? 0;
    if (n > 0 && seen + n >= rank) {
      const low = i === 0 ? 0 : (LATENCY_BOUNDS_MS[i - 1] ?? 0);
      const high = LATENCY_BOUNDS_MS[i] ?? low * 2;
      return Math.round((low + ((rank - seen) / n) * (high - low)) * 10) / 10;
    }
    seen += n;
  }
  return LATENCY_BOUNDS_MS.at(-1) ?? null;
}

function point(start: number, resolution: number, b: Bucket): Point {
  return {
    time: new Date(start).toISOString(),
    ...stats(b, resolution),
    memory: b.memory,
    websockets: b.websockets ?? {},
  };
}

function stats(b: Bucket, seconds: number): Omit<Point, "time" | "memory" | "websockets"> {
  return {
    requests: b.requests,
    rps: Math.round((b.requests / seconds) * 1000) / 1000,
    p50: quantile(b.latency, 0.5),
    p95: quantile(b.latency, 0.95),
    p99: quantile(b.latency, 0.99),
    errorRate: b.requests === 0 ? null : Math.round((b.errors / b.requests) * 10_000) / 10_000,
  };
}

export class Rollups {
  readonly #db: TelemetryDb;
  readonly #now: () => number;
  /** Open 10-second buckets: app id → bucket start → bucket. */
  readonly #open = new Map<string, Map<number, Bucket>>();
  readonly #read: Statement;
  readonly #write: Statement;
  readonly #select: Statement;
  readonly #expire: Statement;

  constructor(db: TelemetryDb, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
    this.#read = db.prepare(
      "SELECT data FROM metric_rollups WHERE app_id = ? AND resolution = ? AND start = ?",
    );
    this.#write = db.prepare(
      "INSERT OR REPLACE INTO metric_rollups (app_id, resolution, start, data) VALUES (?, ?, ?, ?)",
    );
    this.#expire = db.prepare("DELETE FROM metric_rollups WHERE resolution = ? AND start < ?");
    this.#select = db.prepare(
      "SELECT start, data FROM metric_rollups WHERE app_id = ? AND resolution = ? AND start >= ? ORDER BY start",
    );
  }

  request(appId: string, status: number, durationMs: number): void {
    const b = this.#bucket(appId);
    b.requests += 1;
    if (status >= 500) b.errors += 1;
    let i = LATENCY_BOUNDS_MS.findIndex((bound) => durationMs <= bound);
    if (i < 0) i = LATENCY_BOUNDS_MS.length;
    b.latency[i] = (b.latency[i] ?? 0) + 1;
  }

  memory(appId: string, process: string, bytes: number): void {
    const b = this.#bucket(appId);
    b.memory[process] = Math.max(b.memory[process] ?? 0, bytes);
  }

  websockets(appId: string, process: string, open: number): void {
    const b = this.#bucket(appId);
    const sockets = (b.websockets ??= {});
    sockets[process] = Math.max(sockets[process] ?? 0, open);
  }

  /** Writes closed buckets (all of them with `all`, at shutdown) and drops what is past its keep time. */
  flush(all = false): void {
    const current = this.#start(FINE);
    this.#db.transaction(() => {
      for (const [appId, buckets] of this.#open) {
        for (const [start, bucket] of buckets) {
          if (start >= current && !all) continue;
          this.#add(appId, FINE, start, bucket);
          this.#add(appId, COARSE, start - (start % (COARSE * 1000)), bucket);
          buckets.delete(start);
        }
        if (buckets.size === 0) this.#open.delete(appId);
      }
      for (const [resolution, keep] of Object.entries(KEEP_MS))
        this.#expire.run(Number(resolution), this.#now() - keep);
    })();
  }

  /** Buckets since `since` (epoch ms): 10-second ones for the last day, 5-minute ones beyond. */
  series(appId: string, since: number): Series {
    const resolution = this.#now() - since <= KEEP_MS[FINE]! ? FINE : COARSE;
    const buckets = new Map<number, Bucket>();
    for (const row of this.#select.all(appId, resolution, since - resolution * 1000) as {
      start: number;
      data: string;
    }[]) {
      if (row.start + resolution * 1000 > since) buckets.set(row.start, JSON.parse(row.data) as Bucket);
    }
    for (const [start, open] of this.#open.get(appId) ?? []) {
      if (start < since) continue;
      const key = start - (start % (resolution * 1000));
      const b = buckets.get(key) ?? empty();
      merge(b, open);
      buckets.set(key, b);
    }
    const starts = [...buckets.keys()].sort((a, b) => a - b);
    const total = empty();
    for (const start of starts) merge(total, buckets.get(start)!);
    const seconds = Math.max(resolution, (this.#now() - since) / 1000);
    return {
      resolution,
      points: starts.map((start) => point(start, resolution, buckets.get(start)!)),
      summary: stats(total, seconds),
    };
  }

  forget(appId: string): void {
    this.#open.delete(appId);
    this.#db.prepare("DELETE FROM metric_rollups WHERE app_id = ?").run(appId);
  }

  #start(resolution: number): number {
    const now = this.#now();
    return now - (now % (resolution * 1000));
  }

  #bucket(appId: string): Bucket {
    let buckets = this.#open.get(appId);
    if (!buckets) {
      buckets = new Map();
      this.#open.set(appId, buckets);
    }
    const start = this.#start(FINE);
    let b = buckets.get(start);
    if (!b) {
      b = empty();
      buckets.set(start, b);
    }
    return b;
  }

  #add(appId: string, resolution: number, start: number, bucket: Bucket): void {
    const row = this.#read.get(appId, resolution, start) as { data: string } | undefined;
    const stored = row ? (JSON.parse(row.data) as Bucket) : empty();
    merge(stored, bucket);
    this.#write.run(appId, resolution, start, JSON.stringify(stored));
  }
}
