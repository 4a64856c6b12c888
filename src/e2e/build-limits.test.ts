// Build limits a user can observe: the time limit stops a build, and builds of one app never interleave.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { Header } from "tar";
import { ApiClient, ApiError } from "../client/index.js";
import { writeNodeApp } from "../testing/apps.js";
import { ADMIN_TOKEN, filesContaining, startTestPlatform, type TestPlatform } from "../testing/platform.js";
import { submitTarball } from "../testing/tarball.js";

async function drain(api: ApiClient, app: string, id: string): Promise<string> {
  let text = "";
  for await (const chunk of api.buildOutput(app, id, true)) text += chunk;
  return text;
}

describe("build limits", () => {
  let t: TestPlatform;
  let api: ApiClient;
  before(async () => {
    // Long enough for a build under load (its source is unpacked in a child process), short for the test.
    t = await startTestPlatform({ FIFTEEN_BUILD_TIMEOUT_SECONDS: "8" });
    api = new ApiClient(t.apiUrl, ADMIN_TOKEN);
  });
  after(() => t.close());

  it("stops a build that runs past FIFTEEN_BUILD_TIMEOUT_SECONDS, with no release", async () => {
    await api.createApp("sleepy");
    const dir = join(t.home, "sleepy");
    await writeNodeApp(dir, { scripts: { build: 'node -e "setTimeout(() => {}, 60000)"' } });
    const started = Date.now();
    const build = await submitTarball(api, "sleepy", dir);
    const output = await drain(api, "sleepy", build.id);
    const done = await api.build("sleepy", build.id);
    assert.equal(done.status, "failed");
    assert.equal(done.errorCode, "BUILD_TIMEOUT");
    assert.match(output, /ran longer than 8 s/);
    assert.ok(Date.now() - started < 30_000, "the build was stopped, not waited out");
    assert.deepEqual(await api.releases("sleepy"), []);
  });

  it("queues builds of one app one after another, each with its own release", async () => {
    await api.createApp("queued");
    const dir = join(t.home, "queued");
    await writeNodeApp(dir, { scripts: { build: 'node -e "setTimeout(() => {}, 500)"' } });
    const builds = await Promise.all([1, 2, 3].map(() => submitTarball(api, "queued", dir)));
    for (const b of builds) await drain(api, "queued", b.id);
    const done = (await api.builds("queued")).sort((a, b) => a.number - b.number);
    assert.deepEqual(
      done.map((b) => b.status),
      ["succeeded", "succeeded", "succeeded"],
    );
    for (let i = 1; i < done.length; i++) {
      const previous = done[i - 1];
      const current = done[i];
      assert.ok(previous?.finishedAt && current?.startedAt);
      assert.ok(
        current.startedAt >= previous.finishedAt,
        `build ${current.number} started before ${previous.number} ended`,
      );
    }
    assert.deepEqual(
      (await api.releases("queued")).map((r) => r.version),
      [3, 2, 1],
    );
  });

  it("refuses a tarball that escapes the build directory: 422, no build, nothing written outside", async () => {
    await api.createApp("hostile");
    const header = new Header({
      path: "../../escaped-by-tar",
      type: "File",
      size: 5,
      mode: 0o644,
      mtime: new Date(0),
    });
    header.encode();
    const body = gzipSync(
      Buffer.concat([header.block as Buffer, Buffer.from("owned"), Buffer.alloc(507), Buffer.alloc(1024)]),
    );
    await assert.rejects(
      api.submitBuild("hostile", Readable.from([body]), { kind: "tarball" }),
      (err: unknown) => {
        assert.ok(err instanceof ApiError);
        assert.equal(err.status, 422);
        assert.equal(err.code, "SOURCE_UNSAFE");
        assert.match(err.message, /"\.\.\/\.\.\/escaped-by-tar" has a "\.\." segment/);
        return true;
      },
    );
    assert.deepEqual(await api.builds("hostile"), [], "no build was queued");
    assert.deepEqual(
      await filesContaining(join(t.dataDir, ".."), "owned"),
      [],
      "nothing was written anywhere",
    );
  });
});
