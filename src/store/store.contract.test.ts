// The store contract, apps and their deploys (tokens, users, config, builds, releases): the same suite runs
// against an SQLite file and a real PostgreSQL database (store-records.contract.test.ts has the rest).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { storeBackends } from "../testing/store-backends.js";
import { toApp, type BuildRow, type ReleaseRow, type Store } from "./index.js";

const ts = () => new Date().toISOString();

function release(appId: string, version: number, status: ReleaseRow["status"], slug: string): ReleaseRow {
  return {
    id: randomUUID(),
    app_id: appId,
    version,
    slug_digest: slug,
    source_digest: null,
    commit: null,
    config_version: 1,
    process_types: '{"web":"node server.js"}',
    buildpack: "node",
    build_id: null,
    description: `Deploy ${version}`,
    status,
    rollback_of: null,
    failure: null,
    created_by: "test",
    created_at: ts(),
  };
}

for (const backend of storeBackends()) {
  describe(`store contract: ${backend.name}`, () => {
    let store: Store;

    before(async () => {
      store = await backend.open();
    });
    after(async () => {
      await store.close();
      await backend.cleanup();
    });

    const newApp = (name = `app-${randomUUID().slice(0, 8)}`) =>
      store.apps.insert({ id: randomUUID(), name, created_at: ts() });

    it("migrates idempotently: reopening keeps the data", async () => {
      const app = await newApp();
      await store.close();
      store = await backend.open();
      assert.equal((await store.apps.byName(app.name))?.id, app.id);
    });

    it("enforces unique app names", async () => {
      const app = await newApp();
      await assert.rejects(newApp(app.name));
    });

    it("keeps an app's features: none on a new app, then what was set", async () => {
      const app = await newApp();
      assert.deepEqual(toApp(app).features, []);
      await store.apps.setFeatures(app.id, ["http-session-affinity"]);
      const row = await store.apps.byId(app.id);
      assert.ok(row);
      assert.deepEqual(toApp(row).features, ["http-session-affinity"]);
      await store.apps.setFeatures(app.id, []);
      assert.deepEqual(toApp((await store.apps.byId(app.id)) ?? row).features, []);
    });

    it("hands out distinct counter values under concurrency", async () => {
      const app = await newApp();
      const values = await Promise.all(
        Array.from({ length: 20 }, () => store.apps.next(app.id, "release_seq")),
      );
      assert.deepEqual(
        [...values].sort((a, b) => a - b),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
    });

    it("rolls a failed transaction back completely", async () => {
      const name = `rollback-${randomUUID().slice(0, 8)}`;
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.apps.insert({ id: randomUUID(), name, created_at: ts() });
          throw new Error("boom");
        }),
        /boom/,
      );
      assert.equal(await store.apps.byName(name), undefined);
    });

    it("finds tokens by lookup prefix", async () => {
      const lookup = randomUUID().replace(/-/g, "").slice(0, 16);
      await store.tokens.insert({
        id: randomUUID(),
        name: "t",
        lookup,
        hash: "ab".repeat(32),
        permissions: '["app:read"]',
        app_id: null,
        created_at: ts(),
        expires_at: null,
        user_id: null,
      });
      const rows = await store.tokens.byLookup(lookup);
      assert.equal(rows.length, 1);
      assert.deepEqual(JSON.parse(rows[0]?.permissions ?? ""), ["app:read"]);
    });

    it("never hands out the uid of a destroyed app again", async () => {
      const base = 3_000_000 + Math.floor(Math.random() * 100_000);
      const first = await newApp();
      const uid = await store.apps.assignUid(first.id, base, new Set());
      assert.equal(uid, base);
      assert.equal(await store.apps.assignUid(first.id, base, new Set()), uid, "an app keeps its uid");
      await store.apps.delete(first.id);
      const second = await newApp();
      assert.equal(await store.apps.assignUid(second.id, base, new Set()), base + 1);
      const third = await newApp();
      assert.equal(
        await store.apps.assignUid(third.id, base, new Set([base + 2])),
        base + 3,
        "reserved ids skipped",
      );
    });

    it("holds an app's row with lock() until the transaction ends", async () => {
      const app = await newApp();
      const order: string[] = [];
      const first = store.transaction(async (tx) => {
        await tx.apps.lock(app.id);
        order.push("first locked");
        await new Promise((r) => setTimeout(r, 200));
        order.push("first done");
      });
      await new Promise((r) => setTimeout(r, 50));
      const second = store.transaction(async (tx) => {
        await tx.apps.lock(app.id);
        order.push("second locked");
      });
      await Promise.all([first, second]);
      assert.deepEqual(order, ["first locked", "first done", "second locked"]);
      assert.equal((await store.apps.byId(app.id))?.name, app.name, "the name is untouched");
    });

    it("keeps one role per user and app, and drops roles and tokens with their user", async () => {
      const app = await newApp();
      const user = {
        id: randomUUID(),
        email: `u-${randomUUID().slice(0, 8)}@example.com`,
        password_hash: "scrypt$x",
        platform_admin: 0,
        created_at: ts(),
      };
      await store.users.insert(user);
      await assert.rejects(store.users.insert({ ...user, id: randomUUID() }), "emails are unique");
      await store.users.setRole({ app_id: app.id, user_id: user.id, role: "viewer", created_at: ts() });
      await store.users.setRole({ app_id: app.id, user_id: user.id, role: "deployer", created_at: ts() });
      const members = await store.users.membersOf(app.id);
      assert.deepEqual(
        members.map((m) => [m.email, m.role]),
        [[user.email, "deployer"]],
      );
      const lookup = randomUUID().replace(/-/g, "").slice(0, 16);
      await store.tokens.insert({
        id: randomUUID(),
        name: "login",
        lookup,
        hash: "cd".repeat(32),
        permissions: '["platform:admin"]',
        app_id: null,
        created_at: ts(),
        expires_at: null,
        user_id: user.id,
      });
      assert.equal(await store.users.delete(user.id), true);
      assert.deepEqual(await store.users.membersOf(app.id), []);
      assert.deepEqual(await store.tokens.byLookup(lookup), []);
    });

    it("returns the latest config version", async () => {
      const app = await newApp();
      for (const version of [1, 2, 3]) {
        await store.configVersions.insert({
          app_id: app.id,
          version,
          vars: JSON.stringify({ V: String(version) }),
          description: "",
          created_by: "t",
          created_at: ts(),
        });
      }
      assert.equal((await store.configVersions.latest(app.id))?.version, 3);
      assert.equal((await store.configVersions.get(app.id, 2))?.vars, '{"V":"2"}');
    });

    it("does not count a config change whose release failed, and keeps that release's last output", async () => {
      const app = await newApp();
      const change = async (version: number, releaseVersion: number | null) => {
        await store.configVersions.insert({
          app_id: app.id,
          version,
          vars: JSON.stringify({ V: String(version) }),
          description: "",
          created_by: "t",
          created_at: ts(),
        });
        if (releaseVersion !== null) {
          await store.releases.insert({
            ...release(app.id, releaseVersion, "pending", "f".repeat(64)),
            config_version: version,
          });
          await store.configVersions.linkRelease(app.id, version, releaseVersion);
        }
      };
      await change(1, null);
      await change(2, 1);
      assert.equal((await store.configVersions.latest(app.id))?.version, 2, "pending counts");
      await store.releases.settle(app.id, 1, "succeeded", null);
      await change(3, 2);
      assert.equal(
        await store.releases.settle(app.id, 2, "failed", "web.1 exited", ["Error: bad key"]),
        true,
      );
      assert.equal((await store.configVersions.latest(app.id))?.version, 2);
      assert.equal((await store.configVersions.latest(app.id))?.release_version, 1);
      assert.equal((await store.releases.byVersion(app.id, 2))?.failure_output, '["Error: bad key"]');
      assert.equal((await store.releases.byVersion(app.id, 1))?.failure_output, null);
      await change(4, 3);
      assert.equal((await store.configVersions.latest(app.id))?.version, 4);
    });

    it("moves builds only from the expected states", async () => {
      const app = await newApp();
      const sourceId = randomUUID();
      await store.sources.insert({
        id: sourceId,
        app_id: app.id,
        kind: "tarball",
        digest: "0".repeat(64),
        commit: null,
        size: 1,
        created_by: "t",
        created_at: ts(),
      });
      const build: BuildRow = {
        id: randomUUID(),
        app_id: app.id,
        number: 1,
        source_id: sourceId,
        status: "queued",
        buildpack: null,
        slug_digest: null,
        error_code: null,
        error: null,
        release_version: null,
        created_by: "t",
        created_at: ts(),
        started_at: null,
        finished_at: null,
      };
      await store.builds.insert(build);
      assert.equal(await store.builds.transition(build.id, ["running"], { status: "succeeded" }), false);
      assert.equal(await store.builds.transition(build.id, ["queued"], { status: "running" }), true);
      assert.deepEqual(
        (await store.builds.unfinished()).filter((b) => b.id === build.id).map((b) => b.status),
        ["running"],
      );
    });

    it("lists releases newest first and finds the current one", async () => {
      const app = await newApp();
      const other = await newApp();
      await store.releases.insert(release(app.id, 1, "succeeded", "a".repeat(64)));
      await store.releases.insert(release(app.id, 2, "succeeded", "b".repeat(64)));
      await store.releases.insert(release(app.id, 3, "failed", "c".repeat(64)));
      await store.releases.insert(release(other.id, 1, "succeeded", "b".repeat(64)));
      assert.deepEqual(
        (await store.releases.list(app.id, 10)).map((r) => r.version),
        [3, 2, 1],
      );
      assert.equal((await store.releases.current(app.id))?.version, 2);
      await assert.rejects(store.releases.insert(release(app.id, 2, "succeeded", "d".repeat(64))));
      const shared = await store.releases.slugsUsedOutside(app.id, await store.releases.slugsOf(app.id));
      assert.deepEqual([...shared], ["b".repeat(64)]);
    });

    it("deletes an app with everything that belongs to it", async () => {
      const app = await newApp();
      await store.releases.insert(release(app.id, 1, "succeeded", "e".repeat(64)));
      assert.equal(await store.apps.delete(app.id), true);
      assert.deepEqual(await store.releases.list(app.id, 10), []);
    });
  });
}
