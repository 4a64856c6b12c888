// `npm run bench`: every scenario of BENCHMARKS.md, side by side in one run, then BENCHMARKS.md rewritten.
// Loopback only. No test asserts a timing: the numbers are reported, with each target marked met or not.
import { spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, totalmem, tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import {
  ROOT,
  baseEnv,
  ensureTools,
  get,
  median,
  run,
  sleep,
  startBackend,
  startNginx,
  startPlatform,
  TOKEN,
  waitForHttp,
  wrk,
  wrkUntilStopped,
  writeApp,
  type Platform,
  type WrkResult,
} from "./lib.js";
import { logFloodScenario } from "./log-flood.js";
import { reconcilerTickScenario } from "./reconciler.js";

interface Row {
  scenario: string;
  measure: string;
  value: string;
  target?: string;
  met?: boolean;
}

const rows: Row[] = [];
const notes: string[] = [];
const add = (row: Row) => {
  rows.push(row);
  console.error(
    `${row.scenario} | ${row.measure}: ${row.value}${row.target ? ` (target ${row.target}: ${row.met ? "met" : "not met"})` : ""}`,
  );
};
const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const SECONDS = 10;

async function git(dir: string, args: string[]): Promise<void> {
  const res = await run("git", args, {
    cwd: dir,
    env: {
      ...baseEnv(),
      GIT_AUTHOR_NAME: "Bench",
      GIT_AUTHOR_EMAIL: "bench@example.com",
      GIT_COMMITTER_NAME: "Bench",
      GIT_COMMITTER_EMAIL: "bench@example.com",
      GIT_TERMINAL_PROMPT: "0",
    },
  });
  if (res.code !== 0) throw new Error(`git ${args.join(" ")}: ${res.stderr}`);
}

async function createAndDeploy(p: Platform, app: string, dir: string): Promise<void> {
  const created = await p.cli(["apps:create", app, "--no-remote"]);
  if (created.code !== 0) throw new Error(created.stderr);
  const res = await p.cli(["deploy", "-a", app], dir);
  if (res.code !== 0) throw new Error(`deploy of ${app} failed: ${res.stderr}${res.stdout}`);
}

/** 1. Router throughput and latency against the backend directly and nginx, in the same run. */
async function routerScenario(work: string): Promise<void> {
  const backend = await startBackend(join(work, "backend"));
  const nginx = await startNginx(join(work, "nginx"), backend.port);
  const p = await startPlatform();
  try {
    const app = join(work, "ok-app");
    await writeApp(app);
    await createAndDeploy(p, "ok", app);
    await waitForHttp(p.routerUrl, "ok.localhost");
    const targets: Array<[string, string, string | undefined]> = [
      ["(a) backend direct", `http://127.0.0.1:${backend.port}/`, undefined],
      ["(b) nginx, 1 worker, keepalive", `http://127.0.0.1:${nginx.port}/`, undefined],
      ["(c) Fifteen router (access log on, the default)", `${p.routerUrl}/`, "ok.localhost"],
    ];
    const results: WrkResult[] = [];
    for (const [name, url, host] of targets) {
      await wrk(url, { connections: 50, seconds: 2, host }); // warm-up
      const r = await wrk(url, { connections: 50, seconds: SECONDS, host });
      results.push(r);
      add({
        scenario: "1. router",
        measure: `${name}: req/s, p50, p99`,
        value: `${f(r.requestsPerSecond, 0)} req/s, ${f(r.p50Ms, 2)} ms, ${f(r.p99Ms, 2)} ms`,
      });
    }
    const [a, b, c] = results as [WrkResult, WrkResult, WrkResult];
    add({
      scenario: "1. router",
      measure: "c/b req/s (router vs nginx)",
      value: f(c.requestsPerSecond / b.requestsPerSecond, 2),
      target: "≥ 0.75",
      met: c.requestsPerSecond / b.requestsPerSecond >= 0.75,
    });
    add({
      scenario: "1. router",
      measure: "c/b p99",
      value: f(c.p99Ms / b.p99Ms, 2),
      target: "≤ 2",
      met: c.p99Ms / b.p99Ms <= 2,
    });
    add({
      scenario: "1. router",
      measure: "c/a req/s (router vs direct)",
      value: f(c.requestsPerSecond / a.requestsPerSecond, 2),
    });
  } finally {
    await p.stop();
    await nginx.stop();
    await backend.stop();
  }
}

/** Polls the router until the app answers `body`; returns when. */
async function answered(p: Platform, host: string, body: string, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await get(p.routerUrl, host))?.body === body) return Date.now();
    if (Date.now() > deadline) throw new Error(`${host} never answered ${body}`);
    await sleep(5);
  }
}

