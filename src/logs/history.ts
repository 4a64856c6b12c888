// Durable, bounded log history per app: lines are appended in batches to the telemetry database and the oldest
// go first once an app passes its line limit or the age limit. Survives restarts and redeploys. Trimming costs
// what was written, never what is kept: each app's line count is stored beside its lines, and the oldest lines go
// by a range delete from the start of the app's index range.
import type { Statement } from "better-sqlite3";
import type { LogLine, LogSource } from "../core/index.js";
import type { TelemetryDb } from "../telemetry/db.js";

export interface HistoryLine extends LogLine {
  appId: string;
  /** `time` as epoch milliseconds. */
  at: number;
}

export interface HistoryQuery {
  lines: number;
  source?: LogSource | undefined;
  process?: string | undefined;
  /** Epoch milliseconds: only lines at or after this time. */
  since?: number | undefined;
  /** Only lines containing this text (case-sensitive, like `grep -F`). */
  grep?: string | undefined;
}

export interface LogHistoryOptions {
  /** Lines kept per app. */
  lines: number;
  /** Days a line is kept. */
  days: number;
  /** Lines waiting for the next write; past this, new lines are dropped and counted. */
  maxPending?: number;
  /** Told once per failing streak when the database refuses a write (the lines are counted as dropped). */
  failed(err: unknown): void;
  /** Told after each write with how long it took, trimming included. */
  flushed?(seconds: number, lines: number): void;
}

type DropListener = (appId: string, app: string, count: number) => void;

const FLUSH_MS = 100;
const ROWS_PER_INSERT = 100;
/**
 * A busy stream is written every this many lines rather than held for FLUSH_MS: lines held longer outlive the
 * young generation and are promoted, and collecting them then cost more than the extra transactions (measured
 * at 20,000 router lines a second: about a fifth of the control plane's time per line).
 */
const FLUSH_LINES = 500;
const AGE_CHECK_MS = 60_000;
/**
 * Lines a write may trim beyond those it added: what lets an app left over its limit (a lowered limit) come back
 * under it over a few writes, without one write deleting a whole history.
 */
const TRIM_BATCH = 2000;

interface CountRow {
  app_id: string;
  lines: number;
}

interface Row {
  seq: number;
  time: number;
  source: LogSource;
  process: string;
  text: string;
}

export class LogHistory {
  readonly #db: TelemetryDb;
  readonly #options: LogHistoryOptions;
  readonly #insert: Statement;
  readonly #insertMany: Statement;
  readonly #forget: Statement;
  readonly #count: Statement;
  readonly #trim: Statement;
  readonly #saveCount: Statement;
  readonly #forgetCount: Statement;
  #pending: HistoryLine[] = [];
  /** The bound values of one many-row insert, reused by every write (nothing kept between them). */
  readonly #values = new Array<string | number>(ROWS_PER_INSERT * 6).fill(0);
  readonly #dropped = new Map<string, { app: string; count: number }>();
  /** Lines stored per app, as in `log_counts`: an app over its limit is trimmed, one under it is not looked at. */
  readonly #counts = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  readonly #ager: NodeJS.Timeout;
  #onDropped: DropListener = () => undefined;
  #failing = false;
  #lastSeq: number;

