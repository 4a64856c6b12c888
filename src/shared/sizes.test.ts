import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeMemory, formatMemory, parseMemorySize } from "./sizes.js";

describe("memory sizes", () => {
  it("reads M, MB, MiB, G, GB and GiB in any case", () => {
    assert.equal(parseMemorySize("512M"), 512);
    assert.equal(parseMemorySize("512mb"), 512);
    assert.equal(parseMemorySize("64MiB"), 64);
    assert.equal(parseMemorySize("1G"), 1024);
    assert.equal(parseMemorySize("2gb"), 2048);
    assert.equal(parseMemorySize(" 3GiB "), 3072);
  });

  it("refuses what is not a whole size from 32 MiB to 1 TiB", () => {
    for (const bad of ["", "512", "1.5G", "-1G", "16M", "2048G", "1T", "512 K", "M", "1e3M", "0x10G"])
      assert.equal(parseMemorySize(bad), undefined, bad);
    assert.equal(parseMemorySize("32M"), 32);
    assert.equal(parseMemorySize("1024G"), 1024 * 1024);
  });

  it("prints the shortest exact form", () => {
    assert.equal(formatMemory(512), "512M");
    assert.equal(formatMemory(1024), "1G");
    assert.equal(formatMemory(1536), "1536M");
    assert.equal(describeMemory(256), "256 MiB");
    assert.equal(describeMemory(2048), "2 GiB");
  });
});