interface LogLine {
  time: string;
  text: string;
}

/** One push to answer, split by the platform's own timestamps: build, boot (to web up), switch. */
async function timedPush(p: Platform, app: string, dir: string, body: string, timeoutMs = 120_000) {
  await writeFile(
    join(dir, "server.js"),
    (await readFile(join(dir, "server.js"), "utf8")).replace(
      /s\.end\(".*?"\)/,
      `s.end(${JSON.stringify(body)})`,
    ),
  );
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "-q", "-m", body]);
  const start = Date.now();
  const url = new URL(`/${app}.git`, p.apiUrl);
  url.username = "x";
  url.password = TOKEN;
  const push = run("git", ["push", "-q", url.toString(), "HEAD:main"], { cwd: dir });
  const done = await answered(p, `${app}.localhost`, body, timeoutMs);
  const pushed = await push;
  if (pushed.code !== 0) throw new Error(`git push failed: ${pushed.stderr}`);
  const [build] = JSON.parse((await p.cli(["builds", "-a", app, "--json"])).stdout) as Array<{
    startedAt: string;
    finishedAt: string;
  }>;
  const lines = (await p.cli(["logs", "-a", app, "-n", "50", "-s", "platform", "--json"])).stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LogLine);
  const up = [...lines].reverse().find((l) => /^web\.1 up on port/.test(l.text));
  const finished = Date.parse(build?.finishedAt ?? "");
  const upAt = Date.parse(up?.time ?? "");
  return {
    total: done - start,
    build: finished - Date.parse(build?.startedAt ?? ""),
    boot: upAt - finished,
    switch: done - upAt,
  };
}

/** 2. Deploy latency: git push to the new version answering, cold and warm cache, median of 3. */
async function deployScenario(work: string): Promise<void> {
  const p = await startPlatform();
  try {
    for (const dependency of [false, true]) {
      const kind = dependency ? "one dependency" : "no dependencies";
      const cold: Array<Awaited<ReturnType<typeof timedPush>>> = [];
      const warm: Array<Awaited<ReturnType<typeof timedPush>>> = [];
      for (let i = 0; i < 3; i++) {
        const app = `d${dependency ? "dep" : "plain"}${i}`;
        const dir = join(work, app);
        await writeApp(dir, { dependency, body: "v0" });
        await git(dir, ["init", "-q", "-b", "main"]);
        await p.cli(["apps:create", app, "--no-remote"]);
        cold.push(await timedPush(p, app, dir, `cold-${i}`));
        warm.push(await timedPush(p, app, dir, `warm-${i}`));
      }
      for (const [cache, runs] of [
        ["cold", cold],
        ["warm", warm],
      ] as const) {
        const m = (key: "total" | "build" | "boot" | "switch") => median(runs.map((r) => r[key]));
        const target = !dependency && cache === "warm";
        add({
          scenario: "2. deploy",
          measure: `${kind}, ${cache} cache: git push → new version answering, median of 3`,
          value: `${f(m("total") / 1000, 2)} s (build ${f(m("build") / 1000, 2)} + boot ${f(m("boot") / 1000, 2)} + switch ${f(m("switch") / 1000, 2)}; push, upload and queue ${f((m("total") - m("build") - m("boot") - m("switch")) / 1000, 2)})`,
          ...(target ? { target: "≤ 1.5 s", met: m("total") <= 1500 } : {}),
        });
      }
    }
  } finally {
    await p.stop();
  }
}

