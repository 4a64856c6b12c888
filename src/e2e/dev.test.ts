// `fifteen dev` as a developer runs it: no platform, no build; the Procfile, .env, a router and Ctrl-C.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { inheritedEnv } from "../config/index.js";
import { freePort } from "../runtime/local/process.js";
import { alive, CLI, run } from "../testing/platform.js";

const SERVER = `
console.log("web pid " + process.pid);
require("http").createServer((q, s) => s.end(JSON.stringify({
  process: process.env.FIFTEEN_PROCESS, app: process.env.FIFTEEN_APP, port: process.env.PORT,
  greeting: process.env.GREETING, requestId: q.headers["x-request-id"] || null,
}))).listen(process.env.PORT);
`;
const WORKER = `console.log("worker pid " + process.pid + " greeting " + process.env.GREETING); setInterval(() => {}, 1000);\n`;
const FLAKY = `
const fs = require("fs");
if (!fs.existsSync(".crashed-once")) { fs.writeFileSync(".crashed-once", ""); console.log("flaky crashing"); process.exit(1); }
console.log("flaky pid " + process.pid); setInterval(() => {}, 1000);
`;
const STUBBORN = `process.on("SIGTERM", () => console.log("ignoring SIGTERM")); console.log("stubborn pid " + process.pid); setInterval(() => {}, 1000);\n`;

describe("fifteen dev", () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "fifteen-dev-test-"));
    await writeFile(join(dir, "server.js"), SERVER);
    await writeFile(join(dir, "worker.js"), WORKER);
    await writeFile(join(dir, "flaky.js"), FLAKY);
    await writeFile(join(dir, "stubborn.js"), STUBBORN);
    await writeFile(
      join(dir, "Procfile"),
      "web: node server.js\nworker: node worker.js\nflaky: node flaky.js\nstubborn: node stubborn.js\n" +
        "release: echo release phase for $FIFTEEN_APP with $GREETING\n",
    );
    await writeFile(join(dir, ".env"), 'GREETING=hello from .env\n# a comment\nQUOTED="a b"\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const sessions: Array<{ child: import("node:child_process").ChildProcess }> = [];
  after(() => {
    // A failed test must not leave its `fifteen dev` running: Ctrl-C it as a user would.
    for (const { child } of sessions) if (child.exitCode === null) child.kill("SIGINT");
  });

  const dev = (args: string[]) => {
    const child = spawn(process.execPath, [CLI, "dev", dir, ...args], {
      env: inheritedEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    sessions.push({ child });
    return { child, exited, output: () => out };
  };
  const until = async (what: string, check: () => boolean, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it("runs the release phase, then web behind a router and the other types; Ctrl-C leaves nothing behind", async () => {
    const port = await freePort();
    const session = dev([
      "--port",
      String(port),
      "--formation",
      "web=2,worker=1,flaky=1,stubborn=1",
      "--grace",
      "1",
    ]);
    await until("web.1, web.2, worker.1 and flaky.1 up", () =>
      ["web.1 up", "web.2 up", "worker.1 up", "flaky pid"].every((s) => session.output().includes(s)),
    );
    const output = session.output();
    const release = output.indexOf("release phase for ");
    assert.ok(release >= 0 && release < output.indexOf("starting web=2"), output);
    assert.match(output, /release\.1\s+\| release phase for fifteen-dev-test-\S+ with hello from \.env/);
    assert.match(output, /worker\.1\s+\| worker pid \d+ greeting hello from \.env/);
    // A crash is restarted, as on the platform.
    assert.match(output, /flaky\.1\s+\| \[dev\] flaky\.1 crashed \(exit 1\), restarting now/);

    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const res = await request(`http://127.0.0.1:${port}/`);
      assert.equal(res.statusCode, 200);
      const body = (await res.body.json()) as Record<string, string>;
      assert.equal(body.greeting, "hello from .env");
      assert.match(body.app ?? "", /^fifteen-dev-test-/);
      assert.notEqual(body.port, String(port), "each web process has its own PORT behind the router");
      assert.match(body.requestId ?? "", /^[0-9a-f-]{36}$/);
      seen.add(body.process ?? "");
    }
    assert.deepEqual([...seen].sort(), ["web.1", "web.2"]);
    assert.match(session.output(), /router\s+\| at=info method=GET path="\/"/);

    const pids = [...session.output().matchAll(/(?:web|worker|flaky|stubborn) pid (\d+)/g)].map((m) =>
      Number(m[1]),
    );
    assert.equal(pids.length, 5);
    session.child.kill("SIGINT");
    assert.equal(await session.exited, 0, session.output());
    assert.match(session.output(), /stubborn\.1 did not stop within 1 s of SIGTERM: SIGKILL/);
    assert.deepEqual(
      pids.filter((pid) => alive(pid)),
      [],
      "no process is left behind",
    );
  });

  it("refuses a bad formation or a failing release phase, and starts nothing", async () => {
    const unknown = await run(process.execPath, [CLI, "dev", dir, "--formation", "clock=1"], {
      env: inheritedEnv(),
    });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no process type "clock"; its types are: web, worker, flaky, stubborn/);
    const failing = await mkdtemp(join(tmpdir(), "fifteen-dev-fail-"));
    try {
      await writeFile(
        join(failing, "Procfile"),
        "web: node -e 'console.log(\"web started\")'\nrelease: echo nope >&2; exit 4\n",
      );
      const res = await run(process.execPath, [CLI, "dev", failing], { env: inheritedEnv() });
      assert.equal(res.code, 1);
      assert.match(res.stderr, /release phase \(echo nope >&2; exit 4\) failed: exit 4; nothing was started/);
      assert.match(res.stdout, /release\.1\s+\| nope/);
      assert.doesNotMatch(res.stdout, /web started/);
    } finally {
      await rm(failing, { recursive: true, force: true });
    }
  });
});
