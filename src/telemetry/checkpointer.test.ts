// The WAL of telemetry.db is checkpointed by the worker thread, not by the writes: pages written on the main
// connection reach the database file within a couple of seconds without the writer ever checkpointing. The
// worker runs only while there are writes.
import assert from "node:assert/strict";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startCheckpointer } from "./checkpointer.js";
import { openTelemetryDb } from "./db.js";

describe("telemetry checkpointer", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "fifteen-checkpoint-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("checkpoints on its thread, and leaves the main connection checkpointing itself once closed", async () => {
    const file = join(dir, "telemetry.db");
    const db = openTelemetryDb(file);
    const checkpointer = startCheckpointer(db, (err) => assert.fail(String(err)), { idleMs: 1500 });
    assert.equal(db.pragma("wal_autocheckpoint", { simple: true }), 0, "the writer never checkpoints");
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(checkpointer.working, false, "no worker thread while nothing is written");
    const insert = db.prepare(
      "INSERT INTO log_lines (app_id, time, source, process, text) VALUES ('a', 0, 'app', 'web.1', ?)",
    );
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run("x".repeat(200));
    })();
    const written = (await stat(file)).size;
    for (const deadline = Date.now() + 5000; (await stat(file)).size === written;) {
      assert.ok(Date.now() < deadline, "the worker copied the WAL into the database file");
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(checkpointer.working, true);
    for (const deadline = Date.now() + 6000; checkpointer.working;) {
      assert.ok(Date.now() < deadline, "the worker stopped once nothing was written for idleMs");
      await new Promise((r) => setTimeout(r, 100));
    }
    await checkpointer.close();
    assert.equal(db.pragma("wal_autocheckpoint", { simple: true }), 1000);
    db.close();
  });
});
