// The durable history against a real SQLite file: capped per app with the oldest lines going first, kept
// across a reopen (a platform restart), filtered as `fifteen logs` asks, and aged out after its days.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { openTelemetryDb } from "../telemetry/db.js";
import { LogHistory, type HistoryLine } from "./history.js";

describe("log history", () => {
  let dir: string;
  let seq = 0;
  const line = (appId: string, text: string, time = new Date()): HistoryLine => ({
    seq: ++seq,
    time: time.toISOString(),
    at: time.getTime(),
    app: appId,
    appId,
    source: text.startsWith("GET") ? "router" : "app",
    process: text.startsWith("GET") ? "router" : "web.1",
    text,
  });
  const open = (lines = 100, days = 7, file = "telemetry.db") => {
    const db = openTelemetryDb(join(dir, file));
    const history = new LogHistory(db, {
      lines,
      days,
      failed: (err) => assert.fail(`no write fails: ${String(err)}`),
    });
    history.onDropped(() => assert.fail("nothing is dropped"));
    return { db, history };
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "fifteen-history-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("caps each app at its line limit, dropping the oldest first, and keeps other apps whole", () => {
    const { db, history } = open();
    for (let i = 0; i < 250; i++) history.append(line("a", `line ${i}`));
    for (let i = 0; i < 30; i++) history.append(line("b", `b ${i}`));
    const a = history.query("a", "a", { lines: 1000 });
    assert.equal(a.length, 100);
    assert.equal(a[0]?.text, "line 150");
    assert.equal(a.at(-1)?.text, "line 249");
    assert.equal(history.query("b", "b", { lines: 1000 }).length, 30);
    history.close();
    db.close();
  });

  it("survives a reopen, continues the sequence, and filters by source, process, text and time", () => {
    const { db, history } = open();
    assert.equal(history.lastSeq, seq, "numbering continues after the last stored line");
    history.append(line("a", "GET /checkout"));
    history.append(line("a", "payment failed: card declined"));
    assert.deepEqual(
      history.query("a", "a", { lines: 5, source: "router" }).map((l) => l.text),
      ["GET /checkout"],
    );
    assert.deepEqual(
      history.query("a", "a", { lines: 5, grep: "declined" }).map((l) => l.text),
      ["payment failed: card declined"],
    );
    assert.equal(history.query("a", "a", { lines: 5, process: "web.1" }).length, 5);
    assert.equal(history.query("a", "a", { lines: 500, since: Date.now() - 60_000 }).length, 100);
    assert.equal(history.query("a", "a", { lines: 500, since: Date.now() + 60_000 }).length, 0);
    history.close();
    db.close();
  });

  it("drops lines older than its days, and a destroyed app's history", () => {
    // A fresh file: lines are stored in time order, so ageing stops at the first line young enough.
    const { db, history } = open(1000, 1, "aged.db");
    const old = new Date(Date.now() - 2 * 86_400_000);
    history.append(line("c", "from two days ago", old));
    history.append(line("c", "from today"));
    history.flush();
    history.expire();
    assert.deepEqual(
      history.query("c", "c", { lines: 10 }).map((l) => l.text),
      ["from today"],
    );
    const count = db.prepare("SELECT lines FROM log_counts WHERE app_id = 'c'").get() as { lines: number };
    assert.equal(count.lines, 1, "the app's count drops with the lines that aged out");
    history.forget("c");
    assert.equal(history.query("c", "c", { lines: 10 }).length, 0);
    history.close();
    db.close();
  });

  it("writes big batches whole and in order (many rows per statement, and the rest)", () => {
    const { db, history } = open(1000, 7, "batch.db");
    for (let i = 0; i < 357; i++) history.append(line("e", `batch ${i}`));
    history.flush();
    const stored = history.query("e", "e", { lines: 1000 });
    assert.equal(stored.length, 357);
    assert.deepEqual(
      stored.map((l) => l.text),
      Array.from({ length: 357 }, (_, i) => `batch ${i}`),
    );
    history.close();
    db.close();
  });

  it("keeps each app's count across a reopen, so an app at its limit is trimmed by what it writes", () => {
    const first = open(100, 7, "counts.db");
    for (let i = 0; i < 150; i++) first.history.append(line("f", `f ${i}`));
    first.history.close();
    first.db.close();
    const { db, history } = open(100, 7, "counts.db");
    for (let i = 150; i < 160; i++) history.append(line("f", `f ${i}`));
    const kept = history.query("f", "f", { lines: 1000 });
    assert.equal(kept.length, 100);
    assert.equal(kept[0]?.text, "f 60");
    const stored = db.prepare("SELECT count(*) AS n FROM log_lines WHERE app_id = 'f'").get() as {
      n: number;
    };
    assert.equal(stored.n, 100, "exactly the limit is stored, not just shown");
    history.close();
    db.close();
  });

  it("brings an app over a lowered limit back under it a batch per write, oldest first", () => {
    const first = open(10_000, 7, "lowered.db");
    for (let i = 0; i < 6000; i++) first.history.append(line("g", `g ${i}`));
    first.history.close();
    first.db.close();
    const { db, history } = open(100, 7, "lowered.db");
    const stored = () =>
      (db.prepare("SELECT count(*) AS n FROM log_lines WHERE app_id = 'g'").get() as { n: number }).n;
    history.append(line("g", "g 6000"));
    history.flush();
    assert.equal(stored(), 6001 - 2001, "one write trims what it added and a bounded batch more");
    for (let i = 6001; i < 6004; i++) {
      history.append(line("g", `g ${i}`));
      history.flush();
    }
    assert.equal(stored(), 100);
    assert.equal(history.query("g", "g", { lines: 1 })[0]?.text, "g 6003");
    history.close();
    db.close();
  });

  it("counts lines it could not write as dropped, and never throws (a database that refuses writes)", () => {
    const db = openTelemetryDb(join(dir, "broken.db"));
    const dropped: Array<[string, number]> = [];
    const failures: unknown[] = [];
    const history = new LogHistory(db, {
      lines: 100,
      days: 7,
      failed: (err) => failures.push(err),
    });
    history.onDropped((appId, _app, count) => dropped.push([appId, count]));
    db.close();
    for (let i = 0; i < 3; i++) history.append(line("d", `lost ${i}`));
    assert.doesNotThrow(() => history.flush());
    history.append(line("d", "lost too"));
    assert.doesNotThrow(() => history.flush());
    assert.deepEqual(dropped, [
      ["d", 3],
      ["d", 1],
    ]);
    assert.equal(failures.length, 1, "reported once per failing streak");
    history.close();
  });
});