/** 3. Zero-downtime: 64 connections of steady load through 20 deploy+rollback cycles, then 10 config changes. */
async function zeroDowntimeScenario(work: string): Promise<void> {
  const p = await startPlatform();
  try {
    const dir = join(work, "zd");
    await writeApp(dir, { body: "zd" });
    await createAndDeploy(p, "zd", dir);
    await waitForHttp(p.routerUrl, "zd.localhost");
    const rest = await wrk(`${p.routerUrl}/`, { connections: 64, seconds: SECONDS, host: "zd.localhost" });
    const deploys = wrkUntilStopped(`${p.routerUrl}/`, { connections: 64, host: "zd.localhost" });
    for (let i = 0; i < 20; i++) {
      const d = await p.cli(["deploy", "-a", "zd"], dir);
      const r = await p.cli(["rollback", "-a", "zd"]);
      if (d.code !== 0 || r.code !== 0) throw new Error(`cycle ${i} failed: ${d.stderr}${r.stderr}`);
    }
    const during = await deploys.stop();
    const config = wrkUntilStopped(`${p.routerUrl}/`, { connections: 64, host: "zd.localhost" });
    for (let i = 0; i < 10; i++) {
      const c = await p.cli(["config:set", `N=${i}`, "-a", "zd"]);
      if (c.code !== 0) throw new Error(c.stderr);
    }
    const changes = await config.stop();
    const failed = (r: WrkResult) => r.non2xx + r.socketErrors;
    add({
      scenario: "3. zero-downtime",
      measure: `20 deploy+rollback cycles under 64 connections: failed of ${during.requests} requests`,
      value: `${during.non2xx} non-2xx, ${during.socketErrors} socket errors`,
      target: "0",
      met: failed(during) === 0,
    });
    add({
      scenario: "3. zero-downtime",
      measure: `10 config changes under 64 connections: failed of ${changes.requests} requests`,
      value: `${changes.non2xx} non-2xx, ${changes.socketErrors} socket errors`,
      target: "0",
      met: failed(changes) === 0,
    });
    add({
      scenario: "3. zero-downtime",
      measure: "p99 during deploys vs at rest",
      value: `${f(during.p99Ms, 2)} ms vs ${f(rest.p99Ms, 2)} ms (${f(during.p99Ms / rest.p99Ms, 1)}×)`,
    });
  } finally {
    await p.stop();
  }
}

/** 4. Restart after kill -9, and the backoff of a crash loop. */
async function restartScenario(work: string): Promise<void> {
  const p = await startPlatform();
  try {
    const dir = join(work, "rs");
    await writeApp(dir, {
      body: "rs",
      procfile: 'web: node server.js\ncrasher: node -e "process.exit(1)"\n',
    });
    await createAndDeploy(p, "rs", dir);
    await waitForHttp(p.routerUrl, "rs.localhost");
    // Five web processes, each killed once: a first crash restarts at once (later ones back off).
    await p.cli(["ps:scale", "web=5", "-a", "rs"]);
    const ps = async () => {
      const res = await request(`${p.apiUrl}/v1/apps/rs/processes`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      return (await res.body.json()) as Array<{ name: string; pid: number | null; state: string }>;
    };
    for (let deadline = Date.now() + 30_000; (await ps()).filter((x) => x.state === "up").length < 5;) {
      if (Date.now() > deadline) throw new Error("web=5 did not come up");
      await sleep(50);
    }
    const times: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const web = (await ps()).find((x) => x.name === `web.${i}`);
      if (!web?.pid) throw new Error(`no web.${i}`);
      process.kill(web.pid, "SIGKILL");
      const killed = Date.now();
      for (;;) {
        const now = (await ps()).find((x) => x.name === `web.${i}`);
        if (now?.state === "up" && now.pid !== web.pid) break;
        await sleep(2);
      }
      times.push(Date.now() - killed);
    }
    add({
      scenario: "4. restart",
      measure: "kill -9 of a web process → up and answering again (median of 5, each killed once)",
      value: `${f(median(times), 0)} ms (runs: ${times.join(", ")} ms)`,
      target: "≤ 150 ms",
      met: median(times) <= 150,
    });
    await p.cli(["ps:scale", "crasher=1", "-a", "rs"]);
    await sleep(20_000);
    await p.cli(["ps:scale", "crasher=0", "-a", "rs"]);
    const lines = (await p.cli(["logs", "-a", "rs", "-n", "300", "-p", "crasher.1", "--json"])).stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as LogLine).text);
    const delays = lines
      .map((t) => /restarting (now|in (\d+) s)/.exec(t))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => (m[1] === "now" ? "0" : (m[2] as string)));
    add({
      scenario: "4. restart",
      measure: "crash loop: delays before each restart (first 20 s)",
      value: `${delays.join(", ")} s`,
    });
  } finally {
    await p.stop();
  }
}

