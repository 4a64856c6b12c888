// Key rotation against a real (in-memory SQLite) store: a value sealed with the old key just before the swap
// and written after the last pass is still opened, and the straggler sweep re-seals it under the new key.
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { Store } from "../store/index.js";
import { KeyService } from "./keys.js";
import { Sealer } from "./secrets.js";

describe("KeyService", () => {
  test("a straggler sealed with the retired key is opened, then re-sealed by the sweep", async () => {
    const store = await Store.open({});
    const old = randomBytes(32);
    const sealer = new Sealer(new Map([[1, old]]));
    const saved: ReadonlyMap<number, Buffer>[] = [];
    const keys = new KeyService(store, sealer, { source: "file", save: async (k) => void saved.push(k) });
    const app = randomUUID();
    await store.apps.insert({ id: app, name: "straggler", created_at: new Date().toISOString() });
    const late = sealer.seal("sealed before the swap");

    const rotation = await keys.rotate({});
    assert.equal(rotation.version, 2);
    assert.deepEqual([...(saved.at(-1)?.keys() ?? [])], [2], "the key file holds only the new key");
    assert.deepEqual(sealer.versions, [2]);
    // Written after the last pass, under the old key:
    await store.configVersions.insert({
      app_id: app,
      version: 1,
      vars: JSON.stringify({ LATE: late }),
      description: "",
      created_by: "t",
      created_at: new Date().toISOString(),
    });
    assert.equal(sealer.open(late), "sealed before the swap", "the retired key still opens it");

    await keys.flush();
    const row = await store.configVersions.latest(app);
    const stored = (JSON.parse(row?.vars ?? "{}") as { LATE: string }).LATE;
    assert.equal(Sealer.versionOf(stored), 2, "the sweep re-sealed it");
    assert.equal(sealer.open(stored), "sealed before the swap");
    assert.throws(() => sealer.open(late), /unknown key version/, "and the old key is gone from memory");
    assert.throws(() => new Sealer(new Map([[1, old]])).open(stored), "the old key cannot open the store");
    await store.close();
  });
});
