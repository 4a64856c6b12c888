// Choosing the data plane: HAProxy when a recent one is installed, the Node router with a warning otherwise.
import assert from "node:assert/strict";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { chooseDataPlane, findHaproxy, parseHaproxyVersion } from "./choose-plane.js";

describe("choosing the data plane", () => {
  let dir = "";
  /** A stand-in `haproxy` that prints this version line, as Debian's does. */
  const fakeHaproxy = async (name: string, version: string) => {
    const file = join(dir, name);
    await writeFile(file, `#!/bin/sh\necho "HAProxy version ${version} 2023/01/01 - https://haproxy.org/"\n`);
    await chmod(file, 0o755);
    return file;
  };
  before(async () => (dir = await mkdtemp(join(tmpdir(), "fifteen-plane-choice-"))));
  after(() => rm(dir, { recursive: true, force: true }));

  test("reads the version haproxy -v prints", () => {
    assert.deepEqual(
      parseHaproxyVersion("HAProxy version 2.6.12-1+deb12u2 2025/06/03 - https://haproxy.org/"),
      [2, 6, "2.6.12-1+deb12u2"],
    );
    assert.equal(parseHaproxyVersion("bash: haproxy: command not found"), undefined);
  });

  test("auto: HAProxy 2.6 or later runs", async () => {
    const binary = await fakeHaproxy("haproxy-recent", "2.8.5");
    const choice = await chooseDataPlane("auto", async () => binary);
    assert.equal(choice.kind, "haproxy");
    assert.equal(choice.binary, binary);
    assert.equal(choice.warning, undefined);
  });

  test("auto without HAProxy: the Node router, with a warning that says how to install it", async () => {
    const choice = await chooseDataPlane("auto", async () => undefined);
    assert.equal(choice.kind, "node");
    assert.match(
      choice.warning ?? "",
      /^HAProxy is not installed, so app traffic goes through the Node router/,
    );
    assert.match(choice.warning ?? "", /apt-get install haproxy/);
    assert.match(choice.why, /FIFTEEN_DATA_PLANE=auto and HAProxy is not installed/);
  });

  test("auto with an HAProxy older than 2.6: the Node router, saying why", async () => {
    const binary = await fakeHaproxy("haproxy-old", "2.2.9");
    const choice = await chooseDataPlane("auto", async () => binary);
    assert.equal(choice.kind, "node");
    assert.match(choice.warning ?? "", /HAProxy 2\.2\.9 at .* is older than 2\.6/);
  });

  test("haproxy without HAProxy refuses to start, saying how to fix it", async () => {
    await assert.rejects(
      chooseDataPlane("haproxy", async () => undefined),
      (err: Error) => {
        assert.match(err.message, /FIFTEEN_DATA_PLANE=haproxy, but HAProxy is not installed: install it/);
        assert.match(err.message, /unset FIFTEEN_DATA_PLANE/);
        return true;
      },
    );
  });

  test("node: the Node router, whatever is installed, and no warning", async () => {
    const choice = await chooseDataPlane("node", async () => assert.fail("not looked for"));
    assert.deepEqual(choice, { kind: "node", why: "FIFTEEN_DATA_PLANE=node" });
  });

  test("finds haproxy on PATH first, then in the sbin directories", async () => {
    const binary = await fakeHaproxy("haproxy", "2.6.12");
    assert.equal(await findHaproxy(dir), binary);
  });
});
