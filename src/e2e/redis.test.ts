// The redis add-on as a drop-in REDIS_URL: a web+worker app on Bull (from the registry) gets a dedicated
// redis-server, queues and processes jobs through it, keeps them across a server crash and a platform restart.
import assert from "node:assert/strict";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import type { Addon, AddonChange } from "../client/index.js";
import { writeNodeApp } from "../testing/apps.js";
import { fifteen, startTestPlatform, type TestPlatform } from "../testing/platform.js";

/** The web process: POST /jobs queues one, GET /jobs/:id says how it went. */
const WEB = `const http = require("http");
const Queue = require("bull");

const sums = new Queue("sums", process.env.REDIS_URL);

function send(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

http
  .createServer(async (req, res) => {
    try {
      if (req.method === "POST" && req.url === "/jobs") {
        let body = "";
        for await (const chunk of req) body += chunk;
        const job = await sums.add(JSON.parse(body || "{}"));
        return send(res, 201, { id: String(job.id) });
      }
      const match = /^\\/jobs\\/(\\d+)$/.exec(req.url);
      if (req.method === "GET" && match) {
        let job = await sums.getJob(match[1]);
        if (!job) return send(res, 404, { error: "no such job" });
        const state = await job.getState();
        // It may have finished between the two reads: read it again for its result.
        if (state === "completed") job = await sums.getJob(match[1]);
        return send(res, 200, { id: String(job.id), state, result: job.returnvalue });
      }
      send(res, 404, { error: "not found" });
    } catch (err) {
      send(res, 500, { error: err.message });
    }
  })
  .listen(process.env.PORT, () => console.log("web listening on", process.env.PORT));
`;

/** The worker: adds the numbers; Bull stores the result with the job. */
const WORKER = `const Queue = require("bull");

const sums = new Queue("sums", process.env.REDIS_URL);

sums.process(async (job) => {
  const total = (job.data.numbers || []).reduce((a, b) => a + b, 0);
  console.log("job", job.id, "total", total);
  return { total };
});
console.log("worker waiting for jobs");
`;

describe("redis add-on: a dedicated server, drop-in for Bull", () => {
  let t: TestPlatform;
  let dir: string;
  let addon = "";
  const cli = (args: string[]) => fifteen(t, [...args, "-a", "queue"], { cwd: dir });
  const router = async (method: "GET" | "POST", path: string, body?: unknown) => {
    const res = await request(`${t.platform.routerUrl}${path}`, {
      method,
      headers: { host: "queue.localhost", "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.body.text();
    try {
      return { status: res.statusCode, body: JSON.parse(text) as Record<string, unknown> };
    } catch {
      return { status: res.statusCode, body: { page: text } };
    }
  };
  /** Polls GET /jobs/:id until the job is completed (or 30 s pass). */
  const completed = async (id: string) => {
    let last: Record<string, unknown> = {};
    for (let i = 0; i < 150; i++) {
      // Not JSON while the app is not up yet (the router's page).
      const res = await router("GET", `/jobs/${id}`).catch(() => ({ status: 0, body: {} }));
      last = res.body;
      if (res.status === 200 && last.state === "completed") return last;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.fail(`job ${id} did not complete: ${JSON.stringify(last)}`);
  };
  const info = async () => {
    const res = await cli(["addons:info", addon, "--json"]);
    assert.equal(res.code, 0, res.stderr);
    return JSON.parse(res.stdout) as Addon;
  };
  const pidOf = (a: Addon) => Number(/^running \(pid (\d+)\)$/.exec(a.resource.state ?? "")?.[1]);

  before(async () => {
    // No FIFTEEN_REDIS_URL: dedicated servers need only redis-server.
    t = await startTestPlatform({ FIFTEEN_BOOT_TIMEOUT_SECONDS: "30" });
    dir = join(t.home, "queue");
    await writeNodeApp(dir, {
      dependencies: { bull: "4.16.5" },
      scripts: { start: "node web.js" },
      procfile: "web: node web.js\nworker: node worker.js\n",
      files: { "web.js": WEB, "worker.js": WORKER },
    });
    assert.equal((await fifteen(t, ["apps:create", "queue"])).code, 0);
  });
  after(() => t.close());

  it("addons:create redis gives the app REDIS_URL to a server of its own", async () => {
    const res = await cli(["addons:create", "redis", "--json"]);
    assert.equal(res.code, 0, res.stderr);
    const change = JSON.parse(res.stdout) as AddonChange;
    addon = change.addon.name;
    assert.equal(change.addon.resource.plan, "mini");
    assert.deepEqual(change.addon.attachments[0]?.vars, ["REDIS_URL"]);
    const url = (await cli(["config:get", "REDIS_URL"])).stdout.trim();
    assert.match(url, /^redis:\/\/:[0-9a-f]{48}@127\.0\.0\.1:\d+$/);
    assert.equal(url.split(":").at(-1), change.addon.resource.port);
  });

  it("deploys web and worker: POST /jobs through the router is processed by the worker", async () => {
    const deploy = await cli(["deploy"]);
    assert.equal(deploy.code, 0, deploy.stderr + deploy.stdout);
    const scale = await cli(["ps:scale", "worker=1"]);
    assert.equal(scale.code, 0, scale.stderr);
    const queued = await router("POST", "/jobs", { numbers: [2, 3, 4] });
    assert.equal(queued.status, 201, JSON.stringify(queued.body));
    const job = await completed(String(queued.body.id));
    assert.deepEqual(job.result, { total: 9 });
  });

  it("addons:info shows the server: plan, port, state, memory used of the plan's limit", async () => {
    const a = await info();
    assert.equal(a.resource.plan, "mini");
    assert.equal(a.resource.maxmemory, "25 MB");
    assert.ok(pidOf(a) > 0, JSON.stringify(a.resource));
    assert.match(a.resource["memory used"] ?? "", /^[\d.]+ (KB|MB) of 25\.0 MB$/);
    const text = await cli(["addons:info", addon]);
    assert.match(text.stdout, /^State: +running \(pid \d+\)$/m);
  });

  it("a killed redis-server is restarted with its data: the job is still there, new ones run", async () => {
    const before = pidOf(await info());
    process.kill(before, "SIGKILL");
    let after = 0;
    for (let i = 0; i < 100 && (!after || after === before); i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = pidOf(await info());
    }
    assert.ok(after > 0 && after !== before, `restarted: ${after} after ${before}`);
    const old = await completed("1");
    assert.deepEqual(old.result, { total: 9 });
    const queued = await router("POST", "/jobs", { numbers: [10, 20] });
    assert.equal(queued.status, 201, JSON.stringify(queued.body));
    assert.deepEqual((await completed(String(queued.body.id))).result, { total: 30 });
  });

  it("outlives a platform restart: the next start adopts the same server", async () => {
    const before = pidOf(await info());
    await t.restart({}, { handOff: true });
    assert.equal(pidOf(await info()), before, "the same process");
    // The app's processes come back (their own restart), and find the jobs where they were.
    assert.deepEqual((await completed("2")).result, { total: 30 });
  });

  it("addons:destroy stops the server and removes its data", async () => {
    const a = await info();
    const pid = pidOf(a);
    const res = await cli(["addons:destroy", addon, "--confirm", addon]);
    assert.equal(res.code, 0, res.stderr);
    assert.throws(() => process.kill(pid, 0), /ESRCH/);
    await assert.rejects(stat(join(t.dataDir, "addons", "redis", addon)), /ENOENT/);
    assert.equal((await cli(["config:get", "REDIS_URL"])).code, 1);
  });
});
