// What viewers see of a one-off's command: the program, never an argument, and nothing when the first word
// could itself be a secret.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maskedCommand } from "./masked-command.js";

describe("masked command", () => {
  it("keeps the program's name and hides every argument, whatever form the command has", () => {
    assert.equal(maskedCommand(["node", "-e", "secret123"]), "node [arguments hidden]");
    assert.equal(maskedCommand(["npm run migrate -- --password=hunter2"]), "npm [arguments hidden]");
    assert.equal(maskedCommand("node -e secret123"), "node [arguments hidden]");
    assert.equal(maskedCommand(["./bin/console"]), "./bin/console");
    assert.equal(maskedCommand(["  rake  "]), "rake");
  });

  it("shows nothing when the first word assigns a variable or quotes", () => {
    assert.equal(maskedCommand(["TOKEN=abc node x.js"]), "[command hidden]");
    assert.equal(maskedCommand(["'psql' postgres://u:pw@db"]), "[command hidden]");
    assert.equal(maskedCommand([""]), "[command hidden]");
  });
});
