// The RuntimeDriver contract: every driver (today `local`) must pass this same suite.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import * as tar from "tar";
import { inheritedEnv } from "../config/index.js";
import { sha256File } from "../shared/digests.js";
import type { OneOffSpec, ProcessSpec, ProcessStatus, RuntimeDriver } from "./driver.js";
import { alive } from "../testing/platform.js";
import { LocalDriver } from "./local/driver.js";
import { detectSandbox } from "../isolation/sandbox.js";

interface Harness {
  driver: RuntimeDriver;
  /** Whether the driver mounts the release read-only (bubblewrap for local). */
  readOnlyRelease: boolean;
  /** A second driver on the same state, as after a platform restart. */
  restarted(): RuntimeDriver;
  lines: Array<{ process: string; text: string; platform: boolean }>;
  cleanup(): Promise<void>;
}

const APP = `
const http = require("http");
const fs = require("fs");
if (process.argv[2] === "web") {
  fs.writeFileSync(process.env.HOME + "/marker", "x");
  http.createServer((q, s) => s.end(JSON.stringify({
    port: process.env.PORT, proc: process.env.FIFTEEN_PROCESS, home: process.env.HOME,
    tmp: process.env.TMPDIR, marker: fs.existsSync(process.env.HOME + "/marker"), cfg: process.env.CFG,
  }))).listen(process.env.PORT);
  console.log("listening");
} else if (process.argv[2] === "write") {
  for (const [name, file] of [["app", "app.js"], ["tmp", "/tmp/fifteen-contract-probe"], ["home", process.env.HOME + "/f"]]) {
    try { fs.writeFileSync(file, "changed"); console.log(name + " writable"); } catch (e) { console.log(name + " " + e.code); }
  }
  setInterval(() => {}, 1000);
} else if (process.argv[2] === "picky") {
  http.createServer((q, s) => { s.statusCode = q.url === "/ok" ? 200 : 503; s.end(); }).listen(process.env.PORT);
} else if (process.argv[2] === "crash") {
  console.log("crashing"); process.exit(3);
} else if (process.argv[2] === "echo") {
  process.stdin.on("data", (d) => process.stdout.write("got " + d)); process.stdin.on("end", () => { console.error("eof"); process.exit(4); });
} else if (process.argv[2] === "hup") {
  process.on("SIGHUP", () => { console.log("hup handled"); process.exit(0); }); console.log("ready"); setInterval(() => {}, 1000);
} else if (process.argv[2] === "stubborn") {
  process.on("SIGTERM", () => console.log("ignoring SIGTERM")); console.log("ready"); setInterval(() => {}, 1000);
} else {
  console.log("idle"); setInterval(() => {}, 1000);
}
`;

/** The harness's slug's sha256, which every spec names. */
let slugDigest = "0".repeat(64);

async function localHarness(): Promise<Harness & { slug: string }> {
  const root = await mkdtemp(join(tmpdir(), "fifteen-driver-"));
  const src = join(root, "src");
  await mkdir(src);
  await writeFile(join(src, "app.js"), APP);
  const slug = join(root, "slug.tgz");
  await tar.c({ gzip: true, file: slug, cwd: src }, ["app.js"]);
  // Every start checks the slug against its digest, as with a real slug store.
  slugDigest = await sha256File(slug);
  const lines: Harness["lines"] = [];
  const sandbox = await detectSandbox();
  const make = () =>
    new LocalDriver({
      runDir: join(root, "run"),
      registryDir: join(root, "pids"),
      slugPath: () => slug,
      baseEnv: { PATH: inheritedEnv().PATH ?? "/usr/bin:/bin" },
      sandbox,
      // The whole harness read-only, as when the data dir lies inside the platform's installation:
      // HOME and TMPDIR must stay writable all the same.
      readOnlyPaths: [root],
      output: (spec, text) => lines.push({ process: `${spec.type}.${spec.index}`, text, platform: false }),
      platformLog: (spec, text) =>
        lines.push({ process: `${spec.type}.${spec.index}`, text, platform: true }),
    });
  const driver = make();
  const others: RuntimeDriver[] = [];
  return {
    driver,
    slug,
    lines,
    readOnlyRelease: sandbox.kind === "bubblewrap",
    restarted: () => {
      const d = make();
      others.push(d);
      return d;
    },
    cleanup: async () => {
      await driver.close(1);
      for (const d of others) await d.close(1);
      await rm(root, { recursive: true, force: true });
    },
  };
}