/** 5. Logs: 10 processes printing as fast as they can (honouring backpressure) for 5 s. */
async function logScenario(work: string): Promise<void> {
  const p = await startPlatform();
  try {
    const dir = join(work, "logs");
    const chatty =
      'const { once } = require("events"); const pad = "x".repeat(60);\n' +
      "(async () => { let n = 0; const end = Date.now() + 5000;\n" +
      '  while (Date.now() < end) { if (!process.stdout.write(`line ${++n} ${pad}\\n`)) await once(process.stdout, "drain"); }\n' +
      // The count comes 2 s after the flood, so it is the last line of each process in the history.
      "  await new Promise((r) => setTimeout(r, 2000)); process.stdout.write(`chatty done ${n}\\n`); setInterval(() => {}, 1000); })();\n";
    await writeApp(dir, {
      body: "logs",
      procfile: "web: node server.js\nchatty: node chatty.js\n",
      files: { "chatty.js": chatty },
    });
    await createAndDeploy(p, "logs", dir);
    // A `logs --tail` follower, counting as it reads, until all ten processes said how much they wrote.
    const follower = spawn(
      process.execPath,
      [
        join(ROOT, "dist", "bin", "fifteen.js"),
        "logs",
        "-a",
        "logs",
        "--tail",
        "-n",
        "0",
        "-s",
        "app",
        "--json",
      ],
      {
        env: { ...baseEnv(), FIFTEEN_API_URL: p.apiUrl, FIFTEEN_TOKEN: TOKEN },
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    let received = 0;
    let dropped = 0;
    let lastLineAt = Date.now();
    let partial = "";
    await new Promise<void>((resolveDone) => {
      follower.stdout.setEncoding("utf8");
      follower.stdout.on("data", (chunk: string) => {
        const lines = (partial + chunk).split("\n");
        partial = lines.pop() ?? "";
        for (const raw of lines) {
          if (!raw) continue;
          const text = (JSON.parse(raw) as LogLine).text;
          lastLineAt = Date.now();
          const drop = /^(\d+) (?:log )?lines dropped/.exec(text);
          if (drop) dropped += Number(drop[1]);
          else received++;
        }
      });
      resolveDone();
    });
    await sleep(1000);
    let peak = 0;
    const sampler = setInterval(() => void platformRss(p).then((m) => (peak = Math.max(peak, m))), 200);
    const scaled = await p.cli(["ps:scale", "chatty=10", "-a", "logs"]);
    if (scaled.code !== 0) throw new Error(scaled.stderr);
    // What each process wrote, from its last line in the app's history.
    let counts: number[] = [];
    for (
      const deadline = Date.now() + 90_000;
      counts.length < 10 && Date.now() < deadline;
      await sleep(1000)
    ) {
      // Searched in the whole history: with starts staggered (4 at a time), an early process's last line can
      // fall out of the newest 100,000 lines.
      const text = (
        await p.cli(["logs", "-a", "logs", "-n", "100", "-s", "app", "--grep", "chatty done", "--json"])
      ).stdout;
      counts = text
        .split("\n")
        .filter(Boolean)
        .map((l) => /^chatty done (\d+)$/.exec((JSON.parse(l) as LogLine).text))
        .filter((m) => m !== null)
        .map((m) => Number(m[1]));
    }
    const emitted = counts.reduce((a, b) => a + b, 0);
    const reported = counts.length;
    // The follower has caught up once it has read nothing for 3 s.
    while (Date.now() - lastLineAt < 3000) await sleep(200);
    clearInterval(sampler);
    follower.kill("SIGINT");
    const history = (await p.cli(["logs", "-a", "logs", "-n", "100000", "-s", "app", "--json"])).stdout
      .split("\n")
      .filter(Boolean).length;
    add({
      scenario: "5. logs",
      measure: "10 processes for 5 s: lines/s through the platform",
      value: `${f(emitted / 5, 0)} lines/s (${emitted} lines; ${reported} of 10 processes reported their count)`,
      target: "≥ 50 000",
      met: emitted / 5 >= 50_000,
    });
    add({
      scenario: "5. logs",
      measure: "`logs --tail` follower (a slow reader): received + counted-dropped vs emitted",
      value: `${received} + ${dropped} = ${received + dropped} of ${emitted + reported} (the lines and the 10 counts)`,
      target: "exact",
      met: received + dropped === emitted + reported && reported === 10,
    });
    add({
      scenario: "5. logs",
      measure: "lines kept in the app's history afterwards",
      value: `${history} (bounded by FIFTEEN_LOG_HISTORY_LINES)`,
    });
    add({
      scenario: "5. logs",
      measure: "platform RSS (control plane + router), peak during the run",
      value: `${f(peak, 0)} MiB`,
    });
    notes.push(
      "Logs: every line is also written to the app's durable history (telemetry.db, bounded by FIFTEEN_LOG_HISTORY_LINES) and counted in /metrics. A process writing faster than the platform reads is slowed by its pipe (backpressure), never dropped; drops happen only at slow followers (and stalled drains), and are counted.",
    );
  } finally {
    await p.stop();
  }
}

/** The platform's own memory: `fifteen up` plus the router (its primary and workers), not the apps. */
async function platformRss(p: Platform): Promise<number> {
  const res = await run("ps", ["-e", "-o", "pid=,ppid=,rss=,args="]);
  let total = 0;
  for (const line of res.stdout.trim().split("\n")) {
    const [pid, ppid, rss, ...args] = line.trim().split(/\s+/);
    const cmd = args.join(" ");
    if (
      Number(pid) === p.pid ||
      (cmd.includes("router/main.js") && (Number(ppid) === p.pid || cmd.includes("router")))
    ) {
      total += Number(rss);
    }
  }
  return total / 1024;
}

/** 6. Footprint with 0 and with 10 idle apps. */
async function footprintScenario(work: string): Promise<void> {
  const p = await startPlatform();
  try {
    const settle = async () => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        await sleep(500);
        samples.push(await platformRss(p));
      }
      return median(samples);
    };
    const idle = await settle();
    const dir = join(work, "idle");
    await writeApp(dir, { body: "idle" });
    for (let i = 0; i < 10; i++) await createAndDeploy(p, `idle${i}`, dir);
    const loaded = await settle();
    const helpers = (await run("ps", ["-e", "-o", "args="])).stdout
      .split("\n")
      .filter((a) => a.startsWith("bwrap ") || a.startsWith("/usr/bin/bwrap")).length;
    add({
      scenario: "6. footprint",
      measure: "platform RSS (control plane + router), 0 apps",
      value: `${f(idle, 0)} MiB`,
    });
    add({
      scenario: "6. footprint",
      measure: "platform RSS with 10 idle apps",
      value: `${f(loaded, 0)} MiB`,
    });
    add({
      scenario: "6. footprint",
      measure: "per-app overhead in the platform; resident helper processes per app",
      value: `${f((loaded - idle) / 10, 1)} MiB; ${f(helpers / 10, 1)} (bubblewrap's monitor, one per app process, when sandboxed)`,
      target: "no helper per app",
      met: helpers === 0,
    });
  } finally {
    await p.stop();
  }
}

