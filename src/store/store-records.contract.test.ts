// The store contract, an app's other records (cron runs, webhook deliveries, certificates), settings and sealed
// cells: the same suite runs against an SQLite file and a real PostgreSQL database.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Store } from "./index.js";
import { storeBackends } from "../testing/store-backends.js";

const ts = () => new Date().toISOString();

for (const backend of storeBackends()) {
  describe(`store contract, records: ${backend.name}`, () => {
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

    it("records a cron job's runs, and an outcome only for its latest run", async () => {
      const app = await newApp();
      const id = randomUUID();
      const number = await store.apps.next(app.id, "cron_seq");
      await store.cronJobs.insert({
        id,
        app_id: app.id,
        number,
        schedule: "*/5 * * * *",
        timezone: "UTC",
        command: JSON.stringify(["node", "job.js"]),
        created_by: "test",
        created_at: ts(),
        last_run_at: null,
        last_process: null,
        last_outcome: null,
      });
      await store.cronJobs.recordRun(id, {
        last_run_at: ts(),
        last_process: "scheduler.1",
        last_outcome: "running",
      });
      await store.cronJobs.recordRun(id, {
        last_run_at: ts(),
        last_process: "scheduler.2",
        last_outcome: "running",
      });
      await store.cronJobs.recordOutcome(id, "scheduler.1", "exit 1");
      assert.equal((await store.cronJobs.byNumber(app.id, number))?.last_outcome, "running");
      await store.cronJobs.recordOutcome(id, "scheduler.2", "exit 0");
      assert.equal((await store.cronJobs.byId(id))?.last_outcome, "exit 0");
      assert.equal(await store.apps.delete(app.id), true);
      assert.equal(await store.cronJobs.byId(id), undefined);
    });

    it("keeps a webhook's newest deliveries and every pending one, and deletes them with the app", async () => {
      const app = await newApp();
      const webhookId = `wh_${randomUUID().slice(0, 12)}`;
      await store.webhooks.insert({
        id: webhookId,
        app_id: app.id,
        url: "sealed-url",
        display_url: "https://example.com/",
        secret: "sealed-secret",
        events: '["release"]',
        created_by: "test",
        created_at: ts(),
      });
      const delivery = (n: number, status: "pending" | "delivered") => ({
        id: `whd_${webhookId}_${n}`,
        webhook_id: webhookId,
        app_id: app.id,
        event_id: `evt_${n}`,
        event: "release",
        action: "succeeded",
        payload: "{}",
        status,
        attempts: 0,
        next_attempt_at: null,
        created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
        finished_at: null,
      });
      await store.webhookDeliveries.insert(delivery(0, "pending"));
      for (let n = 1; n <= 4; n++) await store.webhookDeliveries.insert(delivery(n, "delivered"));
      await store.webhookDeliveries.addAttempt({
        delivery_id: delivery(4, "delivered").id,
        number: 1,
        at: ts(),
        status_code: 500,
        error: "HTTP 500",
        duration_ms: 3,
      });
      await store.webhookDeliveries.prune(webhookId, 2);
      const kept = await store.webhookDeliveries.of(webhookId, 10);
      assert.deepEqual(
        kept.map((d) => d.event_id),
        ["evt_4", "evt_3", "evt_0"],
      );
      const [attempt] = await store.webhookDeliveries.attemptsOf([delivery(4, "delivered").id]);
      assert.equal(attempt?.status_code, 500);
      assert.deepEqual(
        (await store.webhookDeliveries.pending()).map((d) => d.id),
        [delivery(0, "pending").id],
      );
      assert.equal(await store.apps.delete(app.id), true);
      assert.equal(await store.webhooks.byId(webhookId), undefined);
      assert.deepEqual(await store.webhookDeliveries.of(webhookId, 10), []);
    });

    it("keeps one certificate per host: put replaces it, delete and the app's deletion remove it", async () => {
      const app = await newApp();
      const host = `${randomUUID().slice(0, 8)}.example.test`;
      const row = { hostname: host, app_id: app.id, cert_pem: "c1", key_sealed: "fk1:a", created_at: ts() };
      await store.certificates.put(row);
      await store.certificates.put({ ...row, cert_pem: "c2", key_sealed: "fk1:b" });
      assert.deepEqual(
        (await store.certificates.of(app.id)).map((r) => [r.hostname, r.cert_pem, r.key_sealed]),
        [[host, "c2", "fk1:b"]],
      );
      assert.equal(await store.certificates.delete(app.id, host), true);
      assert.equal(await store.certificates.delete(app.id, host), false);
      await store.certificates.put(row);
      await store.apps.delete(app.id);
      assert.equal(await store.certificates.get(app.id, host), undefined);
    });

    it("sets a setting only once", async () => {
      const key = `k-${randomUUID()}`;
      assert.equal(await store.settings.setIfAbsent(key, "first"), true);
      assert.equal(await store.settings.setIfAbsent(key, "second"), false);
      assert.equal(await store.settings.get(key), "first");
    });

    it("reads every sealed column and rewrites a cell only if it still holds what was read", async () => {
      const app = await newApp();
      await store.configVersions.insert({
        app_id: app.id,
        version: 1,
        vars: '{"A":"fk1:old"}',
        description: "test",
        created_by: "test",
        created_at: ts(),
      });
      const cell = (await store.sealed.cells()).find(
        (c) => c.column.table === "config_versions" && c.key[0] === app.id,
      );
      assert.ok(cell);
      assert.deepEqual(cell.key, [app.id, 1]);
      assert.equal(cell.value, '{"A":"fk1:old"}');
      const rewritten = await store.transaction(async (tx) => {
        await tx.sealed.lockForRewrite(store.kind);
        return tx.sealed.replace(cell, '{"A":"fk2:new"}');
      });
      assert.equal(rewritten, true);
      assert.equal(
        await store.sealed.replace(cell, '{"A":"fk3:stale"}'),
        false,
        "a changed cell is left alone",
      );
      assert.equal((await store.configVersions.latest(app.id))?.vars, '{"A":"fk2:new"}');
    });
  });
}
