// Scenario 1, the router: the same tiny backend measured directly, behind nginx, and deployed as an app behind
// each of Fifteen's data planes (HAProxy, then the Node router), one after the other with the same wrk.
import { join } from "node:path";
import { createAndDeploy } from "./apps.js";
import {
  startBackend,
  startNginx,
  startPlatform,
  waitForHttp,
  wrk,
  writeApp,
  type Tools,
  type WrkResult,
} from "./lib.js";
import { add, f, SECONDS } from "./report.js";

const SCENARIO = "1. router";

/** Warm-up, then the measured run: wrk -t2 -c50, as every target of this scenario is measured. */
async function measure(name: string, url: string, host?: string): Promise<WrkResult> {
  await wrk(url, { connections: 50, seconds: 2, host });
  const r = await wrk(url, { connections: 50, seconds: SECONDS, host });
  add({
    scenario: SCENARIO,
    measure: `${name}: req/s, p50, p99`,
    value: `${f(r.requestsPerSecond, 0)} req/s, ${f(r.p50Ms, 2)} ms, ${f(r.p99Ms, 2)} ms`,
  });
  return r;
}

/** A platform on `plane` with the "ok" app deployed, measured through its data plane, then stopped. */
async function measurePlane(work: string, plane: "haproxy" | "node", name: string): Promise<WrkResult> {
  const p = await startPlatform({ FIFTEEN_DATA_PLANE: plane });
  try {
    const app = join(work, `ok-${plane}`);
    await writeApp(app);
    await createAndDeploy(p, "ok", app);
    await waitForHttp(p.routerUrl, "ok.localhost");
    return await measure(name, `${p.routerUrl}/`, "ok.localhost");
  } finally {
    await p.stop();
  }
}

export async function routerScenario(work: string, tools: Tools): Promise<void> {
  const backend = await startBackend(join(work, "backend"));
  const nginx = await startNginx(join(work, "nginx"), backend.port);
  let a: WrkResult;
  let b: WrkResult;
  try {
    a = await measure("(a) backend direct", `http://127.0.0.1:${backend.port}/`);
    b = await measure("(b) nginx, 1 worker, keepalive", `http://127.0.0.1:${nginx.port}/`);
  } finally {
    await nginx.stop();
    await backend.stop();
  }
  const haproxyName = "(c) Fifteen on the HAProxy data plane (the default)";
  const c = tools.haproxy ? await measurePlane(work, "haproxy", haproxyName) : undefined;
  if (!c) add({ scenario: SCENARIO, measure: haproxyName, value: `skipped: ${tools.haproxyProblem}` });
  const d = await measurePlane(work, "node", "(d) Fifteen on the Node router (FIFTEEN_DATA_PLANE=node)");
  const ratio = (x: WrkResult, y: WrkResult, key: "requestsPerSecond" | "p99Ms") => x[key] / y[key];
  if (c) {
    const rps = ratio(c, b, "requestsPerSecond");
    const p99 = ratio(c, b, "p99Ms");
    add({
      scenario: SCENARIO,
      measure: "c/b req/s (HAProxy plane vs nginx)",
      value: f(rps, 2),
      target: "≥ 0.75",
      met: rps >= 0.75,
    });
    add({ scenario: SCENARIO, measure: "c/b p99", value: f(p99, 2), target: "≤ 2", met: p99 <= 2 });
  }
  add({
    scenario: SCENARIO,
    measure: "d/b req/s and p99 (Node router vs nginx)",
    value: `${f(ratio(d, b, "requestsPerSecond"), 2)}, ${f(ratio(d, b, "p99Ms"), 2)}`,
  });
  add({
    scenario: SCENARIO,
    measure: "c/a and d/a req/s (each plane vs direct)",
    value: `${c ? f(ratio(c, a, "requestsPerSecond"), 2) : "n/a"}, ${f(ratio(d, a, "requestsPerSecond"), 2)}`,
  });
}
