// `fifteen doctor` as an operator runs it: which isolation is active, and the state of each part.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { detectSandbox } from "../isolation/sandbox.js";
import { fifteen, startTestPlatform, type TestPlatform } from "../testing/platform.js";

describe("fifteen doctor", () => {
  let t: TestPlatform;
  before(async () => {
    t = await startTestPlatform({ FIFTEEN_POSTGRES_URL: "postgres://postgres@127.0.0.1:5432/postgres" });
  });
  after(() => t.close());

  it("says which isolation is active, and how the store, router and add-on servers stand", async () => {
    const result = await fifteen(t, ["doctor", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const checks = JSON.parse(result.stdout) as Array<{
      name: string;
      ok: boolean;
      detail: string;
      advice?: string;
    }>;
    const byName = new Map(checks.map((c) => [c.name, c]));
    const sandbox = (await detectSandbox()).kind;
    const isolation = byName.get("isolation");
    assert.equal(isolation?.ok, sandbox === "bubblewrap");
    assert.match(isolation?.detail ?? "", sandbox === "bubblewrap" ? /^bubblewrap: / : /^none: /);
    // Tests run as root in CI: then apps get their own uids and cgroups hold their limits.
    const root = process.getuid?.() === 0;
    const uids = byName.get("per-app uids");
    assert.equal(uids?.ok, root);
    assert.match(
      uids?.detail ?? "",
      root
        ? /^on: each app runs as its own uid .*FIFTEEN_APP_UID_BASE/
        : /^off: the platform does not run as root/,
    );
    const limits = byName.get("limits");
    assert.match(
      limits?.detail ?? "",
      /^(cgroup v1|cgroup v2|watchdog): .*memory 512M per process .*builds 2G and 1024 processes at nice 10/,
    );
    assert.equal(limits?.ok, /^cgroup/.test(limits?.detail ?? ""));
    assert.equal(byName.get("store")?.ok, true);
    assert.match(byName.get("store")?.detail ?? "", /^SQLite in /);
    assert.equal(byName.get("router")?.ok, true);
    assert.deepEqual(byName.get("postgres add-ons"), {
      name: "postgres add-ons",
      ok: true,
      detail: "provisioned on 127.0.0.1:5432",
    });
    const tls = byName.get("tls");
    assert.equal(tls?.ok, true);
    assert.equal(
      tls?.detail,
      "router HTTPS off (FIFTEEN_ROUTER_HTTPS_PORT unset); the API serves plain HTTP",
    );
    // Dedicated servers need only redis-server; the shared plan needs FIFTEEN_REDIS_URL, unset here.
    assert.equal(byName.get("redis add-ons")?.ok, true);
    assert.match(
      byName.get("redis add-ons")?.detail ?? "",
      /^dedicated plans with \/.*redis-server; no dedicated servers yet; shared plan not configured \(FIFTEEN_REDIS_URL\); default plan mini$/,
    );
    assert.ok(!result.stdout.includes("postgres@"), "no credentials in the report");

    const text = await fifteen(t, ["doctor"]);
    assert.match(text.stdout, /^(ok {2}|WARN) {2}isolation +(bubblewrap|none): /m);
    assert.match(text.stdout, /^(ok {2}|WARN) {2}per-app uids +(on|off): /m);
    assert.match(text.stdout, /^(ok {2}|WARN) {2}limits +(cgroup v1|cgroup v2|watchdog): /m);
    assert.match(text.stdout, /^ok {4}redis add-ons +dedicated plans with /m);
  });

  it("is for platform admins only", async () => {
    const { token } = await t.platform.core.tokens.create("viewer", ["app:read"], null);
    const refused = await fifteen(t, ["doctor"], { env: { FIFTEEN_TOKEN: token } });
    assert.match(refused.stderr, /FORBIDDEN/);
  });
});