/** 7. The log flood: 20 apps held at their history limit while writing (bench/log-flood.ts). */
async function logFlood(work: string): Promise<void> {
  for (const row of await logFloodScenario(work)) add({ scenario: "7. log flood", ...row });
}

/** 10. The reconciler's tick at 100, 400 and 1,000 apps on the fake driver (bench/reconciler.ts). */
async function reconcilerTick(): Promise<void> {
  for (const row of await reconcilerTickScenario()) add({ scenario: "10. reconciler tick", ...row });
}

/** A native module compiled at install (better-sqlite3 builds from source when no prebuilt binary is reachable). */
const NATIVE_SERVER = `const Database = require("better-sqlite3");
const db = new Database(":memory:");
db.prepare("select sqlite_version() as v").get();
require("http").createServer((q, s) => s.end("v0")).listen(process.env.PORT);
`;

/**
 * 9. Cached redeploy of a native-module app: the first deploy installs (and compiles) better-sqlite3, the
 * redeploy (a code change, same lockfile) restores node_modules from the build cache and skips the install.
 */
async function nativeCacheScenario(work: string): Promise<void> {
  const p = await startPlatform();
  try {
    const app = "native";
    const dir = join(work, app);
    await writeApp(dir, { files: { "server.js": NATIVE_SERVER } });
    const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
    await writeFile(
      join(dir, "package.json"),
      JSON.stringify({ ...pkg, dependencies: { "better-sqlite3": "12.4.1" } }, null, 2),
    );
    const lock = await run("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund"], {
      cwd: dir,
    });
    if (lock.code !== 0) throw new Error(`npm install --package-lock-only failed: ${lock.stderr}`);
    await git(dir, ["init", "-q", "-b", "main"]);
    await p.cli(["apps:create", app, "--no-remote"]);
    // Compiling better-sqlite3 takes minutes on a small machine.
    const first = await timedPush(p, app, dir, "first", 900_000);
    const again = await timedPush(p, app, dir, "redeploy");
    const output = (await p.cli(["builds:output", "2", "-a", app])).stdout;
    const skipped = /install skipped/.test(output);
    add({
      scenario: "9. cached redeploy of a native-module app",
      measure: "better-sqlite3 12.4.1, first deploy (npm ci compiles it): build time, git push → answering",
      value: `build ${f(first.build / 1000, 1)} s, total ${f(first.total / 1000, 1)} s`,
    });
    add({
      scenario: "9. cached redeploy of a native-module app",
      measure:
        "redeploy, same lockfile (node_modules restored from the build cache): build time, git push → answering",
      value: `build ${f(again.build / 1000, 2)} s, total ${f(again.total / 1000, 2)} s${skipped ? ", install skipped" : ", NOT skipped"}`,
      target: "build ≤ 5 s, install skipped",
      met: skipped && again.build <= 5000,
    });
  } finally {
    await p.stop();
  }
}

