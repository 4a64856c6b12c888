// Scenario 2, deploy latency (git push to the new version answering, cold and warm cache), and scenario 9, the
// cached redeploy of an app with a native module; both split a push by the platform's own timestamps.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { answered, git, type LogLine } from "./apps.js";
import { median, run, startPlatform, TOKEN, writeApp, type Platform } from "./lib.js";
import { add, f } from "./report.js";

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
export async function deployScenario(work: string): Promise<void> {
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
export async function nativeCacheScenario(work: string): Promise<void> {
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
