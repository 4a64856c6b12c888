// Rollout planning on its own: a release and formation in, the ordered steps out.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Release } from "../core/index.js";
import type { ProcessStatus } from "./driver.js";
import { planReplace, planRollout } from "./rollout.js";

const release = (processTypes: Record<string, string>, rollbackOf: number | null = null) =>
  ({ version: 3, processTypes, rollbackOf }) as unknown as Release;

describe("rollout plan", () => {
  it("checks config, runs the release phase, starts web surge-first, waits, goes live, then converges", () => {
    const steps = planRollout(release({ web: "w", release: "migrate" }), { web: 3 });
    assert.deepEqual(steps, [
      { kind: "check-config" },
      { kind: "release-phase", task: "migrate" },
      { kind: "start-web", quantity: 3 },
      { kind: "wait-up" },
      { kind: "go-live" },
      { kind: "converge" },
    ]);
  });

  it("skips the release phase on a rollback and without a task", () => {
    const kinds = (r: Release) => planRollout(r, { web: 1 }).map((s) => s.kind);
    assert.ok(!kinds(release({ web: "w", release: "migrate" }, 1)).includes("release-phase"));
    assert.ok(!kinds(release({ web: "w" })).includes("release-phase"));
  });

  it("starts one web process by default, none without a web type, and as many as the formation says", () => {
    const quantity = (types: Record<string, string>, formation: Record<string, number>) =>
      planRollout(release(types), formation).find((s) => s.kind === "start-web");
    assert.deepEqual(quantity({ web: "w" }, {}), { kind: "start-web", quantity: 1 });
    assert.deepEqual(quantity({ worker: "x" }, { worker: 2 }), { kind: "start-web", quantity: 0 });
    assert.deepEqual(quantity({ web: "w" }, { web: 0 }), { kind: "start-web", quantity: 0 });
  });

  it("replaces a resize's web processes one by one and stops its other types at once", () => {
    const p = (name: string, web: boolean) => ({ name, type: name.split(".")[0], web }) as ProcessStatus;
    const { stop, replace } = planReplace(
      [p("web.1", true), p("web.2", true), p("worker.1", false), p("clock.1", false)],
      ["web", "worker"],
    );
    assert.deepEqual(
      stop.map((x) => x.name),
      ["worker.1"],
    );
    assert.deepEqual(
      replace.map((x) => x.name),
      ["web.1", "web.2"],
    );
  });
});