  constructor(db: TelemetryDb, options: LogHistoryOptions) {
    this.#db = db;
    this.#options = options;
    this.#insert = db.prepare(
      "INSERT INTO log_lines (seq, app_id, time, source, process, text) VALUES (?, ?, ?, ?, ?, ?)",
    );
    // One statement for many rows: most of an insert's cost is per statement, not per row.
    this.#insertMany = db.prepare(
      `INSERT INTO log_lines (seq, app_id, time, source, process, text) VALUES ${new Array<string>(ROWS_PER_INSERT).fill("(?, ?, ?, ?, ?, ?)").join(", ")}`,
    );
    this.#count = db.prepare("SELECT count(*) AS n FROM log_lines WHERE app_id = ?");
    this.#forget = db.prepare("DELETE FROM log_lines WHERE app_id = ?");
    // The app's oldest N lines: the subquery walks N entries from the start of the app's range in the
    // (app_id, seq) index, so the cost is the lines removed, whatever the limit.
    this.#trim = db.prepare(
      `DELETE FROM log_lines WHERE app_id = ? AND seq < (
         SELECT seq FROM log_lines WHERE app_id = ? ORDER BY seq LIMIT 1 OFFSET ?)`,
    );
    this.#saveCount = db.prepare(
      "INSERT INTO log_counts (app_id, lines) VALUES (?, ?) ON CONFLICT (app_id) DO UPDATE SET lines = excluded.lines",
    );
    this.#forgetCount = db.prepare("DELETE FROM log_counts WHERE app_id = ?");
    for (const row of db.prepare("SELECT app_id, lines FROM log_counts").all() as CountRow[])
      this.#counts.set(row.app_id, row.lines);
    const last = db.prepare("SELECT max(seq) AS seq FROM log_lines").get() as { seq: number | null };
    this.#lastSeq = last.seq ?? 0;
    // The age limit holds on an idle platform too.
    this.#ager = setInterval(() => this.expire(), AGE_CHECK_MS);
    this.#ager.unref();
    this.expire();
  }

  /** The highest sequence number stored before this start: new lines continue after it. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  append(line: HistoryLine): void {
    if (this.#pending.length >= (this.#options.maxPending ?? 200_000)) {
      this.#drop(line);
      return;
    }
    this.#pending.push(line);
    if (this.#pending.length >= FLUSH_LINES) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Writes what is pending in one transaction, then trims apps past their limits. Never throws. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const lines = this.#pending;
    if (lines.length === 0 && this.#dropped.size === 0) return;
    this.#pending = [];
    const started = performance.now();
    // A write the database refuses (disk full, I/O error) loses those lines from the history: counted, not silent.
    if (!this.#guard(() => this.#write(lines))) for (const line of lines) this.#drop(line);
    else this.#options.flushed?.((performance.now() - started) / 1000, lines.length);
    this.#reportDropped();
  }

  #write(lines: HistoryLine[]): void {
    const touched = new Map<string, number>();
    const counts = new Map(this.#counts);
    this.#db.transaction(() => {
      let i = 0;
      const values = this.#values;
      for (; i + ROWS_PER_INSERT <= lines.length; i += ROWS_PER_INSERT) {
        for (let row = 0, v = 0; row < ROWS_PER_INSERT; row++) {
          const l = lines[i + row] as HistoryLine;
          values[v++] = l.seq;
          values[v++] = l.appId;
          values[v++] = l.at;
          values[v++] = l.source;
          values[v++] = l.process;
          values[v++] = l.text;
        }
        this.#insertMany.run(values);
      }
      values.fill(0);
      for (; i < lines.length; i++) {
        const l = lines[i] as HistoryLine;
        this.#insert.run(l.seq, l.appId, l.at, l.source, l.process, l.text);
      }
      for (const l of lines) touched.set(l.appId, (touched.get(l.appId) ?? 0) + 1);
      for (const [appId, added] of touched) counts.set(appId, (counts.get(appId) ?? 0) + added);
      let budget = lines.length + TRIM_BATCH;
      for (const [appId, stored] of counts) {
        const excess = Math.min(stored - this.#options.lines, budget);
        if (excess <= 0) continue;
        const removed = this.#trim.run(appId, appId, excess).changes;
        budget -= removed;
        // A count that disagrees with the table (a file edited by hand) is corrected rather than trusted.
        counts.set(appId, removed === excess ? stored - removed : this.#countOf(appId));
        touched.set(appId, 0);
      }
      for (const appId of touched.keys()) this.#saveCount.run(appId, counts.get(appId) ?? 0);
    })();
    // Only a committed write changes what is known to be stored.
    for (const appId of touched.keys()) this.#counts.set(appId, counts.get(appId) ?? 0);
  }

  /** Runs a database step; a failure is reported once per streak instead of escaping into a timer. */
  #guard(step: () => void): boolean {
    try {
      step();
      this.#failing = false;
      return true;
    } catch (err) {
      if (!this.#failing) this.#options.failed(err);
      this.#failing = true;
      return false;
    }
  }

  #drop(line: HistoryLine): void {
    const entry = this.#dropped.get(line.appId) ?? { app: line.app, count: 0 };
    entry.count += 1;
    this.#dropped.set(line.appId, entry);
  }

  /** The newest `lines` lines matching the query, oldest first. */
  query(appId: string, app: string, query: HistoryQuery): LogLine[] {
    this.flush();
    const where = ["app_id = ?"];
    const args: (string | number)[] = [appId];
    if (query.source) {
      where.push("source = ?");
      args.push(query.source);
    }
    if (query.process) {
      where.push("process = ?");
      args.push(query.process);
    }
    if (query.since !== undefined) {
      where.push("time >= ?");
      args.push(query.since);
    }
    if (query.grep) {
      where.push("instr(text, ?) > 0");
      args.push(query.grep);
    }
    const limit = Math.min(query.lines, this.#options.lines);
    const rows = this.#db
      .prepare(
        `SELECT seq, time, source, process, text FROM log_lines WHERE ${where.join(" AND ")} ORDER BY seq DESC LIMIT ?`,
      )
      .all(...args, limit) as Row[];
    return rows.reverse().map((r) => ({
      seq: r.seq,
      time: new Date(r.time).toISOString(),
      app,
      source: r.source,
      process: r.process,
      text: r.text,
    }));
  }

  /** Removes a destroyed app's history. */
  forget(appId: string): void {
    this.flush();
    this.#db.transaction(() => {
      this.#forget.run(appId);
      this.#forgetCount.run(appId);
    })();
    this.#counts.delete(appId);
  }

  /** Who hears of lines the history had to drop, to say so in the stream and count them (the log bus). */
  onDropped(listener: DropListener): void {
    this.#onDropped = listener;
  }

  close(): void {
    clearInterval(this.#ager);
    this.flush();
  }

  #countOf(appId: string): number {
    return (this.#count.get(appId) as { n: number }).n;
  }

  /** Removes lines past the age limit now (it also runs every minute by itself). Never throws. */
  expire(): void {
    this.#guard(() => this.#expireNow());
  }

  /**
   * Lines past the age limit go, oldest first (seq order is time order, so the scan stops early), and each app's
   * count drops by its share, counted over the same range: the cost is the lines removed.
   */
  #expireNow(): void {
    const cutoff = Date.now() - this.#options.days * 86_400_000;
    const { seq } = this.#db
      .prepare(
        `SELECT coalesce(
           (SELECT seq FROM log_lines WHERE time >= ? ORDER BY seq LIMIT 1),
           (SELECT max(seq) + 1 FROM log_lines)) AS seq`,
      )
      .get(cutoff) as { seq: number | null };
    if (seq === null) return;
    const expired = this.#db
      .prepare("SELECT app_id, count(*) AS lines FROM log_lines WHERE seq < ? GROUP BY app_id")
      .all(seq) as CountRow[];
    if (expired.length === 0) return;
    const counts = new Map<string, number>();
    this.#db.transaction(() => {
      this.#db.prepare("DELETE FROM log_lines WHERE seq < ?").run(seq);
      for (const { app_id, lines } of expired) {
        const left = Math.max(0, (this.#counts.get(app_id) ?? lines) - lines);
        counts.set(app_id, left);
        if (left > 0) this.#saveCount.run(app_id, left);
        else this.#forgetCount.run(app_id);
      }
    })();
    for (const [appId, left] of counts) {
      if (left > 0) this.#counts.set(appId, left);
      else this.#counts.delete(appId);
    }
  }

  /** Turns lines dropped for want of room into a marker line per app, so the gap is visible in the history. */
  #reportDropped(): void {
    if (this.#dropped.size === 0) return;
    const dropped = [...this.#dropped];
    this.#dropped.clear();
    for (const [appId, { app, count }] of dropped) this.#onDropped(appId, app, count);
  }
}
