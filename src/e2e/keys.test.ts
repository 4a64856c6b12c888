// Master key rotation as an operator runs it: `fifteen admin:rotate-key` while an app serves through the router
// and config changes land, then the raw store checked against the old and new keys, and a restart.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { request } from "undici";
import { ApiClient, type ConfigVars } from "../client/index.js";
import { Sealer } from "../core/index.js";
import { keyFileIn, parseKeyFile } from "../platform/keys.js";
import { SEALED_COLUMNS } from "../store/index.js";
import { writeNodeApp } from "../testing/apps.js";
import { ADMIN_TOKEN, fifteen, startTestPlatform, type TestPlatform } from "../testing/platform.js";

const SERVER = `require("http").createServer((q, s) => s.end("secret=" + process.env.SECRET)).listen(process.env.PORT);\n`;

/** Every sealed value in the SQLite store, read straight from the file. */
function sealedValues(dataDir: string): string[] {
  const db = new Database(join(dataDir, "fifteen.db"), { readonly: true });
  try {
    const out: string[] = [];
    for (const { table, column, shape } of SEALED_COLUMNS) {
      const rows = db.prepare(`SELECT "${column}" AS v FROM "${table}"`).all() as { v: string }[];
      for (const { v } of rows) {
        if (shape === "value") out.push(v);
        else out.push(...Object.values(JSON.parse(v) as Record<string, string>));
      }
    }
    return out;
  } finally {
    db.close();
  }
}

