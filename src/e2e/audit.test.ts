// The audit log as an operator sees it: changes and refused requests recorded with actor, token, action,
// target, source and outcome; and an entry edited directly in the database found by `audit --verify`.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { get } from "node:http";
import { request } from "undici";
import type { AuditEntry } from "../client/index.js";
import { fifteen, startTestPlatform, type TestPlatform } from "../testing/platform.js";

describe("audit log", () => {
  let t: TestPlatform;
  const audit = async () =>
    (JSON.parse((await fifteen(t, ["audit", "-n", "100", "--json"])).stdout) as AuditEntry[]).reverse();

  before(async () => {
    t = await startTestPlatform();
  });
  after(() => t.close());

  it("records every change and every refused request, with who, what, where from and the outcome", async () => {
    assert.equal((await fifteen(t, ["apps:create", "ledger"])).code, 0);
    assert.equal((await fifteen(t, ["config:set", "A=1", "-a", "ledger"])).code, 0);
    assert.equal((await fifteen(t, ["config", "-a", "ledger"])).code, 0, "a read is not a change");
    const refused = await request(`${t.apiUrl}/v1/apps/ledger/config-vars`, {
      method: "PATCH",
      headers: { authorization: "Bearer fft_not_a_real_token", "content-type": "application/json" },
      body: JSON.stringify({ A: "2" }),
    });
    await refused.body.dump();
    assert.equal(refused.statusCode, 401);

    const entries = await audit();
    const actions = entries.map((e) => `${e.actor} ${e.action} ${e.target ?? "-"} ${e.outcome} ${e.status}`);
    assert.deepEqual(actions, [
      "admin POST /v1/apps - allowed 201",
      "admin PATCH /v1/apps/:app/config-vars ledger allowed 200",
      "anonymous PATCH /v1/apps/:app/config-vars ledger denied 401",
    ]);
    assert.ok(entries[0]?.tokenId, "the token that acted");
    assert.equal(entries[2]?.tokenId, null);
    assert.match(entries[0]?.sourceIp ?? "", /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
    assert.ok(entries.every((e, i) => e.seq === i + 1 && /^[0-9a-f]{64}$/.test(e.hash)));

    const verified = await fifteen(t, ["audit", "--verify"]);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stderr, /The audit log holds: \d+ entries checked/);
  });

  it("finds an entry edited directly in the database: audit --verify names the first broken one", async () => {
    // The API's own audit reads above are not changes; the chain so far is the three entries, plus the
    // `audit --verify` and `audit` calls, which are GETs and not recorded.
    const db = new Database(join(t.dataDir, "fifteen.db"));
    try {
      db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").run();
    } finally {
      db.close();
    }
    const verified = await fifteen(t, ["audit", "--verify"]);
    assert.equal(verified.code, 1);
    assert.match(
      verified.stderr,
      /entry 2 is the first that does not hold \(its contents do not match its hash/,
    );
    assert.match(verified.stderr, /1 entries before it hold/);

    const db2 = new Database(join(t.dataDir, "fifteen.db"));
    try {
      db2.prepare("UPDATE audit_log SET actor = 'admin' WHERE seq = 2").run();
      db2.prepare("DELETE FROM audit_log WHERE seq = 1").run();
    } finally {
      db2.close();
    }
    const deleted = JSON.parse((await fifteen(t, ["audit", "--verify", "--json"])).stdout) as {
      ok: boolean;
      firstBroken: { seq: number; reason: string };
    };
    assert.equal(deleted.ok, false);
    assert.deepEqual(deleted.firstBroken, { seq: 2, reason: "entry 1 is missing" });
  });

  it("folds a flood of bad tokens from one address into one entry and a count; other addresses keep theirs", async () => {
    // Loopback addresses of their own, so nothing earlier in this file shares their window.
    // (node:http, since it can choose the local address.)
    const refused = (localAddress: string, i: number) =>
      new Promise<number | undefined>((resolve, reject) => {
        get(
          `${t.apiUrl}/v1/apps`,
          { localAddress, headers: { authorization: `Bearer fft_guess_${i}_0123456789abcdef` } },
          (res) => res.resume().on("end", () => resolve(res.statusCode)),
        ).on("error", reject);
      });
    const flood = "127.0.0.3";
    const other = "127.0.0.4";
    const before = (await audit()).at(-1)?.seq ?? 0;
    const statuses = await Promise.all(Array.from({ length: 200 }, (_, i) => refused(flood, i)));
    assert.ok(statuses.every((s) => s === 401));
    assert.equal(await refused(other, 0), 401);
    assert.equal((await fifteen(t, ["apps"])).code, 0, "a good token is not held up");
    assert.equal((await fifteen(t, ["apps:create", "after-flood"])).code, 0);

    const since = async (seq: number) => (await audit()).filter((e) => e.seq > seq);
    const during = (await since(before)).map((e) => `${e.action} ${e.sourceIp} ${e.status}`);
    assert.deepEqual(during, [
      "GET /v1/apps 127.0.0.3 401",
      "GET /v1/apps 127.0.0.4 401",
      "POST /v1/apps 127.0.0.1 201",
    ]);
    // The count is written when the window closes; a stopping platform closes every window.
    await t.restart();
    const folded = await since(before + during.length);
    assert.deepEqual(
      folded.map((e) => `${e.actor} ${e.action} ${e.sourceIp} ${e.outcome} ${e.status}`),
      ["anonymous 199 more failures without a valid token 127.0.0.3 denied 401"],
    );
  });
});
