import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FifteenError } from "../../shared/errors.js";
import { npmForNode } from "../../toolchains/toolchains.js";
import { resolveNodeVersion } from "./node-runtime.js";

const VERSIONS = ["16.20.2", "18.19.0", "18.20.8", "20.18.1", "22.11.0", "0.12.18"];

describe("Node version selection", () => {
  it("picks the newest version the range accepts", () => {
    assert.equal(resolveNodeVersion("18.x", VERSIONS), "18.20.8");
    assert.equal(resolveNodeVersion(">=18 <21", VERSIONS), "20.18.1");
    assert.equal(resolveNodeVersion("^18.19", VERSIONS), "18.20.8");
    assert.equal(resolveNodeVersion("16", VERSIONS), "16.20.2");
  });

  it("an unsatisfiable range lists the major versions there are", () => {
    assert.throws(
      () => resolveNodeVersion("99.x", VERSIONS),
      (err: unknown) =>
        err instanceof FifteenError &&
        err.code === "NODE_VERSION_UNAVAILABLE" &&
        /Available major versions: 0, 16, 18, 20, 22\./.test(err.message),
    );
    assert.throws(
      () => resolveNodeVersion("latest please", VERSIONS),
      (err: unknown) => err instanceof FifteenError && /not a version range/.test(err.message),
    );
  });

  it("each Node gets an npm that supports it", () => {
    assert.equal(npmForNode("22.11.0"), "10.9.4");
    assert.equal(npmForNode("18.20.8"), "10.9.4");
    assert.equal(npmForNode("18.12.0"), "9.9.4");
    assert.equal(npmForNode("16.20.2"), "9.9.4");
    assert.equal(npmForNode("14.15.0"), "8.19.4");
    assert.equal(npmForNode("10.24.1"), "6.14.18");
  });
});