describe("master key rotation", () => {
  let t: TestPlatform;
  let dir: string;
  const cli = (args: string[], env?: Record<string, string>) =>
    fifteen(t, [...args, "-a", "vault"], { cwd: dir, ...(env ? { env } : {}) });
  const newestRelease = async () =>
    Math.max(
      ...(JSON.parse((await cli(["releases", "--json"])).stdout) as { version: number }[]).map(
        (r) => r.version,
      ),
    );
  const config = async () => JSON.parse((await cli(["config", "--json"])).stdout) as ConfigVars["vars"];

  before(async () => {
    t = await startTestPlatform({ FIFTEEN_EGRESS_ALLOW: "127.0.0.1" });
    dir = join(t.home, "vault");
    await writeNodeApp(dir, { files: { "server.js": SERVER } });
    assert.equal((await fifteen(t, ["apps:create", "vault"])).code, 0);
    const set = await cli(["config:set", "SECRET=s3cr3t", "UNICODE=pâté ✓", "EMPTYISH= "]);
    assert.equal(set.code, 0, set.stderr);
    const addon = await cli(["addons:create", "url", "--as", "CACHE", "--url", "redis://u:pw@127.0.0.1:1/0"]);
    assert.equal(addon.code, 0, addon.stderr);
    const drain = await cli(["drains:add", "syslog://127.0.0.1:9"]);
    assert.equal(drain.code, 0, drain.stderr);
    const hook = await cli(["webhooks:add", "http://127.0.0.1:9/hook", "--events", "release"]);
    assert.equal(hook.code, 0, hook.stderr);
    const deploy = await cli(["deploy"]);
    assert.equal(deploy.code, 0, deploy.stderr);
  });
  after(() => t.close());

  const served = async () => {
    const res = await request(t.platform.routerUrl, { headers: { host: "vault.localhost" } });
    return { status: res.statusCode, body: await res.body.text() };
  };

  it("re-encrypts every secret while the app keeps answering and config changes land", async () => {
    const before = await config();
    const oldFile = await readFile(keyFileIn(t.dataDir));
    const oldSealer = new Sealer(parseKeyFile("old", oldFile));
    const releasesBefore = await newestRelease();
    assert.deepEqual(await served(), { status: 200, body: "secret=s3cr3t" });

    let stop = false;
    const failures: string[] = [];
    let requests = 0;
    const traffic = (async () => {
      while (!stop) {
        const res = await served().catch((err: Error) => ({ status: 0, body: err.message }));
        requests += 1;
        if (res.status !== 200 || res.body !== "secret=s3cr3t") failures.push(`${res.status} ${res.body}`);
      }
    })();
    // Config changes racing the rotation, through the API: none may be lost or left under the old key.
    const api = new ApiClient(t.apiUrl, ADMIN_TOKEN);
    let writes = 0;
    const writer = (async () => {
      while (!stop) {
        writes += 1;
        await api.configUpdate("vault", { COUNTER: String(writes) });
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    const rotated = await fifteen(t, ["admin:rotate-key"]);
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all([traffic, writer]);

    assert.equal(rotated.code, 0, rotated.stderr);
    assert.match(rotated.stdout, /Rotated the master key to version fk2: \d+ sealed values re-encrypted\./);
    assert.deepEqual(failures, [], `${failures.length} of ${requests} requests failed`);
    assert.ok(requests > 5, `the app was requested during the rotation (${requests} times)`);

    const newFile = await readFile(keyFileIn(t.dataDir));
    assert.notDeepEqual(newFile, oldFile, "the key file changed");
    assert.equal((await stat(keyFileIn(t.dataDir))).mode & 0o777, 0o600);
    const newKeys = parseKeyFile("new", newFile);
    assert.deepEqual([...newKeys.keys()], [2], "only the new key is kept");
    const newKey = newKeys.get(2) as Buffer;
    for (const shown of [newKey.toString("base64"), newKey.toString("hex"), newKey.toString("base64url")]) {
      assert.ok(
        !rotated.stdout.includes(shown) && !rotated.stderr.includes(shown),
        "the key is never printed",
      );
    }

    const after = await config();
    assert.equal(after.COUNTER, String(writes), "the last concurrent config:set landed");
    delete after.COUNTER;
    assert.deepEqual(after, before, "config values read back the same");
    assert.equal((await cli(["config:get", "SECRET"])).stdout.trim(), "s3cr3t");
    assert.equal(
      (await newestRelease()) - releasesBefore,
      writes,
      "a release per config change and none for the rotation",
    );

    const newSealer = new Sealer(newKeys);
    const values = sealedValues(t.dataDir);
    assert.ok(values.length >= 8, `config vars, add-on, drain and webhook values (${values.length})`);
    for (const value of values) {
      assert.match(value, /^fk2:/);
      assert.throws(() => oldSealer.open(value), "the old key does not open it");
      assert.doesNotThrow(() => newSealer.open(value));
    }
    // The audit log records the rotation like every change.
    const audit = JSON.parse((await fifteen(t, ["audit", "-n", "1000", "--json"])).stdout) as {
      action: string;
    }[];
    assert.ok(audit.some((e) => e.action === "POST /v1/admin/rotate-key"));
  });

  it("rotates again with --json, and a restart reads config with the new key", async () => {
    const rotated = await fifteen(t, ["admin:rotate-key", "--json"]);
    assert.equal(rotated.code, 0, rotated.stderr);
    const result = JSON.parse(rotated.stdout) as { version: number; reencrypted: number; keySource: string };
    assert.equal(result.version, 3);
    assert.equal(result.keySource, "file");
    assert.ok(result.reencrypted >= 8);
    await t.restart();
    assert.equal((await cli(["config:get", "SECRET"])).stdout.trim(), "s3cr3t");
    assert.equal((await cli(["config:get", "UNICODE"])).stdout.trim(), "pâté ✓");
    assert.ok(sealedValues(t.dataDir).every((v) => v.startsWith("fk3:")));
  });
});

describe("master key rotation with FIFTEEN_MASTER_KEY", () => {
  const oldKey = randomBytes(32);
  let t: TestPlatform;

  before(async () => {
    t = await startTestPlatform({ FIFTEEN_MASTER_KEY: oldKey.toString("hex") });
    assert.equal((await fifteen(t, ["apps:create", "envkey"])).code, 0);
    assert.equal((await fifteen(t, ["config:set", "SECRET=s3cr3t", "-a", "envkey"])).code, 0);
  });
  after(() => t.close());

  it("refuses without a new key and says how, rotates with --key-file, and restarts with fkN:KEY", async () => {
    const refused = await fifteen(t, ["admin:rotate-key"]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /FIFTEEN_MASTER_KEY, which the platform cannot rewrite/);
    assert.match(refused.stderr, /--key-file/);

    const keyFile = join(t.home, "new.key");
    await writeFile(keyFile, "not a key\n");
    const bad = await fifteen(t, ["admin:rotate-key", "--key-file", keyFile]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /must be 32 bytes/);
    await writeFile(keyFile, `${oldKey.toString("hex")}\n`);
    assert.match((await fifteen(t, ["admin:rotate-key", "--key-file", keyFile])).stderr, /is the one in use/);

    const newKey = randomBytes(32);
    await writeFile(keyFile, `${newKey.toString("base64")}\n`);
    const rotated = await fifteen(t, ["admin:rotate-key", "--key-file", keyFile]);
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.match(rotated.stdout, /version fk2: 1 sealed value re-encrypted/);
    assert.match(
      rotated.stdout,
      /Set FIFTEEN_MASTER_KEY=fk2:<the key in .*new\.key> before the platform restarts/,
    );
    assert.ok(!rotated.stdout.includes(newKey.toString("base64")));
    assert.equal((await fifteen(t, ["config:get", "SECRET", "-a", "envkey"])).stdout.trim(), "s3cr3t");
    assert.throws(() => new Sealer(new Map([[1, oldKey]])).open(sealedValues(t.dataDir)[0] as string));

    // Restarting with the old env key fails at once, saying what to set; with fk2:KEY it reads config.
    await assert.rejects(
      t.restart({ FIFTEEN_MASTER_KEY: oldKey.toString("hex") }),
      /sealed with key version fk2.*set it to fk2:<the new key>/,
    );
    await t.restart({ FIFTEEN_MASTER_KEY: `fk2:${newKey.toString("base64")}` });
    assert.equal((await fifteen(t, ["config:get", "SECRET", "-a", "envkey"])).stdout.trim(), "s3cr3t");
  });
});
