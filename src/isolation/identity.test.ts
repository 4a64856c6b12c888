import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { subordinateRanges, systemIds } from "./identity.js";

describe("host ids", () => {
  it("knows every uid and gid the host's /etc/passwd and /etc/group name, so app uids avoid them", () => {
    const ids = systemIds();
    assert.ok(ids.has(0), "root");
    const named = readFileSync("/etc/group", "utf8")
      .split("\n")
      .map((line) => line.split(":")[2])
      .filter((gid): gid is string => gid !== undefined && /^\d+$/.test(gid));
    for (const gid of named) assert.ok(ids.has(Number(gid)), `group id ${gid}`);
  });

  it("reads the subordinate ranges as start and end, none when the files are missing", () => {
    for (const { start, end } of subordinateRanges()) assert.ok(Number.isInteger(start) && end > start);
  });
});
