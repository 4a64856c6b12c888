// Scenario 3, zero-downtime on the HAProxy data plane: 64 connections of steady load through each change the
// issue lists (deploy and rollback, config:set, ps:scale, ps:restart); every failed request is counted.
import { join } from "node:path";
import { createAndDeploy, processes, webSettled } from "./apps.js";
import {
  startPlatform,
  waitForHttp,
  wrk,
  wrkUntilStopped,
  writeApp,
  type Platform,
  type Tools,
  type WrkResult,
} from "./lib.js";
import { add, skippedWithoutHaproxy, CYCLES, f, SECONDS } from "./report.js";

const SCENARIO = "3. zero-downtime";
const HOST = "zd.localhost";

/** Runs `changes` under wrk -c64 and adds its row: failed (non-2xx and socket errors) of all requests. */
async function underLoad(p: Platform, what: string, changes: () => Promise<void>): Promise<WrkResult> {
  const load = wrkUntilStopped(`${p.routerUrl}/`, { connections: 64, host: HOST });
  let r: WrkResult;
  try {
    await changes();
  } finally {
    r = await load.stop();
  }
  add({
    scenario: SCENARIO,
    measure: `${what} under 64 connections: failed of ${r.requests} requests`,
    value: `${r.non2xx} non-2xx, ${r.socketErrors} socket errors`,
    target: "0",
    met: r.requests > 0 && r.non2xx + r.socketErrors === 0,
  });
  return r;
}

async function must(p: Platform, args: string[], cwd?: string): Promise<void> {
  const res = await p.cli(args, cwd);
  if (res.code !== 0) throw new Error(`fifteen ${args.join(" ")}: ${res.stderr}${res.stdout}`);
}

const pids = async (p: Platform) =>
  new Set((await processes(p, "zd")).flatMap((x) => (x.type === "web" && x.pid !== null ? [x.pid] : [])));

export async function zeroDowntimeScenario(work: string, tools: Tools): Promise<void> {
  if (skippedWithoutHaproxy(SCENARIO, tools)) return;
  const p = await startPlatform({ FIFTEEN_DATA_PLANE: "haproxy" });
  try {
    const dir = join(work, "zd");
    await writeApp(dir, { body: "zd" });
    await createAndDeploy(p, "zd", dir);
    await waitForHttp(p.routerUrl, HOST);
    const rest = await wrk(`${p.routerUrl}/`, { connections: 64, seconds: SECONDS, host: HOST });
    const during = await underLoad(p, `${CYCLES} deploy+rollback cycles`, async () => {
      for (let i = 0; i < CYCLES; i++) {
        await must(p, ["deploy", "-a", "zd"], dir);
        await must(p, ["rollback", "-a", "zd"]);
      }
    });
    const changes = Math.max(1, Math.round(CYCLES / 2));
    await underLoad(p, `${changes} config changes`, async () => {
      for (let i = 0; i < changes; i++) await must(p, ["config:set", `N=${i}`, "-a", "zd"]);
    });
    // Each scaling waits until the formation is reached, so the next one starts from a settled app.
    const scalings = Math.max(1, Math.round(CYCLES / 4));
    await underLoad(p, `${scalings} ps:scale web=1 → 3 → 1`, async () => {
      for (let i = 0; i < scalings; i++) {
        await must(p, ["ps:scale", "web=3", "-a", "zd"]);
        await webSettled(p, "zd", 3);
        await must(p, ["ps:scale", "web=1", "-a", "zd"]);
        await webSettled(p, "zd", 1);
      }
    });
    const restarts = Math.max(1, Math.round(CYCLES / 4));
    for (const web of [1, 2]) {
      await must(p, ["ps:scale", `web=${web}`, "-a", "zd"]);
      await webSettled(p, "zd", web);
      await underLoad(p, `${restarts} ps:restart at web=${web}`, async () => {
        for (let i = 0; i < restarts; i++) {
          const before = await pids(p);
          await must(p, ["ps:restart", "-a", "zd"]);
          await webSettled(p, "zd", web, before);
        }
      });
    }
    add({
      scenario: SCENARIO,
      measure: "p99 during deploys vs at rest",
      value: `${f(during.p99Ms, 2)} ms vs ${f(rest.p99Ms, 2)} ms (${f(during.p99Ms / rest.p99Ms, 1)}×)`,
    });
  } finally {
    await p.stop();
  }
}
