// Scenario 6, footprint: the platform's RSS (`fifteen up` plus its data plane) with 0 and with 10 idle apps, on
// the HAProxy data plane (master and workers counted) and on the Node router (primary and worker).
import { join } from "node:path";
import { createAndDeploy } from "./apps.js";
import { median, run, sleep, startPlatform, writeApp, type Platform, type Tools } from "./lib.js";
import { add, f } from "./report.js";
import { platformMemory, type PlatformMemory } from "./rss.js";

const SCENARIO = "6. footprint";
const TARGET_MIB = 150;

/** The median of 5 samples, 500 ms apart, of each part. */
async function settle(p: Platform): Promise<PlatformMemory> {
  const samples: PlatformMemory[] = [];
  for (let i = 0; i < 5; i++) {
    await sleep(500);
    samples.push(await platformMemory(p));
  }
  return {
    platformMiB: median(samples.map((s) => s.platformMiB)),
    planeMiB: median(samples.map((s) => s.planeMiB)),
    planeProcesses: median(samples.map((s) => s.planeProcesses)),
  };
}

const total = (m: PlatformMemory) => m.platformMiB + m.planeMiB;

/** Sandbox helpers of this platform's apps (bubblewrap's monitor): their command line names the data dir. */
async function helpers(p: Platform): Promise<number> {
  return (await run("ps", ["-e", "-o", "args="])).stdout
    .split("\n")
    .filter((a) => /^(\/usr\/bin\/)?bwrap /.test(a) && a.includes(p.dataDir)).length;
}

async function measurePlane(
  work: string,
  plane: "haproxy" | "node",
  planeLabel: string,
  withHelpers: boolean,
): Promise<void> {
  const p = await startPlatform({ FIFTEEN_DATA_PLANE: plane });
  try {
    const idle = await settle(p);
    const dir = join(work, `idle-${plane}`);
    await writeApp(dir, { body: "idle" });
    for (let i = 0; i < 10; i++) await createAndDeploy(p, `idle${i}`, dir);
    const loaded = await settle(p);
    const parts = (m: PlatformMemory) =>
      `${f(total(m), 0)} MiB (fifteen up ${f(m.platformMiB, 0)} + ${planeLabel} ${f(m.planeMiB, 0)} in ${m.planeProcesses} processes)`;
    const haproxy = plane === "haproxy";
    add({
      scenario: SCENARIO,
      measure: `${haproxy ? "HAProxy plane" : "Node router plane"}: platform RSS at idle, 0 apps`,
      value: parts(idle),
      ...(haproxy ? { target: `≤ ${TARGET_MIB} MiB`, met: total(idle) <= TARGET_MIB } : {}),
    });
    add({
      scenario: SCENARIO,
      measure: `${haproxy ? "HAProxy plane" : "Node router plane"}: platform RSS with 10 idle apps`,
      value: parts(loaded),
    });
    if (!withHelpers) return;
    const perApp = (await helpers(p)) / 10;
    add({
      scenario: SCENARIO,
      measure: "per-app overhead in the platform; resident helper processes per app",
      value: `${f((total(loaded) - total(idle)) / 10, 1)} MiB; ${f(perApp, 1)} (bubblewrap's monitor, one per app process, when sandboxed)`,
      target: "no helper per app",
      met: perApp === 0,
    });
  } finally {
    await p.stop();
  }
}

export async function footprintScenario(work: string, tools: Tools): Promise<void> {
  if (tools.haproxy) await measurePlane(work, "haproxy", "HAProxy master and workers", true);
  else add({ scenario: SCENARIO, measure: "HAProxy plane", value: `skipped: ${tools.haproxyProblem}` });
  await measurePlane(work, "node", "router primary and worker", !tools.haproxy);
}
