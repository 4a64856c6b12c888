// Scenario 11, the HAProxy data plane across the platform's failures: `fifteen up` killed with SIGKILL under
// load (HAProxy keeps serving, then the next start takes it over), and a router port another program holds.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createAndDeploy } from "./apps.js";
import {
  baseEnv,
  CLI,
  run,
  sleep,
  startPlatform,
  TOKEN,
  waitForHttp,
  wrkUntilStopped,
  writeApp,
  type Platform,
  type Tools,
  type WrkResult,
} from "./lib.js";
import { add, skippedWithoutHaproxy, f } from "./report.js";
import { haproxyMaster, processesMentioning } from "./rss.js";

const SCENARIO = "11. takeover";
const HOST = "tk.localhost";
/** How long the platform stays dead under load before it is started again. */
const DEAD_MS = 3000;

/** Starting Node is CPU-bound: a machine busier than its cores starts everything later. */
const load = () => `load average ${f(loadavg()[0] ?? 0, 1)} on ${availableParallelism()} cores`;

const failed = (r: WrkResult) =>
  `${r.non2xx + r.socketErrors} of ${r.requests} (${r.non2xx} non-2xx, ${r.socketErrors} socket errors)`;

async function killAndTakeOver(work: string): Promise<void> {
  const env = { FIFTEEN_DATA_PLANE: "haproxy" };
  const p = await startPlatform(env);
  let second: Platform | undefined;
  try {
    const dir = join(work, "tk");
    await writeApp(dir, { body: "tk" });
    await createAndDeploy(p, "tk", dir);
    await waitForHttp(p.routerUrl, HOST);
    const master = await haproxyMaster(p.dataDir);
    const url = `${p.routerUrl}/`;

    const dead = wrkUntilStopped(url, { connections: 50, host: HOST });
    await sleep(500);
    await p.kill();
    await sleep(DEAD_MS);
    const whileDead = await dead.stop();

    const takeover = wrkUntilStopped(url, { connections: 50, host: HOST });
    await sleep(500);
    const started = Date.now();
    second = await startPlatform(
      { ...env, FIFTEEN_API_PORT: new URL(p.apiUrl).port, FIFTEEN_ROUTER_PORT: new URL(p.routerUrl).port },
      p.root,
    );
    const listening = Date.now() - started;
    await waitForHttp(`${second.apiUrl}/readyz`, undefined, 30_000);
    const ready = Date.now() - started;
    // Load after the takeover too: the new run's config (a reload) serves by now.
    await sleep(2000);
    const during = await takeover.stop();
    const adopted = master !== undefined && (await haproxyMaster(second.dataDir)) === master;

    add({
      scenario: SCENARIO,
      measure: `wrk -c50 while \`fifteen up\` is dead (SIGKILL, then ${DEAD_MS / 1000} s): failed requests`,
      value: failed(whileDead),
      target: "0",
      met: whileDead.requests > 0 && whileDead.non2xx + whileDead.socketErrors === 0,
    });
    add({
      scenario: SCENARIO,
      measure:
        "`fifteen up` again on the same data dir, under the same load: failed requests during the takeover",
      value: `${failed(during)}; HAProxy master ${adopted ? "adopted (same pid)" : "replaced"}`,
      target: "0",
      met: during.requests > 0 && during.non2xx + during.socketErrors === 0,
    });
    add({
      scenario: SCENARIO,
      measure: "restart: start → API and data plane listening, → /readyz 200",
      value: `${f(listening / 1000, 2)} s, ${f(ready / 1000, 2)} s (${load()})`,
    });
  } finally {
    if (second) await second.stop();
    else await p.stop();
  }
}

/** A router port another program holds: `fifteen up` must refuse it at once, naming it, with no HAProxy left. */
async function portTaken(): Promise<void> {
  const holder = createServer();
  await new Promise<void>((r) => holder.listen(0, "127.0.0.1", r));
  const port = (holder.address() as { port: number }).port;
  const root = await mkdtemp(join(tmpdir(), "fifteen-bench-port-"));
  const dataDir = join(root, "data");
  try {
    // App uids must pass through to the data dir inside (`up` refuses otherwise, before any port).
    await chmod(root, 0o711);
    const started = Date.now();
    const res = await run(process.execPath, [CLI, "up"], {
      cwd: root,
      env: {
        ...baseEnv(),
        FIFTEEN_DATA_DIR: dataDir,
        FIFTEEN_API_PORT: "0",
        FIFTEEN_ROUTER_PORT: String(port),
        FIFTEEN_ADMIN_TOKEN: TOKEN,
        FIFTEEN_DATA_PLANE: "haproxy",
      },
      timeoutMs: 15_000,
    });
    const elapsed = Date.now() - started;
    const left = await processesMentioning(dataDir);
    const message = res.stderr.trim().split("\n").pop() ?? "";
    const named = message.includes(String(port)) && message.includes("FIFTEEN_ROUTER_PORT");
    add({
      scenario: SCENARIO,
      measure:
        "router port already taken (FIFTEEN_ROUTER_PORT held by another program): exit, time, error, left running",
      value: `exit ${res.code} after ${f(elapsed / 1000, 2)} s, "${message.replace(/\|/g, "\\|")}", ${left.length} processes left (${load()})`,
      target: "non-zero ≤ 5 s, names the port and setting, none left",
      met: res.code !== 0 && elapsed <= 5000 && named && left.length === 0,
    });
    // Never leave a stray HAProxy holding the port, even when the row above says one was left.
    const master = await haproxyMaster(dataDir);
    if (master !== undefined && left.includes(master)) process.kill(-master, "SIGKILL");
  } finally {
    holder.close();
    await rm(root, { recursive: true, force: true });
  }
}

export async function takeoverScenario(work: string, tools: Tools): Promise<void> {
  if (skippedWithoutHaproxy(SCENARIO, tools)) return;
  await killAndTakeOver(work);
  await portTaken();
}
