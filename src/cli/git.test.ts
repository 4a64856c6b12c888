// The credential helper line git runs through sh, and the credential protocol's input.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, it } from "node:test";
import { credentialScope, parseCredentialRequest, shellQuote } from "./git.js";

describe("git credentials", () => {
  it("quotes paths so sh passes them through unchanged", async () => {
    for (const word of ["/usr/bin/node", "/home/a b/it's $HOME/`x`/fifteen.js", "!;|&"]) {
      const { stdout } = await promisify(execFile)("sh", ["-c", `printf '%s' ${shellQuote(word)}`]);
      assert.equal(stdout, word);
    }
  });

  it("reads key=value lines up to the blank line", () => {
    assert.deepEqual(parseCredentialRequest("protocol=https\nhost=h:5050\npath=a.git\n\nignored=1\n"), {
      protocol: "https",
      host: "h:5050",
      path: "a.git",
    });
  });

  it("scopes the helper to the API's origin", () => {
    assert.equal(credentialScope("http://127.0.0.1:5050/"), "http://127.0.0.1:5050");
    assert.equal(credentialScope("https://paas.example.com:443/api"), "https://paas.example.com");
  });
});
