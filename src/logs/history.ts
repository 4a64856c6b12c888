// Durable, bounded log history per app: lines are appended in batches to the telemetry database and the oldest
// go first once an app passes its line limit or the age limit. Survives restarts and redeploys.
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
  /** Called for lines the history had to drop, so the caller can say so in the stream and count them. */
  dropped(appId: string, app: string, count: number): void;
  /** Told once per failing streak when the database refuses a write (the lines are counted as dropped). */
  failed(err: unknown): void;
}

const FLUSH_MS = 100;
const ROWS_PER_INSERT = 100;
const FLUSH_LINES = 5000;
const AGE_CHECK_MS = 60_000;

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
  #pending: HistoryLine[] = [];
  readonly #dropped = new Map<string, { app: string; count: number }>();
  /** Lines stored per app, once counted: trimming is skipped while an app is under its limit. */
  readonly #counts = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  readonly #ager: NodeJS.Timeout;
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
    this.#trim = db.prepare(
      `DELETE FROM log_lines WHERE app_id = ? AND seq < (
         SELECT seq FROM log_lines WHERE app_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)`,
    );
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
    // A write the database refuses (disk full, I/O error) loses those lines from the history: counted, not silent.
    if (!this.#guard(() => this.#write(lines))) for (const line of lines) this.#drop(line);
    this.#reportDropped();
  }

  #write(lines: HistoryLine[]): void {
    const touched = new Map<string, number>();
    this.#db.transaction(() => {
      let i = 0;
      for (; i + ROWS_PER_INSERT <= lines.length; i += ROWS_PER_INSERT) {
        const values: (string | number)[] = [];
        for (const l of lines.slice(i, i + ROWS_PER_INSERT))
          values.push(l.seq, l.appId, l.at, l.source, l.process, l.text);
        this.#insertMany.run(values);
      }
      for (const l of lines.slice(i)) this.#insert.run(l.seq, l.appId, l.at, l.source, l.process, l.text);
      for (const l of lines) touched.set(l.appId, (touched.get(l.appId) ?? 0) + 1);
      for (const [appId, count] of touched) {
        const stored = (this.#counts.get(appId) ?? this.#countOf(appId) - count) + count;
        if (stored > this.#options.lines) {
          this.#trim.run(appId, appId, this.#options.lines - 1);
          this.#counts.set(appId, this.#options.lines);
        } else this.#counts.set(appId, stored);
      }
    })();
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
    this.#forget.run(appId);
    this.#counts.delete(appId);
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

  /** Lines past the age limit go, oldest first (seq order is time order, so the scan stops early). */
  #expireNow(): void {
    const cutoff = Date.now() - this.#options.days * 86_400_000;
    const removed = this.#db
      .prepare(
        `DELETE FROM log_lines WHERE seq < coalesce(
           (SELECT seq FROM log_lines WHERE time >= ? ORDER BY seq LIMIT 1),
           (SELECT max(seq) + 1 FROM log_lines))`,
      )
      .run(cutoff);
    if (removed.changes > 0) this.#counts.clear();
  }

  /** Turns lines dropped for want of room into a marker line per app, so the gap is visible in the history. */
  #reportDropped(): void {
    if (this.#dropped.size === 0) return;
    const dropped = [...this.#dropped];
    this.#dropped.clear();
    for (const [appId, { app, count }] of dropped) this.#options.dropped(appId, app, count);
  }
}
