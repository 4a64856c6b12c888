import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StartSlots } from "./slots.js";

describe("start slots", () => {
  it("lets at most `size` starts run at once, and gives a freed slot to a waiting web process first", async () => {
    const slots = new StartSlots(2);
    const order: string[] = [];
    const running = new Set<string>();
    let most = 0;
    const start = async (name: string, web: boolean, ms: number) => {
      const done = await slots.take(web);
      order.push(name);
      running.add(name);
      most = Math.max(most, running.size);
      await new Promise((r) => setTimeout(r, ms));
      running.delete(name);
      done();
      done(); // giving it back twice frees one slot only
    };
    await Promise.all([
      start("worker.1", false, 30),
      start("worker.2", false, 30),
      start("worker.3", false, 5),
      start("worker.4", false, 5),
      start("web.1", true, 5),
      start("web.2", true, 5),
    ]);
    assert.equal(most, 2);
    assert.deepEqual(order.slice(0, 2), ["worker.1", "worker.2"]);
    assert.deepEqual(order.slice(2, 4), ["web.1", "web.2"], "web processes waiting go before other types");
  });
});
