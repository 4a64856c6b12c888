import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { commandNotFound, firstWord, missingCommandIn } from "./command-not-found.js";

describe("command not found", () => {
  it("reads the command from dash's and bash's complaints, the last one named", () => {
    assert.equal(missingCommandIn("> tsc\n\nsh: 1: tsc: not found\n"), "tsc");
    assert.equal(missingCommandIn("       /bin/sh: 1: http-server: not found"), "http-server");
    assert.equal(missingCommandIn("bash: line 1: nodemon: command not found\n"), "nodemon");
    assert.equal(missingCommandIn("sh: a: not found\nsh: 1: b: not found\nnpm error code 127\n"), "b");
    assert.equal(missingCommandIn("Error: file not found\n"), undefined);
  });

  it("falls back on the command's first word, past VAR=x and exec", () => {
    assert.equal(firstWord("exec PORT=1 next start"), "next");
    assert.equal(firstWord(["tsc", "--version"]), "tsc");
    assert.equal(firstWord(["  serve -l 5000 "]), "serve");
    assert.equal(commandNotFound(127, "", "ts-node app.ts"), "command not found: ts-node");
    assert.equal(commandNotFound(127, "sh: 1: tsc: not found\n", "npm run build"), "command not found: tsc");
    assert.equal(commandNotFound(1, "sh: 1: tsc: not found\n", "npm run build"), undefined);
  });
});