/** 8. kill -9 of the platform with 100 running apps: the restart must keep them answering. */
async function crashRecoveryScenario(work: string): Promise<void> {
  const APPS = 100;
  const p = await startPlatform();
  let second: Platform | undefined;
  try {
    const dir = join(work, "tiny");
    await writeApp(dir, { body: "ok" });
    // One build, promoted to every app of the next stage at once.
    await createAndDeploy(p, "source", dir);
    const must = async (call: Promise<{ status: number; body: unknown }>) => {
      const res = await call;
      if (res.status >= 300) throw new Error(`API: ${res.status} ${JSON.stringify(res.body)}`);
    };
    await must(p.api("POST", "/v1/pipelines", { name: "fleet" }));
    await must(p.api("PUT", "/v1/apps/source/pipeline", { pipeline: "fleet", stage: "staging" }));
    const apps = Array.from({ length: APPS }, (_, i) => `fleet${i}`);
    for (const app of apps) {
      await must(p.api("POST", "/v1/apps", { name: app }));
      await must(p.api("PUT", `/v1/apps/${app}/pipeline`, { pipeline: "fleet", stage: "production" }));
    }
    await must(p.api("POST", "/v1/apps/source/promotions"));
    for (const app of apps) await waitForHttp(p.routerUrl, `${app}.localhost`, 180_000);

    let failures = 0;
    let total = 0;
    let loading = true;
    const load = (async () => {
      while (loading) {
        const res = await get(p.routerUrl, "fleet0.localhost");
        total += 1;
        if (res?.status !== 200) failures += 1;
        await sleep(10);
      }
    })();
    await sleep(500);
    await p.kill();
    const killed = Date.now();
    const restarting = startPlatform(
      {
        FIFTEEN_API_PORT: new URL(p.apiUrl).port,
        FIFTEEN_ROUTER_PORT: new URL(p.routerUrl).port,
      },
      p.root,
    );
    await waitForHttp(`${p.apiUrl}/healthz`, undefined, 60_000);
    const apiSeconds = (Date.now() - killed) / 1000;
    second = await restarting;
    const answering = new Set<string>();
    while (answering.size < apps.length) {
      if (Date.now() - killed > 300_000) break;
      await Promise.all(
        apps
          .filter((app) => !answering.has(app))
          .map(async (app) => {
            if ((await get(p.routerUrl, `${app}.localhost`))?.status === 200) answering.add(app);
          }),
      );
      if (answering.size < apps.length) await sleep(50);
    }
    const allSeconds = (Date.now() - killed) / 1000;
    await sleep(1000);
    loading = false;
    await load;
    add({
      scenario: "8. crash recovery",
      measure: `kill -9 with ${APPS} apps: time until the API answers`,
      value: `${f(apiSeconds, 2)} s`,
      target: "≤ 5 s",
      met: apiSeconds <= 5,
    });
    add({
      scenario: "8. crash recovery",
      measure: `kill -9 with ${APPS} apps: time until every app answers`,
      value: `${f(allSeconds, 2)} s (${answering.size} of ${APPS})`,
    });
    add({
      scenario: "8. crash recovery",
      measure: "kill -9: failed requests to a busy app during the restart",
      value: `${failures} of ${total}`,
      target: "0",
      met: failures === 0,
    });
  } finally {
    if (second) await second.stop();
    else await p.stop();
  }
}

