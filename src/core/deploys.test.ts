// DeployService on a real core and SQLite store: what a built slug's deploy applies and says, in order, before
// its release and once the release settles (the runtime's part is played by settling releases by hand).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { Store, toApp } from "../store/index.js";
import {
  Core,
  Sealer,
  type BuildJob,
  type Manifest,
  type PostdeployRunner,
  type Principal,
} from "./index.js";

const admin: Principal = {
  tokenId: "",
  name: "deployer@example.com",
  permissions: new Set(),
  appId: null,
  user: null,
  roles: null,
};

describe("DeployService", () => {
  let dir: string;
  let store: Store;
  let core: Core;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "fifteen-deploys-"));
    store = await Store.open({ sqliteFile: join(dir, "fifteen.db") });
    let sources = 0;
    core = new Core({
      store,
      sealer: new Sealer(new Map([[1, randomBytes(32)]])),
      keys: { source: "env", save: () => Promise.resolve() },
      slugs: {
        put: () => Promise.reject(new Error("not in these tests")),
        path: (digest) => join(dir, digest),
        has: () => Promise.resolve(true),
        delete: () => Promise.resolve(),
      },
      sources: {
        put: (_body, _max, record) => record({ digest: `sha256:${++sources}`, size: 1 }),
        path: (digest) => join(dir, digest),
        delete: () => Promise.resolve(),
      },
      output: {
        append: () => undefined,
        close: () => undefined,
        isOpen: () => false,
        read: () => Readable.from([]),
        remove: () => Promise.resolve(),
      },
      files: { remove: () => Promise.resolve(), rename: () => Promise.resolve() },
      maxSourceBytes: 1024,
      egress: { checkUrl: (url) => Promise.resolve(new URL(url)) },
    });
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A build of `app` as the worker has it once it started. */
  async function job(appName: string): Promise<BuildJob> {
    const app = toApp((await store.apps.byName(appName))!);
    const build = await core.builds.submit(app, Readable.from([]), { kind: "tarball", commit: null }, admin);
    const started = await core.builds.start(build.id, app.id);
    assert.ok(started);
    return started;
  }

  function deployOutput(postdeploy?: PostdeployRunner) {
    const lines: string[] = [];
    const unexpected: unknown[] = [];
    return {
      lines,
      unexpected,
      output: {
        log: (text: string) => lines.push(...text.split("\n").filter((line) => line.trim() !== "")),
        unexpected: (err: unknown) => void unexpected.push(err),
        startedAt: Date.now(),
        postdeploy,
      },
    };
  }

  const slug = (manifest: Manifest | null) => ({
    buildpack: "procfile",
    slugDigest: "0".repeat(64),
    processTypes: { web: "node server.js" },
    manifest,
  });

  const manifest: Manifest = {
    config: { GREETING: { description: "How the shop greets", value: "hello" } },
    cron: [{ schedule: "0 3 * * *", command: "node nightly.js" }],
    scripts: { postdeploy: "node seed.js" },
  };

  it("a first deploy: defaults before the release; cron, the outcome and postdeploy once it is live", async () => {
    await core.apps.create("shop", admin);
    const ran: string[] = [];
    const { lines, output, unexpected } = deployOutput((app, command, actor, tee) => {
      ran.push(`${app.name} ${command} ${actor}`);
      tee("seeded");
      return Promise.resolve({ name: "run.1", exit: { code: 0, signal: null, endedBy: null } });
    });
    const deploy = await core.deploys.release(await job("shop"), slug(manifest), output);
    assert.ok(deploy);
    assert.equal(deploy.release.version, 1);
    // Settled before anyone waits: a rollout with nothing to start settles at once.
    const app = toApp((await store.apps.byName("shop"))!);
    await core.releases.settle(app, 1, "succeeded", null);
    const outcome = await deploy.settled(new AbortController().signal);
    assert.equal(outcome?.status, "succeeded");
    assert.deepEqual(
      lines.map((line) => line.replace(/\(\d+\.\d s\)/, "(T)")),
      [
        "-----> Manifest: config: set GREETING (its default)",
        "-----> Launching v1: starting the new processes beside the old ones",
        '-----> Manifest: cron: added "0 3 * * *" node nightly.js (job 1)',
        "-----> Released v1 (T)",
        "-----> Running postdeploy (first deploy): node seed.js",
        "       seeded",
        "-----> Postdeploy done (run.1)",
      ],
    );
    assert.deepEqual(ran, ["shop node seed.js deployer@example.com"]);
    assert.deepEqual(unexpected, []);
    assert.equal((await core.config.current(app)).vars.GREETING, "hello");
  });

  it("a later deploy whose release fails: says why and what keeps serving, applies nothing after it", async () => {
    const app = toApp((await store.apps.byName("shop"))!);
    let postdeploys = 0;
    const { lines, output } = deployOutput(() => {
      postdeploys++;
      return Promise.reject(new Error("not on a later deploy"));
    });
    const changed: Manifest = { ...manifest, cron: [] };
    const deploy = await core.deploys.release(await job("shop"), slug(changed), output);
    assert.ok(deploy);
    const settled = deploy.settled(new AbortController().signal);
    await core.releases.settle(app, 2, "failed", "web.1 exited during boot (exit 1)", ["Error: no PORT"]);
    assert.equal((await settled)?.status, "failed");
    assert.deepEqual(lines, [
      "-----> Launching v2: starting the new processes beside the old ones",
      " !     Release v2 failed: web.1 exited during boot (exit 1)",
      " !     Its last output:",
      " !       Error: no PORT",
      " !     v1 keeps serving.",
    ]);
    assert.equal(postdeploys, 0);
    assert.equal((await core.cron.of(app.id)).length, 1, "the live release's cron job stays");
  });

  it("a wait that is aborted ends the deploy's output there", async () => {
    const app = toApp((await store.apps.byName("shop"))!);
    const { lines, output } = deployOutput();
    const deploy = await core.deploys.release(await job("shop"), slug(null), output);
    assert.ok(deploy);
    const waiting = new AbortController();
    const settled = deploy.settled(waiting.signal);
    waiting.abort();
    assert.equal(await settled, undefined);
    await core.releases.settle(app, deploy.release.version, "succeeded", null);
    assert.deepEqual(lines, [
      `-----> Launching v${deploy.release.version}: starting the new processes beside the old ones`,
    ]);
  });

  it("a manifest that cannot be applied fails the deploy before any release exists", async () => {
    const app = toApp((await store.apps.byName("shop"))!);
    const before = (await core.releases.list(app)).length;
    const { output } = deployOutput();
    await assert.rejects(
      core.deploys.release(await job("shop"), slug({ addons: [{ kind: "nosuch" }] }), output),
      (err: unknown) => err instanceof Error && /no add-on kind "nosuch"/.test(err.message),
    );
    assert.equal((await core.releases.list(app)).length, before);
  });

  it("features follow fifteen.json once a deploy is live, unless someone turned one on or off by hand", async () => {
    await core.apps.create("chat", admin);
    const app = async () => toApp((await store.apps.byName("chat"))!);
    const deploy = async (manifest: Manifest | null) => {
      const { lines, output } = deployOutput();
      const started = await core.deploys.release(await job("chat"), slug(manifest), output);
      assert.ok(started);
      await core.releases.settle(await app(), started.release.version, "succeeded", null);
      await started.settled(new AbortController().signal);
      return lines.filter((line) => line.includes("features"));
    };
    const sticky: Manifest = { features: ["http-session-affinity"] };
    assert.deepEqual(await deploy(sticky), ["-----> Manifest: features: http-session-affinity enabled"]);
    assert.deepEqual((await app()).features, ["http-session-affinity"]);
    await core.features.set(await app(), "http-session-affinity", false);
    assert.deepEqual(await deploy(sticky), [
      "-----> Manifest: features: http-session-affinity stays disabled (set with features:disable; fifteen.json lists it)",
    ]);
    await core.features.set(await app(), "http-session-affinity", true);
    // Dropped from the manifest: off again, as the live release's manifest had it on.
    assert.deepEqual(await deploy({}), ["-----> Manifest: features: http-session-affinity disabled"]);
    assert.deepEqual(await deploy(null), []);
    const current = await app();
    assert.throws(
      () => core.features.get(current, "sticky"),
      /There is no feature "sticky"\. Features: http-session-affinity/,
    );
  });
});
