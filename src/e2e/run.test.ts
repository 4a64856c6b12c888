// Run and route, as a user sees it: HTTP through the router, ps, scaling, crashes, zero-downtime deploys, logs.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Agent, request } from "undici";
import WebSocket from "ws";
import { ApiClient, type ProcessInfo } from "../client/index.js";
import {
  CLI,
  fifteen,
  startTestPlatform,
  userEnv,
  ADMIN_TOKEN,
  alive,
  type TestPlatform,
} from "../testing/platform.js";
import { writeRunApp } from "../testing/run-app.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The host pids of a process group (from /proc), so a test sees through the sandbox's pid namespace. */
async function groupMembers(pgid: number): Promise<number[]> {
  const out: number[] = [];
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, "utf8").catch(() => "");
    // pid (comm) state ppid pgrp …: comm may hold spaces, so read after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid) out.push(Number(name));
  }
  return out;
}

describe("run and route", () => {
  let t: TestPlatform;
  let api: ApiClient;
  let dir: string;
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 64 });

  const get = async (host: string, path = "/", headers: Record<string, string> = {}) => {
    const res = await request(`${t.platform.routerUrl}${path}`, {
      headers: { host, ...headers },
      dispatcher: agent,
    });
    const text = await res.body.text();
    return { status: res.statusCode, text, headers: res.headers };
  };
  const json = async (path = "/") =>
    JSON.parse((await get("shop.localhost", path)).text) as Record<string, string>;
  const ps = async (app = "shop") =>
    JSON.parse((await fifteen(t, ["ps", "--json", "-a", app])).stdout) as ProcessInfo[];
  const until = async (what: string, check: () => Promise<boolean>, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  };
  const deploy = async (app = "shop", cwd = dir) => {
    const res = await fifteen(t, ["deploy", "-a", app], { cwd });
    return res;
  };

  before(async () => {
    t = await startTestPlatform({
      FIFTEEN_BOOT_TIMEOUT_SECONDS: "4",
      FIFTEEN_GRACE_SECONDS: "2",
      // Two router workers: the route table and drains must reach both.
      FIFTEEN_ROUTER_WORKERS: "2",
    });
    api = new ApiClient(t.apiUrl, ADMIN_TOKEN);
    dir = join(t.home, "shop");
    await writeRunApp(dir, { ws: true });
    assert.equal((await fifteen(t, ["apps:create", "shop"])).code, 0);
    assert.equal((await fifteen(t, ["config:set", "GREETING=hello", "-a", "shop"])).code, 0);
  });
  after(async () => {
    await agent.close();
    await t.close();
  });

  it("serves a deployed app through the router, with PORT and config vars in its env", async () => {
    const res = await deploy();
    assert.equal(res.code, 0, res.stderr + res.stdout);
    const body = await json();
    assert.equal(body.greeting, "hello");
    assert.equal(body.process, "web.1");
    assert.equal(body.release, "v1");
    assert.equal(body.app, "shop");
    assert.match(body.port ?? "", /^\d+$/);
    const [web] = await ps();
    assert.equal(String(web?.port), body.port);
    assert.equal(body.forwardedFor, "127.0.0.1");
    assert.match(body.requestId ?? "", /^[0-9a-f-]{36}$/);
  });

  it("keeps a request id the client sent", async () => {
    const res = await get("shop.localhost", "/", { "x-request-id": "client-chosen-id-1234" });
    assert.equal((JSON.parse(res.text) as { requestId: string }).requestId, "client-chosen-id-1234");
    assert.equal(res.headers["x-request-id"], "client-chosen-id-1234");
  });

  it("balances over three web processes after ps:scale web=3", async () => {
    assert.equal((await fifteen(t, ["ps:scale", "web=3", "-a", "shop"])).code, 0);
    await until(
      "three up web processes",
      async () => (await ps()).filter((p) => p.state === "up").length === 3,
    );
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) seen.add((await json()).process ?? "");
    assert.deepEqual([...seen].sort(), ["web.1", "web.2", "web.3"]);
    const platform: string[] = [];
    for await (const line of api.logs("shop", { lines: 200, source: "platform" })) platform.push(line.text);
    assert.ok(platform.includes("scaled web to 3"), platform.join("\n"));
  });

  it("restarts a process killed with SIGKILL within 2 s, while the others keep serving", async () => {
    const victim = (await ps()).find((p) => p.name === "web.2");
    assert.ok(victim?.pid);
    process.kill(victim.pid, "SIGKILL");
    const killedAt = Date.now();
    const statuses: number[] = [];
    let replaced = false;
    while (Date.now() - killedAt < 2000 && !replaced) {
      statuses.push((await get("shop.localhost")).status);
      const now = (await ps()).find((p) => p.name === "web.2");
      replaced = now?.state === "up" && now.pid !== victim.pid;
    }
    assert.ok(replaced, "web.2 is up again with a new pid within 2 s");
    assert.ok(
      statuses.every((s) => s === 200),
      `requests meanwhile: ${statuses.join(",")}`,
    );
    const after = (await ps()).find((p) => p.name === "web.2");
    assert.equal(after?.restarts, 1);
    assert.equal(after?.lastExit, "SIGKILL");
  });

  it("restarts web processes one at a time with ps:restart, failing no request", async () => {
    const before = new Map((await ps()).filter((p) => p.type === "web").map((p) => [p.name, p.pid]));
    assert.equal(before.size, 3);
    let running = true;
    const failures: string[] = [];
    const client = async () => {
      while (running) {
        const res = await get("shop.localhost").catch((err: Error) => ({ status: 0, text: err.message }));
        if (res.status !== 200) failures.push(`${res.status} ${res.text.slice(0, 80)}`);
      }
    };
    const clients = Array.from({ length: 5 }, client);
    const res = await fifteen(t, ["ps:restart", "web", "-a", "shop"]);
    assert.equal(res.code, 0, res.stderr);
    await until(
      "every web process to come back with a new pid",
      async () => {
        const now = (await ps()).filter((p) => p.type === "web");
        return now.length === 3 && now.every((p) => p.state === "up" && p.pid !== before.get(p.name));
      },
      30_000,
    );
    running = false;
    await Promise.all(clients);
    assert.deepEqual(failures, []);
  });

  it("drops no request under load through 5 deploys, a rollback and a config change", async () => {
    let running = true;
    const failures: string[] = [];
    let ok = 0;
    const client = async () => {
      while (running) {
        try {
          const res = await get("shop.localhost");
          if (res.status === 200) ok++;
          else failures.push(`status ${res.status}: ${res.text.slice(0, 80)}`);
        } catch (err) {
          failures.push(`error ${(err as Error).message}`);
        }
      }
    };
    const clients = Array.from({ length: 20 }, client);
    for (let i = 0; i < 5; i++) {
      const res = await deploy();
      assert.equal(res.code, 0, res.stderr + res.stdout);
    }
    const rollback = await fifteen(t, ["rollback", "-a", "shop"]);
    assert.equal(rollback.code, 0, rollback.stderr);
    const config = await fifteen(t, ["config:set", "GREETING=changed", "-a", "shop"]);
    assert.equal(config.code, 0, config.stderr);
    running = false;
    await Promise.all(clients);
    assert.deepEqual(failures, []);
    assert.ok(ok > 100, `only ${ok} requests completed`);
    assert.equal((await json()).greeting, "changed");
    await until("the old web processes to be drained and stopped", async () => (await ps()).length === 3);
    const live = (await ps()).filter((p) => p.type === "web");
    assert.ok(
      live.every((p) => p.release === 8),
      `all web processes run v8: ${live.map((p) => p.release).join(",")}`,
    );
  });

  it("lets a 10 s request in flight at deploy time finish with 200", async () => {
    const slow = get("shop.localhost", "/slow");
    await sleep(300);
    const res = await deploy();
    assert.equal(res.code, 0, res.stderr);
    const done = await slow;
    assert.equal(done.status, 200);
    assert.equal(done.text, "slow done");
  });

  it("fails a release whose web process never binds $PORT, and keeps the old one serving", async () => {
    const before = await json();
    await writeFile(join(dir, "Procfile"), "web: node never-binds.js\n");
    const res = await deploy();
    assert.equal(res.code, 1);
    assert.match(res.stdout, /did not bind \$PORT .* within 4 s/);
    assert.match(res.stderr, /Release v\d+ failed/);
    const [latest] = JSON.parse((await fifteen(t, ["releases", "--json", "-a", "shop"])).stdout) as Array<{
      status: string;
      failure: string;
    }>;
    assert.equal(latest?.status, "failed");
    assert.match(latest?.failure ?? "", /did not bind/);
    const now = await json();
    assert.equal(now.release, before.release);
    await writeFile(
      join(dir, "Procfile"),
      "web: node server.js\nstubborn: node stubborn.js\nchatty: node chatty.js\n",
    );
    assert.equal((await deploy()).code, 0);
  });

  it("kills a process that ignores SIGTERM after the grace period, with its children", async () => {
    assert.equal((await fifteen(t, ["ps:scale", "stubborn=1", "-a", "shop"])).code, 0);
    // The process's own pids are those of its sandbox's pid namespace: look at its group from the host.
    await until("the stubborn process to start its child", async () => {
      const lines = await api.logs("shop", { lines: 200, ps: "stubborn.1", source: "app" });
      for await (const line of lines) if (/stubborn pid \d+ child pid \d+/.test(line.text)) return true;
      return false;
    });
    const leader = (await api.processes("shop")).find((p) => p.name === "stubborn.1")?.pid;
    assert.ok(leader);
    const pids = await groupMembers(leader);
    assert.ok(pids.length >= 2, `the process and its child: ${JSON.stringify(pids)}`);
    assert.ok(pids.every(alive));
    const started = Date.now();
    assert.equal((await fifteen(t, ["ps:scale", "stubborn=0", "-a", "shop"])).code, 0);
    await until("the stubborn process and its child to be gone", async () => !pids.some(alive), 10_000);
    assert.ok(Date.now() - started >= 1900, "it was given the 2 s grace period first");
    const platform: string[] = [];
    for await (const line of api.logs("shop", { lines: 500, source: "platform" })) platform.push(line.text);
    assert.ok(platform.some((l) => /stubborn\.1 did not stop within 2 s of SIGTERM: SIGKILL/.test(l)));
  });

  it("shows the app's line and the router's line for one request id in logs --tail", async () => {
    const tail = spawn(process.execPath, [CLI, "logs", "--tail", "-n", "0", "-a", "shop"], {
      env: userEnv(t),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    tail.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    tail.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    try {
      await sleep(800);
      const id = "tail-test-request-0001";
      // The tail follows from when it is connected (a loaded machine may take longer than the wait above to
      // start the CLI): the request is sent again until its lines show up.
      await until("both lines in the tail", async () => {
        if (out.includes(`request ${id}`) && out.includes(`request_id=${id}`)) return true;
        assert.equal((await get("shop.localhost", "/log", { "x-request-id": id })).status, 200);
        await sleep(500);
        return false;
      }).catch((err: unknown) => {
        throw new Error(
          `${err instanceof Error ? err.message : String(err)}; the tail printed:\n${out}\nand on stderr:\n${err}`,
        );
      });
      assert.match(out, new RegExp(`app\\[web\\.\\d\\]: request ${id}`));
      assert.match(
        out,
        new RegExp(`router\\[router\\]: .*path="/log" host=shop.localhost request_id=${id} .*status=200`),
      );
    } finally {
      tail.kill("SIGINT");
    }
  });

  it("never stalls a chatty process behind a slow tail reader", async () => {
    assert.equal((await fifteen(t, ["ps:scale", "chatty=1", "-a", "shop"])).code, 0);
    // A reader that asks to follow and then reads nothing at all.
    const slow = await request(`${t.apiUrl}/v1/apps/shop/logs?tail=true&lines=0`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const latest = async () => {
      let n = 0;
      for await (const line of api.logs("shop", { lines: 5, ps: "chatty.1", source: "app" })) {
        n = Math.max(n, Number(/line (\d+)/.exec(line.text)?.[1] ?? 0));
      }
      return n;
    };
    await sleep(500);
    const first = await latest();
    await sleep(3000);
    const second = await latest();
    slow.body.destroy();
    assert.ok(second - first >= 15_000, `the process printed only ${second - first} lines in 3 s`);
    assert.equal((await fifteen(t, ["ps:scale", "chatty=0", "-a", "shop"])).code, 0);
  });

  it("echoes a WebSocket through the router", async () => {
    const ws = new WebSocket(`${t.platform.routerUrl.replace("http", "ws")}/`, {
      headers: { host: "shop.localhost" },
    });
    const reply = await new Promise<string>((resolve, reject) => {
      ws.on("open", () => ws.send("ping"));
      ws.on("message", (data: Buffer) => resolve(data.toString()));
      ws.on("error", reject);
    });
    ws.close();
    assert.equal(reply, "echo: ping");
  });

  it("answers 404 for an unknown host and 503 when web is scaled to 0", async () => {
    const unknown = await get("nope.localhost");
    assert.equal(unknown.status, 404);
    assert.match(unknown.text, /No app is served at this host name/);
    assert.equal((await fifteen(t, ["ps:scale", "web=0", "-a", "shop"])).code, 0);
    await until("no web processes", async () => (await ps()).every((p) => p.type !== "web"));
    const none = await get("shop.localhost");
    assert.equal(none.status, 503);
    assert.match(none.text, /no web processes running/);
  });

  it("routes a custom domain after domains:add", async () => {
    assert.equal((await fifteen(t, ["ps:scale", "web=1", "-a", "shop"])).code, 0);
    assert.equal((await fifteen(t, ["domains:add", "www.shop.test", "-a", "shop"])).code, 0);
    await until("the domain to serve", async () => (await get("www.shop.test")).status === 200);
    const bad = await fifteen(t, ["domains:add", "not a host", "-a", "shop"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /is not a host name/);
    assert.equal((await fifteen(t, ["domains:remove", "www.shop.test", "-a", "shop"])).code, 0);
    await until("the domain to stop serving", async () => (await get("www.shop.test")).status === 404);
  });
});
