// config:edit's file: what the editor gets round-trips, bad lines are named by number, the diff is exact.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { configDiff, formatConfigFile, parseConfigFile } from "./config-file.js";

describe("the config:edit file", () => {
  it("round-trips every value, quoting only those a line cannot hold as they are", () => {
    const vars = { B: "plain = value", A: "two\nlines", C: " padded ", D: '"quoted"', E: "" };
    const text = formatConfigFile(vars);
    assert.match(text, /^# One KEY=VALUE per line/);
    assert.ok(text.includes('A="two\\nlines"\nB=plain = value\nC=" padded "\nD="\\"quoted\\""\nE=\n'));
    assert.deepEqual(parseConfigFile(text), vars);
  });

  it("names the first bad line by number, never its value", () => {
    assert.throws(
      () => parseConfigFile("A=1\n\nsecret-without-equals\n"),
      /^Error: line 3 is not KEY=VALUE$/,
    );
    assert.throws(() => parseConfigFile("A=1\nA=2\n"), /line 2 sets A a second time/);
    assert.throws(() => parseConfigFile("PORT=1\n"), /line 1: Config key PORT is set by the platform/);
    assert.throws(
      () => parseConfigFile('A="unterminated\n'),
      /line 1: the value of A starts with " but is not/,
    );
  });

  it("sets new and changed keys and unsets removed ones", () => {
    assert.deepEqual(configDiff({ A: "1", B: "2", C: "3" }, { A: "1", B: "20", D: "4" }), {
      B: "20",
      D: "4",
      C: null,
    });
    assert.deepEqual(configDiff({ A: "1" }, { A: "1" }), {});
  });
});
