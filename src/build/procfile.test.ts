import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FifteenError } from "../shared/errors.js";
import { parseProcfile } from "./procfile.js";

function procfileError(text: string, message: RegExp): void {
  assert.throws(
    () => parseProcfile(text),
    (err: unknown) => {
      assert.ok(err instanceof FifteenError, `expected a FifteenError, got ${String(err)}`);
      assert.equal(err.code, "PROCFILE_INVALID");
      assert.match(err.message, message);
      return true;
    },
  );
}

describe("parseProcfile", () => {
  test("parses process types and their commands", () => {
    assert.deepEqual(parseProcfile("web: node server.js\nworker: node worker.js --queue=default\n"), {
      web: "node server.js",
      worker: "node worker.js --queue=default",
    });
  });

  test("keeps colons and extra spaces inside the command, trims the ends", () => {
    assert.deepEqual(parseProcfile("web:   node server.js --listen=http://0.0.0.0:$PORT   "), {
      web: "node server.js --listen=http://0.0.0.0:$PORT",
    });
  });

  test("accepts no space after the colon", () => {
    assert.deepEqual(parseProcfile("web:npm start"), { web: "npm start" });
  });

  test("ignores comments, blank lines and indentation", () => {
    const text = "# the web process\n\n   \nweb: node a.js\n  # indented comment\n  worker: node b.js\n\n";
    assert.deepEqual(parseProcfile(text), { web: "node a.js", worker: "node b.js" });
  });

  test("handles CRLF line endings", () => {
    assert.deepEqual(parseProcfile("web: node a.js\r\nworker: node b.js\r\n"), {
      web: "node a.js",
      worker: "node b.js",
    });
  });

  test("handles a UTF-8 byte order mark", () => {
    assert.deepEqual(parseProcfile("\uFEFFweb: node a.js\n"), { web: "node a.js" });
  });

  test("a malformed line names its line number", () => {
    procfileError("web: node a.js\n\nthis is not a process\n", /^Procfile line 3: expected "type: command"/);
  });

  test("a malformed line counts lines with CRLF endings correctly", () => {
    procfileError("# c\r\nweb: a\r\nbroken\r\n", /^Procfile line 3:/);
  });

  test("a type with invalid characters is malformed", () => {
    procfileError("web.1: node a.js", /^Procfile line 1:/);
  });

  test("an empty command names its line and type", () => {
    procfileError(
      "web: node a.js\n# worker next\nworker:   \n",
      /^Procfile line 3: process type "worker" has no command/,
    );
  });

  test("a duplicate type names the line of the second definition", () => {
    procfileError("web: a\nworker: b\nweb: c\n", /^Procfile line 3: process type "web" is defined twice/);
  });

  test("a type longer than 30 characters is refused", () => {
    procfileError(`${"w".repeat(31)}: a`, /^Procfile line 1: .*longer than 30/);
    assert.deepEqual(parseProcfile(`${"w".repeat(30)}: a`), { ["w".repeat(30)]: "a" });
  });

  test("an empty Procfile errors", () => {
    procfileError("", /defines no process types/);
  });

  test("a Procfile with only comments and blank lines errors", () => {
    procfileError("# nothing here\n\n  \n", /defines no process types/);
  });
});
