// Schema-driven fuzzing: malformed requests, generated from /openapi.json, to every operation of the API (git
// and the WebSocket attach route included), with an admin token and without one. No answer may be a 5xx, and
// nothing in the store or the data dir may change.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { request } from "undici";
import WebSocket from "ws";
import { writeNodeApp } from "../testing/apps.js";
import {
  malformedRequests,
  seeded,
  type FuzzRequest,
  type JsonSchema,
  type Operation,
} from "../testing/fuzz.js";
import { ADMIN_TOKEN, fifteen, startTestPlatform, type TestPlatform } from "../testing/platform.js";

const APP = "fuzz";
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];
/** The audit log rightly records every refused attempt; it is the one table that must change. */
const CHANGING_TABLES = new Set(["audit_log"]);
/** Data dir parts that hold state (uploads, built slugs, build logs, repositories). */
const STATE_DIRS = ["slugs", "sources", "build-output", "repos"];

type Paths = Record<string, Record<string, Operation>>;

/** Every table of the store (but the audit log), rows sorted, as one comparable value. */
function snapshotStore(dataDir: string): Record<string, string[]> {
  const db = new Database(join(dataDir, "fifteen.db"), { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string }[];
    const out: Record<string, string[]> = {};
    for (const { name } of tables) {
      if (CHANGING_TABLES.has(name)) continue;
      out[name] = (db.prepare(`SELECT * FROM "${name}"`).all() as object[])
        .map((r) => JSON.stringify(r))
        .sort();
    }
    return out;
  } finally {
    db.close();
  }
}

async function snapshotFiles(dataDir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const dir of STATE_DIRS) {
    const entries = await readdir(join(dataDir, dir), { recursive: true, withFileTypes: true }).catch(
      () => [],
    );
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      out[path.slice(dataDir.length)] = createHash("sha256")
        .update(await readFile(path))
        .digest("hex");
    }
  }
  return out;
}

/** Good values for path parameters not under attack: the fuzzed app, and names that exist nowhere. */
function good(param: string, schema: JsonSchema | undefined): string {
  if (param === "app") return APP;
  return schema?.type === "integer" || schema?.type === "number" ? "999" : "nope";
}

describe("fuzzing every operation of /openapi.json", () => {
  let t: TestPlatform;
  let paths: Paths;

  before(async () => {
    t = await startTestPlatform();
    const dir = join(t.home, APP);
    await writeNodeApp(dir);
    const cli = ([command, ...rest]: string[]) =>
      fifteen(t, [command as string, "-a", APP, ...rest], { cwd: dir });
    assert.equal((await fifteen(t, ["apps:create", APP])).code, 0);
    assert.equal((await cli(["config:set", "SECRET=s3cr3t"])).code, 0);
    const cron = await cli(["cron:add", "0 3 * * *", "--", "true"]);
    assert.equal(cron.code, 0, cron.stderr);
    assert.equal((await cli(["domains:add", "fuzz.example.com"])).code, 0);
    const token = await fifteen(t, ["tokens:create", "fuzz-ci", "--app", APP]);
    assert.equal(token.code, 0, token.stderr);
    const deploy = await cli(["deploy"]);
    assert.equal(deploy.code, 0, deploy.stderr);
    const res = await request(`${t.apiUrl}/openapi.json`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    paths = ((await res.body.json()) as { paths: Paths }).paths;
  });
  after(() => t.close());

  it("answers every malformed request below 500 and changes nothing", async () => {
    const random = seeded(15);
    const operations = Object.entries(paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({ path, method, op })),
    );
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const requests: FuzzRequest[] = [];
    const fuzzed = new Set<string>();
    for (const { path, method, op } of operations) {
      const generated = malformedRequests(method, path, op, good, admin);
      // Some of each without a token too, so the 401 path sees the same junk.
      const anonymous = generated
        .filter(() => random() < 0.2)
        .map((r) => ({ ...r, label: `${r.label} (no token)`, headers: withoutAuth(r.headers) }));
      requests.push(...generated, ...anonymous);
      if (generated.length > 0) fuzzed.add(`${method} ${path}`);
    }
    assert.equal(fuzzed.size, operations.length, "every operation in the document gets malformed requests");

    const storeBefore = snapshotStore(t.dataDir);
    const filesBefore = await snapshotFiles(t.dataDir);
    const failures: string[] = [];
    const send = async (r: FuzzRequest) => {
      try {
        const res = await request(`${t.apiUrl}${r.url}`, {
          method: r.method as "GET",
          headers: r.headers,
          ...(r.body === undefined ? {} : { body: r.body }),
          headersTimeout: 10_000,
          bodyTimeout: 10_000,
        });
        const text = await res.body.text();
        if (res.statusCode >= 500)
          failures.push(
            `${r.method} ${r.url.slice(0, 120)} [${r.label}] → ${res.statusCode} ${text.slice(0, 200)}`,
          );
      } catch (err) {
        failures.push(`${r.method} ${r.url.slice(0, 120)} [${r.label}] → ${(err as Error).message}`);
      }
    };
    const queue = [...requests];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let r = queue.shift(); r; r = queue.shift()) await send(r);
      }),
    );
    failures.push(...(await fuzzAttach(t.apiUrl)));

    assert.deepEqual(
      failures,
      [],
      `${failures.length} of ${requests.length} requests failed:\n${failures.join("\n")}`,
    );
    assert.deepEqual(snapshotStore(t.dataDir), storeBefore, "the store is unchanged");
    assert.deepEqual(await snapshotFiles(t.dataDir), filesBefore, "the data dir is unchanged");
  });
});

function withoutAuth(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "authorization"));
}

/** The attach route over a real WebSocket: malformed first messages must get a known error, never INTERNAL. */
async function fuzzAttach(apiUrl: string): Promise<string[]> {
  const messages = [
    "{not json",
    "[]",
    "null",
    JSON.stringify({ command: "ls" }),
    JSON.stringify({ command: [] }),
    JSON.stringify({ command: [1, 2] }),
    JSON.stringify({ command: ["true"], timeoutSeconds: -5 }),
    JSON.stringify({ command: ["true"], timeoutSeconds: "soon" }),
    JSON.stringify({ command: ["true"], env: "A=1" }),
    JSON.stringify({ command: ["true"], env: { "": "x", PORT: 1 } }),
    JSON.stringify({ command: ["x".repeat(100_000)] }),
    JSON.stringify({ command: ["true"], unknown: { deep: 1 } }),
  ];
  const failures: string[] = [];
  const url = `${apiUrl.replace(/^http/, "ws")}/v1/apps/${APP}/processes/attach`;
  for (const [i, message] of messages.entries()) {
    const answer = await new Promise<string>((resolve) => {
      const ws = new WebSocket(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      const replies: string[] = [];
      ws.on("open", () => ws.send(message));
      ws.on("message", (data, binary) => {
        if (!binary) replies.push(data.toString());
      });
      ws.on("unexpected-response", (_req, res) => resolve(`http ${res.statusCode}`));
      ws.on("close", () => resolve(replies.join(" ")));
      ws.on("error", (err) => resolve(`error ${err.message}`));
      setTimeout(() => {
        ws.terminate();
        resolve(`timeout after ${replies.join(" ")}`);
      }, 10_000);
    });
    if (!/"type":"error"/.test(answer) || /"code":"INTERNAL"/.test(answer)) {
      failures.push(`attach message ${i} ${message.slice(0, 60)} → ${answer.slice(0, 200)}`);
    }
  }
  return failures;
}
