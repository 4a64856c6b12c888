import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KeyedQueue } from "./keyed-queue.js";

const tick = () => new Promise((r) => setImmediate(r));

describe("KeyedQueue", () => {
  it("runs one key's tasks in order, other keys side by side, and survives a failed task", async () => {
    const queue = new KeyedQueue();
    const seen: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const a1 = queue.run("a", async () => {
      await gate;
      seen.push("a1");
      throw new Error("boom");
    });
    const a2 = queue.run("a", () => {
      seen.push("a2");
      return 2;
    });
    const b1 = queue.run("b", () => seen.push("b1"));
    await b1;
    assert.deepEqual(seen, ["b1"]);
    assert.ok(queue.busy("a"));
    release();
    await assert.rejects(a1, /boom/);
    assert.equal(await a2, 2);
    assert.deepEqual(seen, ["b1", "a1", "a2"]);
    await tick();
    assert.equal(queue.busy("a"), false);
  });

  it("waits for its start condition, and counts keys busy for too long", async () => {
    let ready: () => void = () => undefined;
    const started = new Promise<void>((r) => (ready = r));
    const queue = new KeyedQueue(() => started);
    let ran = false;
    const done = queue.run("x", () => (ran = true));
    await tick();
    assert.equal(ran, false);
    assert.equal(queue.busyLongerThan(1_000, Date.now() + 2_000), 1);
    ready();
    await done;
    await queue.settled();
    assert.equal(ran, true);
    assert.equal(queue.busyLongerThan(0, Date.now() + 2_000), 0);
  });
});