function markdown(started: Date, seconds: number, versions: Record<string, string>): string {
  const table = [
    "| Scenario | Measure | Result | Target | Met |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.measure} | ${r.value} | ${r.target ?? ""} | ${r.target ? (r.met ? "yes" : "**no**") : ""} |`,
    ),
  ].join("\n");
  return `${table}

Run: ${started.toISOString()} (${f(seconds, 0)} s). Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${f(totalmem() / 2 ** 30, 0)} GiB.
${Object.entries(versions)
  .map(([k, v]) => `${k} ${v}`)
  .join(", ")}.

${notes.map((n) => `- ${n}`).join("\n")}
`;
}

async function main(): Promise<void> {
  const started = new Date();
  await ensureTools();
  const work = await mkdtemp(join(tmpdir(), "fifteen-bench-work-"));
  // Some scenarios keep a platform's data dir in here: app uids must pass through (`up` refuses otherwise).
  await chmod(work, 0o711);
  const only = process.argv.slice(2);
  const scenarios: Array<[string, (w: string) => Promise<void>]> = [
    ["router", routerScenario],
    ["deploy", deployScenario],
    ["zero-downtime", zeroDowntimeScenario],
    ["restart", restartScenario],
    ["logs", logScenario],
    ["footprint", footprintScenario],
    ["log-flood", logFlood],
    ["crash-recovery", crashRecoveryScenario],
    ["native-cache", nativeCacheScenario],
    ["reconciler", reconcilerTick],
  ];
  try {
    for (const [name, scenario] of scenarios) {
      if (only.length > 0 && !only.includes(name)) continue;
      console.error(`== ${name}`);
      await scenario(join(work, name));
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const versions = {
    node: process.version,
    nginx: (await run("nginx", ["-v"])).stderr.trim().replace("nginx version: ", ""),
    wrk: (await run("wrk", ["-v"])).stdout.split("\n")[0]?.trim() ?? "",
  };
  const results = markdown(started, (Date.now() - started.getTime()) / 1000, versions);
  const file = join(ROOT, "BENCHMARKS.md");
  const current = await readFile(file, "utf8").catch(() => "");
  const begin = "<!-- results:begin -->";
  const end = "<!-- results:end -->";
  const block = `${begin}\n${results}${end}`;
  const next = current.includes(begin)
    ? current.replace(new RegExp(`${begin}[\\s\\S]*${end}`), block)
    : `# Benchmarks\n\n${block}\n`;
  await writeFile(file, next);
  // The repository's formatter, so `npm test` (prettier --check) stays green after a run.
  await run(process.execPath, [
    join(ROOT, "node_modules", "prettier", "bin", "prettier.cjs"),
    "--write",
    file,
  ]);
  console.error(`wrote ${file}`);
}

await main();
