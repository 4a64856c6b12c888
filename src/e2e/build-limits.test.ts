// Build limits a user can observe: the time limit stops a build, and builds of one app never interleave.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ApiClient } from "../client/index.js";
import { writeNodeApp } from "../testing/apps.js";
import { ADMIN_TOKEN, startTestPlatform, type TestPlatform } from "../testing/platform.js";
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
    t = await startTestPlatform({ FIFTEEN_BUILD_TIMEOUT_SECONDS: "3" });
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
    assert.match(output, /ran longer than 3 s/);
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
});
