// The throttle's rules at chosen times: one recorded failure per address and window, the rest counted and
// handed back once when the window closes, and a bounded number of addresses tracked.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FailureThrottle } from "./audit-throttle.js";

describe("failure throttle", () => {
  it("records the first failure of a window, counts the rest, and hands the count back when it closes", () => {
    const throttle = new FailureThrottle(60_000, 100);
    assert.deepEqual(throttle.admit("10.0.0.1", 0), { record: true, closed: [] });
    for (let i = 1; i < 200; i++) assert.equal(throttle.admit("10.0.0.1", i).record, false);
    assert.deepEqual(throttle.admit("10.0.0.2", 500), { record: true, closed: [] }, "another address");
    assert.deepEqual(throttle.sweep(59_999), [], "the window is still open");
    assert.deepEqual(throttle.sweep(60_000), [{ address: "10.0.0.1", count: 199 }]);
    assert.deepEqual(throttle.sweep(70_000), [], "an address with nothing counted closes quietly");
    assert.equal(throttle.tracked, 0);
  });

  it("closes an expired window when its address comes back, before recording the new failure", () => {
    const throttle = new FailureThrottle(1000, 100);
    throttle.admit("a", 0);
    throttle.admit("a", 10);
    assert.deepEqual(throttle.admit("a", 1000), { record: true, closed: [{ address: "a", count: 1 }] });
  });

  it("tracks at most its number of addresses, closing the oldest window early", () => {
    const throttle = new FailureThrottle(60_000, 3);
    for (const address of ["a", "b", "c"]) {
      throttle.admit(address, 0);
      throttle.admit(address, 1);
    }
    assert.deepEqual(throttle.admit("d", 2), { record: true, closed: [{ address: "a", count: 1 }] });
    assert.equal(throttle.tracked, 3);
    assert.deepEqual(
      throttle.sweep().map((f) => f.address),
      ["b", "c"],
    );
  });
});
