// PipelinesRepo on SQLite and PostgreSQL: one pipeline per app, stage moves, and cascades on delete.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createTempDatabase, type TempDatabase } from "../testing/postgres.js";
import { Store } from "./index.js";

const ts = () => new Date().toISOString();

const backends: Array<{ name: string; open(): Promise<{ store: Store; cleanup(): Promise<void> }> }> = [
  {
    name: "sqlite file",
    async open() {
      const dir = await mkdtemp(join(tmpdir(), "fifteen-pipelines-"));
      const store = await Store.open({ sqliteFile: join(dir, "fifteen.db") });
      return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: "postgresql",
    async open() {
      const db: TempDatabase = await createTempDatabase();
      const store = await Store.open({ databaseUrl: db.url, onError: () => undefined });
      return { store, cleanup: () => db.drop() };
    },
  },
];

for (const backend of backends) {
  describe(`pipelines store: ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    before(async () => {
      ({ store, cleanup } = await backend.open());
    });
    after(async () => {
      await store.close();
      await cleanup();
    });

    const newApp = (name: string) => store.apps.insert({ id: randomUUID(), name, created_at: ts() });
    const newPipeline = async (name: string) => {
      const row = { id: randomUUID(), name, created_by: "test", created_at: ts() };
      await store.pipelines.insert(row);
      return row;
    };

    it("keeps an app in one pipeline: moves stages within it, refuses another", async () => {
      const app = await newApp("web");
      const shop = await newPipeline("shop");
      const other = await newPipeline("other");
      const member = { app_id: app.id, pipeline_id: shop.id, created_at: ts() };
      assert.equal(await store.pipelines.setMembership({ ...member, stage: "staging" }), true);
      assert.equal(await store.pipelines.setMembership({ ...member, stage: "production" }), true);
      assert.equal(
        await store.pipelines.setMembership({ ...member, pipeline_id: other.id, stage: "development" }),
        false,
      );
      const membership = await store.pipelines.membershipOf(app.id);
      assert.equal(membership?.pipeline_id, shop.id);
      assert.equal(membership?.stage, "production");
      assert.deepEqual(
        (await store.pipelines.members(shop.id)).map((m) => [m.app_name, m.stage]),
        [["web", "production"]],
      );
      await assert.rejects(newPipeline("shop"));
    });

    it("drops memberships with their app, and with their pipeline (the apps stay)", async () => {
      const gone = await newApp("gone");
      const kept = await newApp("kept");
      const pipeline = await newPipeline("temp");
      for (const app of [gone, kept]) {
        await store.pipelines.setMembership({
          app_id: app.id,
          pipeline_id: pipeline.id,
          stage: "staging",
          created_at: ts(),
        });
      }
      await store.apps.delete(gone.id);
      assert.deepEqual(
        (await store.pipelines.members(pipeline.id)).map((m) => m.app_name),
        ["kept"],
      );
      assert.equal(await store.pipelines.delete(pipeline.id), true);
      assert.equal(await store.pipelines.membershipOf(kept.id), undefined);
      assert.equal((await store.apps.byId(kept.id))?.name, "kept");
    });

    it("stores where a promoted release came from", async () => {
      const app = await newApp("prod");
      await store.releases.insert({
        id: randomUUID(),
        app_id: app.id,
        version: 1,
        slug_digest: "a".repeat(64),
        source_digest: null,
        commit: null,
        config_version: 1,
        process_types: "{}",
        buildpack: null,
        build_id: null,
        description: "Promote web v3",
        status: "pending",
        rollback_of: null,
        promoted_from_app: "web",
        promoted_from_release: 3,
        failure: null,
        created_by: "test",
        created_at: ts(),
      });
      const row = await store.releases.byVersion(app.id, 1);
      assert.equal(row?.promoted_from_app, "web");
      assert.equal(row?.promoted_from_release, 3);
    });
  });
}