function spec(type: string, mode: string, web = false, boot = 5): ProcessSpec {
  return {
    id: randomUUID(),
    appId: "app-1",
    app: "shop",
    type,
    index: 1,
    release: 1,
    command: `node app.js ${mode}`,
    env: { CFG: "from-config", FIFTEEN_PROCESS: `${type}.1` },
    slugDigest,
    web,
    bootTimeoutSeconds: boot,
  };
}

function oneOff(command: string[], io: OneOffSpec["io"], timeoutSeconds = 60): OneOffSpec {
  return {
    id: randomUUID(),
    appId: "app-1",
    app: "shop",
    type: "run",
    index: 7,
    release: 1,
    command,
    env: { CFG: "from-config", FIFTEEN_PROCESS: "run.7" },
    slugDigest,
    timeoutSeconds,
    graceSeconds: 1,
    io,
  };
}

function collect(stream: NodeJS.ReadableStream | null): () => string {
  let text = "";
  stream?.on("data", (c: Buffer) => (text += c.toString()));
  return () => text;
}

async function until(driver: RuntimeDriver, id: string, check: (s: ProcessStatus) => boolean, ms = 8000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const status = driver.list().find((p) => p.id === id);
    if (status && check(status)) return status;
    if (Date.now() > deadline) throw new Error(`timed out; last status ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function fetchJson(port: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write("GET / HTTP/1.0\r\n\r\n"));
    let data = "";
    socket.on("data", (c: Buffer) => (data += c.toString()));
    socket.on("end", () =>
      resolve(JSON.parse(data.slice(data.indexOf("\r\n\r\n") + 4)) as Record<string, unknown>),
    );
    socket.on("error", reject);
  });
}

for (const [name, factory] of [["local", localHarness]] as const) {
  describe(`runtime driver contract: ${name}`, () => {
    let h: Harness;
    before(async () => {
      h = await factory();
    });
    after(() => h.cleanup());

    it("starts a web process that is up once $PORT accepts connections, with its env", async () => {
      const s = spec("web", "web", true);
      h.driver.start(s);
      const up = await until(h.driver, s.id, (p) => p.state === "up");
      assert.ok(up.port && up.pid);
      const body = await fetchJson(up.port);
      assert.equal(body.port, String(up.port));
      assert.equal(body.proc, "web.1");
      assert.equal(body.cfg, "from-config");
      assert.notEqual(body.home, body.tmp);
      await h.driver.stop(s.id, 1);
      assert.equal(
        h.driver.list().find((p) => p.id === s.id),
        undefined,
      );
      assert.equal(alive(up.pid), false);
    });

    it("gives every start a fresh home: restart() wipes what the process wrote", async () => {
      const s = spec("web", "web", true);
      h.driver.start(s);
      const first = await until(h.driver, s.id, (p) => p.state === "up");
      await h.driver.restart(s.id, 1);
      const second = await until(h.driver, s.id, (p) => p.state === "up" && p.pid !== first.pid);
      assert.equal(alive(first.pid as number), false);
      assert.equal((await fetchJson(second.port as number)).marker, true, "the new run wrote its own marker");
      await h.driver.stop(s.id, 1);
    });

    it("restarts a crashing process at once, then with backoff, and says so", async () => {
      const s = spec("worker", "crash");
      h.driver.start(s);
      const status = await until(h.driver, s.id, (p) => p.restarts >= 2, 10_000);
      assert.equal(status.lastExit, "exit 3");
      // Only this process's notes: a process of an earlier test may still be stopping.
      const crashes = () =>
        h.lines.filter((l) => l.platform && l.process === "worker.1" && l.text.includes("crashed"));
      const notes = crashes().map((l) => l.text);
      assert.match(notes[0] ?? "", /worker\.1 crashed \(exit 3\), restarting now \(restart 1\)/);
      assert.match(notes[1] ?? "", /restarting in 1 s \(restart 2\)/);
      await until(h.driver, s.id, (p) => p.restarts >= 3, 10_000);
      assert.match(crashes().map((l) => l.text)[2] ?? "", /restarting in 2 s/);
      await h.driver.stop(s.id, 1);
    });

    it("marks a web process that never binds $PORT as a boot failure", async () => {
      const s = spec("web", "idle", true, 1);
      h.driver.start(s);
      const failed = await until(h.driver, s.id, (p) => p.bootFailure !== null);
      assert.match(failed.bootFailure ?? "", /web\.1 did not bind \$PORT \(\d+\) within 1 s/);
      await h.driver.stop(s.id, 1);
    });

    it("with a health check path, a web process is up only once GET path answers 2xx or 3xx", async () => {
      const healthy = { ...spec("web", "picky", true), healthCheckPath: "/ok" };
      h.driver.start(healthy);
      await until(h.driver, healthy.id, (p) => p.state === "up");
      await h.driver.stop(healthy.id, 1);
      const sick = { ...spec("web", "picky", true, 1), healthCheckPath: "/health" };
      h.driver.start(sick);
      const failed = await until(h.driver, sick.id, (p) => p.bootFailure !== null);
      assert.equal(
        failed.bootFailure,
        "web.1 did not pass its health check (GET /health → HTTP 503) within 1 s",
      );
      assert.equal(
        h.lines.some(
          (l) =>
            l.text.startsWith("web.1 up") && l.process === "web.1" && l.text.includes(String(failed.port)),
        ),
        false,
        "never up",
      );
      await h.driver.stop(sick.id, 1);
    });

    it("SIGKILLs a process that ignores SIGTERM once the grace period ends", async () => {
      const s = spec("stubborn", "stubborn");
      h.driver.start(s);
      const up = await until(h.driver, s.id, (p) => p.state === "up");
      await until(h.driver, s.id, () => h.lines.some((l) => l.text === "ready"));
      const started = Date.now();
      const stopping = h.driver.stop(s.id, 1);
      assert.equal(h.driver.list().find((p) => p.id === s.id)?.state, "stopping", "stopping at once");
      await stopping;
      assert.ok(Date.now() - started >= 900);
      assert.equal(alive(up.pid as number), false);
      assert.ok(h.lines.some((l) => l.text === "ignoring SIGTERM"));
    });

    it("keeps the release's files read-only and /tmp private, while home is writable", async (t) => {
      if (!h.readOnlyRelease)
        return t.skip("bubblewrap is not installed: no read-only mounts (.ci/run installs it)");
      const s = spec("worker", "write");
      h.driver.start(s);
      await until(h.driver, s.id, () => h.lines.filter((l) => /^(app|tmp|home) /.test(l.text)).length === 3);
      const report = h.lines.filter((l) => /^(app|tmp|home) /.test(l.text)).map((l) => l.text);
      assert.deepEqual(report, ["app EROFS", "tmp writable", "home writable"]);
      await assert.rejects(import("node:fs/promises").then((fs) => fs.access("/tmp/fifteen-contract-probe")));
      await h.driver.stop(s.id, 1);
    });

    it("reports changes to listeners", async () => {
      const seen: string[] = [];
      const off = h.driver.onChange((p) => seen.push(p.state));
      const s = spec("worker", "idle");
      h.driver.start(s);
      await until(h.driver, s.id, (p) => p.state === "up");
      await h.driver.stop(s.id, 1);
      off();
      assert.ok(seen.includes("up") && seen.includes("stopping"), seen.join(","));
    });

    it("runs an attached one-off: stdin in, stdout and stderr apart, its exit code out", async () => {
      const run = await h.driver.run(oneOff(["node", "app.js", "echo"], { kind: "attached" }));
      const out = collect(run.stdout);
      const err = collect(run.stderr);
      assert.equal(h.driver.list().find((p) => p.id === run.id)?.name, "run.7");
      run.stdin?.end("hello\n");
      const exit = await run.exited;
      assert.deepEqual(exit, { code: 4, signal: null, endedBy: null });
      assert.equal(out(), "got hello\n");
      assert.equal(err(), "eof\n");
      assert.equal(
        h.driver.list().find((p) => p.id === run.id),
        undefined,
        "gone once it exited",
      );
    });

    it("runs a one-off argv without a shell, and one string through sh -c", async () => {
      const argv = await h.driver.run(
        oneOff(["node", "-e", "console.log(process.argv[1])", "$HOME"], { kind: "attached" }),
      );
      const argvOut = collect(argv.stdout);
      await argv.exited;
      assert.equal(argvOut(), "$HOME\n");
      const shell = await h.driver.run(oneOff(["echo $CFG; exit 5"], { kind: "attached" }));
      const shellOut = collect(shell.stdout);
      assert.equal((await shell.exited).code, 5);
      assert.equal(shellOut(), "from-config\n");
    });

    it("sends a one-off's output to the log stream when detached", async () => {
      const run = await h.driver.run(oneOff(["echo detached line; echo to stderr >&2"], { kind: "log" }));
      assert.equal(run.stdout, null);
      await run.exited;
      const mine = h.lines.filter((l) => l.process === "run.7" && !l.platform).map((l) => l.text);
      assert.ok(mine.includes("detached line") && mine.includes("to stderr"), mine.join("\n"));
    });

    it("gives a signal to the command itself, so it can handle it (also under bubblewrap)", async () => {
      const run = await h.driver.run(oneOff(["node", "app.js", "hup"], { kind: "attached" }));
      const out = collect(run.stdout);
      const deadline = Date.now() + 5000;
      while (!out().includes("ready") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      run.hangup();
      const exit = await run.exited;
      assert.equal(exit.code, 0, JSON.stringify(exit));
      assert.equal(exit.endedBy, "hangup");
      assert.match(out(), /hup handled/);
    });

    it("stops a one-off at its time limit, and on stop()", async () => {
      const limited = await h.driver.run(oneOff(["sleep", "30"], { kind: "attached" }, 1));
      const exit = await limited.exited;
      assert.equal(exit.endedBy, "timeout");
      assert.ok(exit.signal === "SIGTERM" || exit.code === 143, JSON.stringify(exit));
      const stopped = await h.driver.run(oneOff(["sleep", "30"], { kind: "log" }));
      const pid = h.driver.list().find((p) => p.id === stopped.id)?.pid as number;
      await h.driver.stop(stopped.id, 1);
      assert.equal((await stopped.exited).endedBy, "stopped");
      assert.equal(alive(pid), false);
    });

    it("fails a one-off whose command does not exist, saying so, and leaves nothing", async () => {
      // Without a sandbox spawn itself fails; under bubblewrap, bwrap reports it and exits 1.
      const run = await h.driver
        .run(oneOff(["/nonexistent/binary", "x"], { kind: "attached" }))
        .catch((err: Error) => err);
      if (run instanceof Error) assert.match(run.message, /ENOENT/);
      else {
        const err = collect(run.stderr);
        assert.notEqual((await run.exited).code, 0);
        assert.match(err(), /\/nonexistent\/binary/);
      }
      assert.equal(h.driver.list().filter((p) => p.oneOff).length, 0);
    });

    it("recovers: a restarted platform adopts what the previous driver left running, untouched", async () => {
      const s = spec("worker", "idle");
      h.driver.start(s);
      const up = await until(h.driver, s.id, (p) => p.state === "up");
      const next = h.restarted();
      const recovery = await next.recover();
      assert.equal(recovery.ended, 0);
      assert.deepEqual(
        recovery.running.map((p) => [p.id, p.type, p.index, p.release]),
        [[s.id, "worker", 1, s.release]],
      );
      next.adopt(s);
      assert.equal(alive(up.pid as number), true, "the process was not restarted");
      const adopted = next.list().find((p) => p.id === s.id);
      assert.equal(adopted?.state, "up");
      assert.equal(adopted?.pid, up.pid);
      // (Here the earlier driver is still alive in this test process: it too sees its child end, and restarts it.)
      await next.close(1);
      assert.equal(alive(up.pid as number), false);
      await h.driver.stop(s.id, 1);
    });

    it("recovers: one-offs and unrecorded processes an earlier run left are ended, not adopted", async () => {
      const run = await h.driver.run(oneOff(["sleep", "30"], { kind: "log" }));
      const pid = h.driver.list().find((p) => p.id === run.id)?.pid as number;
      const next = h.restarted();
      const recovery = await next.recover();
      assert.deepEqual(recovery.running, []);
      assert.ok(recovery.ended >= 1);
      assert.equal(alive(pid), false);
    });
  });
}
