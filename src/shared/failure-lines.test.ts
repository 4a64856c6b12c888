// Which line a failure quotes: the app's own error, never npm's update notice or its log pointer.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { commandNotFound } from "./command-not-found.js";
import { errorLine, tailLines } from "./failure-lines.js";

const MIGRATION = [
  "> app@1.0.0 migrate",
  "> node migrate.js",
  "",
  "/app/migrate.js:4",
  '  throw new Error("relation \\"users\\" already exists");',
  "  ^",
  "",
  'Error: relation "users" already exists',
  "    at Object.<anonymous> (/app/migrate.js:4:9)",
  "",
  "Node.js v20.11.1",
  "npm notice ",
  "npm notice New minor version of npm available! 10.2.4 -> 10.8.1",
  "npm notice To update run: npm install -g npm@10.8.1",
  "npm notice",
];

describe("failure lines", () => {
  it("names the app's last error line, past npm's notices", () => {
    assert.equal(errorLine(MIGRATION), 'Error: relation "users" already exists');
    assert.equal(
      errorLine(["starting", "FATAL: password authentication failed", "bye"]),
      "FATAL: password authentication failed",
    );
    assert.equal(errorLine(["error: relation exists", "npm warn deprecated x"]), "error: relation exists");
  });

  it("falls back to npm's own reason, then to the last line worth reading", () => {
    const npm = [
      'npm error Missing script: "migrate"',
      "npm error",
      "npm error To see a list of scripts, run:",
      "npm error A complete log of this run can be found in: /home/app/.npm/_logs/x.log",
    ];
    assert.equal(errorLine(npm), 'npm error Missing script: "migrate"');
    assert.equal(errorLine(["one", "two", "", "npm notice x"]), "two");
    assert.equal(errorLine(["", "npm notice To update run: npm i -g npm"]), undefined);
  });

  it("keeps the last lines without blanks and npm notices", () => {
    const tail = tailLines(MIGRATION);
    assert.ok(!tail.some((line) => line.startsWith("npm notice") || line === ""));
    assert.equal(tail.at(-1), "Node.js v20.11.1");
    assert.equal(tailLines(Array.from({ length: 30 }, (_, i) => `line ${i}`)).length, 20);
  });
});

describe("command not found", () => {
  it("takes the name from the shell's message", () => {
    assert.equal(
      commandNotFound(127, ["sh: 1: http-server: not found"].join("\n"), "http-server -p $PORT ."),
      "command not found: http-server",
    );
    assert.equal(
      commandNotFound(127, ["/bin/sh: 1: exec: nodemon: not found"].join("\n"), "exec nodemon"),
      "command not found: nodemon",
    );
    assert.equal(
      commandNotFound(127, ["bash: line 1: tsx: command not found"].join("\n"), "tsx x.ts"),
      "command not found: tsx",
    );
    assert.equal(
      commandNotFound(127, ["/usr/bin/env: ‘ts-node’: No such file or directory"].join("\n"), "./run"),
      "command not found: ts-node",
    );
  });

  it("falls back to the command's first word", () => {
    assert.equal(commandNotFound(127, [].join("\n"), "PORT=1 exec next start"), "command not found: next");
    assert.equal(commandNotFound(127, [].join("\n"), "  "), undefined);
  });
});
