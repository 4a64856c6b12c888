import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Lifecycle, type Component } from "./lifecycle.js";

/** Components that record their starts and stops in `seen`; `fail` names those whose start or stop throws. */
function recorded(names: string[], fail: { start?: string; stop?: string } = {}) {
  const seen: string[] = [];
  const components: Component<string>[] = names.map((name) => ({
    name,
    start: async () => {
      seen.push(`start ${name}`);
      if (fail.start === name) throw new Error(`${name} cannot start`);
    },
    stop: async (how: string) => {
      seen.push(`stop ${name} (${how})`);
      if (fail.stop === name) throw new Error(`${name} cannot stop`);
    },
  }));
  return { seen, components };
}

describe("Lifecycle", () => {
  it("starts in order and stops in the reverse order, with how the caller asked", async () => {
    const { seen, components } = recorded(["store", "api", "router"]);
    const lifecycle = new Lifecycle(components, () => assert.fail("no stop fails"));
    await lifecycle.start("failed start");
    await lifecycle.stop("handoff");
    assert.deepEqual(seen, [
      "start store",
      "start api",
      "start router",
      "stop router (handoff)",
      "stop api (handoff)",
      "stop store (handoff)",
    ]);
    await lifecycle.stop("again");
    assert.equal(seen.length, 6, "a second stop finds nothing left to stop");
  });

  it("stops what began, the failed one included, in reverse when a start fails, and rethrows", async () => {
    const { seen, components } = recorded(["store", "api", "router", "processes"], { start: "router" });
    const lifecycle = new Lifecycle(components, () => assert.fail("no stop fails"));
    await assert.rejects(lifecycle.start("failed start"), /router cannot start/);
    assert.deepEqual(seen, [
      "start store",
      "start api",
      "start router",
      "stop router (failed start)",
      "stop api (failed start)",
      "stop store (failed start)",
    ]);
  });

  it("reports a stop that fails and still stops the others", async () => {
    const { seen, components } = recorded(["store", "api", "router"], { stop: "api" });
    const failures: string[] = [];
    const lifecycle = new Lifecycle(components, (name, err) => failures.push(`${name}: ${String(err)}`));
    await lifecycle.start("failed start");
    await lifecycle.stop("stop apps");
    assert.deepEqual(seen.slice(3), [
      "stop router (stop apps)",
      "stop api (stop apps)",
      "stop store (stop apps)",
    ]);
    assert.deepEqual(failures, ["api: Error: api cannot stop"]);
  });

  it("skips what a component lacks and names the step in progress", async () => {
    let during: string | undefined;
    const lifecycle = new Lifecycle<string>(
      [
        { name: "opened earlier", stop: () => undefined },
        { name: "only starts", start: () => undefined },
        {
          name: "slow",
          start: () => {
            during = lifecycle.step;
          },
        },
      ],
      () => assert.fail("no stop fails"),
    );
    await lifecycle.start("failed start");
    assert.equal(during, "slow");
    assert.equal(lifecycle.step, undefined);
    await lifecycle.stop("stop apps");
  });
});
