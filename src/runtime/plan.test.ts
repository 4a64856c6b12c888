// The planner on its own: a fake process table in, starts and stops out.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProcessStatus } from "./driver.js";
import { plan, type DesiredApp } from "./plan.js";

function proc(
  id: string,
  type: string,
  index: number,
  release: number,
  state: ProcessStatus["state"] = "up",
): ProcessStatus {
  return {
    id,
    appId: "a",
    app: "shop",
    oneOff: false,
    web: type === "web",
    name: `${type}.${index}`,
    type,
    index,
    release,
    state,
    since: "",
    pid: 1,
    port: null,
    restarts: 0,
    command: "x",
    lastExit: null,
    bootFailure: null,
  };
}

const desired = (release: number, web: number, worker = 0): DesiredApp => ({
  release,
  types: {
    web: { command: "node web", quantity: web },
    worker: { command: "node worker", quantity: worker },
  },
});

describe("plan", () => {
  it("starts the whole formation from nothing", () => {
    assert.deepEqual(plan(desired(1, 2, 1), []), {
      start: [
        { type: "web", index: 1 },
        { type: "web", index: 2 },
        { type: "worker", index: 1 },
      ],
      stop: [],
    });
  });

  it("does nothing when the formation runs", () => {
    assert.deepEqual(plan(desired(1, 1), [proc("p1", "web", 1, 1)]), { start: [], stop: [] });
  });

  it("keeps crashed and starting processes (the driver restarts them)", () => {
    const actual = [proc("p1", "web", 1, 1, "crashed"), proc("p2", "web", 2, 1, "starting")];
    assert.deepEqual(plan(desired(1, 2), actual), { start: [], stop: [] });
  });

  it("scales down from the highest index", () => {
    const actual = [proc("p1", "web", 1, 1), proc("p2", "web", 2, 1), proc("p3", "web", 3, 1)];
    assert.deepEqual(plan(desired(1, 1), actual), { start: [], stop: ["p2", "p3"] });
  });

  it("replaces processes of an older release and of removed types", () => {
    const actual = [proc("old", "web", 1, 1), proc("new", "web", 1, 2), proc("gone", "clock", 1, 2)];
    assert.deepEqual(plan(desired(2, 1), actual), { start: [], stop: ["old", "gone"] });
  });

  it("stops duplicates of one slot and ignores processes already stopping", () => {
    const actual = [proc("a", "web", 1, 1), proc("b", "web", 1, 1), proc("c", "web", 2, 1, "stopping")];
    assert.deepEqual(plan(desired(1, 2), actual), { start: [{ type: "web", index: 2 }], stop: ["b"] });
  });

  it("leaves one-offs alone, even of an older release or with a type name the formation has", () => {
    const run = { ...proc("r", "run", 1, 1), oneOff: true };
    const release = { ...proc("x", "web", 3, 1), oneOff: true };
    assert.deepEqual(plan(desired(2, 1), [run, release]), { start: [{ type: "web", index: 1 }], stop: [] });
    assert.deepEqual(plan(undefined, [run]), { start: [], stop: [] });
  });

  it("stops everything when nothing is desired", () => {
    assert.deepEqual(plan(undefined, [proc("a", "web", 1, 1), proc("b", "worker", 1, 1)]), {
      start: [],
      stop: ["a", "b"],
    });
  });
});
