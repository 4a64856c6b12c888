// `npm run bench`: every scenario of BENCHMARKS.md, side by side in one run, then BENCHMARKS.md rewritten.
// Loopback only. No test asserts a timing: the numbers are reported, with each target marked met or not.
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crashRecoveryScenario } from "./crash-recovery.js";
import { deployScenario, nativeCacheScenario } from "./deploy.js";
import { footprintScenario } from "./footprint.js";
import { ensureTools, ROOT, run, type Tools } from "./lib.js";
import { logFloodScenario } from "./log-flood.js";
import { logScenario } from "./logs.js";
import { reconcilerTickScenario } from "./reconciler.js";
import { add, markdown, SHORTENED } from "./report.js";
import { processStartScenario } from "./process-start.js";
import { restartScenario } from "./restart.js";
import { routerScenario } from "./router.js";
import { takeoverScenario } from "./takeover.js";
import { websocketScenario } from "./websockets.js";
import { zeroDowntimeScenario } from "./zero-downtime.js";

/** 7. The log flood: 20 apps held at their history limit while writing (bench/log-flood.ts). */
async function logFlood(work: string): Promise<void> {
  for (const row of await logFloodScenario(work)) add({ scenario: "7. log flood", ...row });
}

/** 10. The reconciler's tick at 100, 400 and 1,000 apps on the fake driver (bench/reconciler.ts). */
async function reconcilerTick(): Promise<void> {
  for (const row of await reconcilerTickScenario()) add({ scenario: "10. reconciler tick", ...row });
}

async function main(): Promise<void> {
  const started = new Date();
  const tools = await ensureTools();
  const work = await mkdtemp(join(tmpdir(), "fifteen-bench-work-"));
  // Some scenarios keep a platform's data dir in here: app uids must pass through (`up` refuses otherwise).
  await chmod(work, 0o711);
  const only = process.argv.slice(2);
  const scenarios: Array<[string, (w: string, tools: Tools) => Promise<void>]> = [
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
    ["takeover", takeoverScenario],
    ["websockets", websocketScenario],
    ["process-start", processStartScenario],
  ];
  try {
    for (const [name, scenario] of scenarios) {
      if (only.length > 0 && !only.includes(name)) continue;
      console.error(`== ${name}`);
      await scenario(join(work, name), tools);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const versions = {
    node: process.version,
    nginx: (await run("nginx", ["-v"])).stderr.trim().replace("nginx version: ", ""),
    wrk: (await run("wrk", ["-v"])).stdout.split("\n")[0]?.trim() ?? "",
    haproxy: tools.haproxy
      ? (/HAProxy version (\S+)/.exec((await run(tools.haproxy, ["-v"])).stdout)?.[1] ?? "?")
      : "not installed",
  };
  const results = markdown(started, (Date.now() - started.getTime()) / 1000, versions);
  if (SHORTENED) {
    console.log(results);
    console.error("BENCH_SECONDS or BENCH_CYCLES is set: BENCHMARKS.md is left as it was");
    return;
  }
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
