// Scenario 1, the router: the same tiny backend measured directly, behind nginx, and deployed as an app behind
// each of Fifteen's data planes, with the same wrk. The backend, nginx and the HAProxy plane are measured in
// rounds, one after the other in each, and each reported by its median round; then the Node router.
import { join } from "node:path";
import { createAndDeploy } from "./apps.js";
import {
  startBackend,
  startNginx,
  startPlatform,
  waitForHttp,
  wrk,
  writeApp,
  type Platform,
  type Tools,
  type WrkResult,
} from "./lib.js";
import { add, f, SECONDS } from "./report.js";

const SCENARIO = "1. router";
/** Rounds of (a), (b), (c) one after the other: a machine's load that drifts falls on each of them alike. */
const ROUNDS = 3;

interface Target {
  name: string;
  url: string;
  host?: string | undefined;
  results: WrkResult[];
}

/** wrk -t2 -c50, as every target of this scenario is measured, after a warm-up the first time. */
async function measure(target: Target, seconds: number): Promise<void> {
  if (target.results.length === 0) await wrk(target.url, { connections: 50, seconds: 2, host: target.host });
  target.results.push(await wrk(target.url, { connections: 50, seconds, host: target.host }));
}

/** The median run of a target's rounds by req/s, with the median p50 and p99 of its rounds. */
function reported(target: Target): WrkResult {
  const mid = <T>(values: T[], key: (v: T) => number) =>
    [...values].sort((x, y) => key(x) - key(y))[Math.floor(values.length / 2)] as T;
  const runs = target.results;
  const byRate = mid(runs, (r) => r.requestsPerSecond);
  const result = {
    ...byRate,
    p50Ms: mid(runs, (r) => r.p50Ms).p50Ms,
    p99Ms: mid(runs, (r) => r.p99Ms).p99Ms,
  };
  add({
    scenario: SCENARIO,
    measure: `${target.name}: req/s, p50, p99${runs.length > 1 ? ` (median of ${runs.length} rounds)` : ""}`,
    value: `${f(result.requestsPerSecond, 0)} req/s, ${f(result.p50Ms, 2)} ms, ${f(result.p99Ms, 2)} ms`,
  });
  return result;
}

/** A platform on `plane` with the "ok" app deployed, ready to be measured through its data plane. */
async function deployedOn(work: string, plane: "haproxy" | "node"): Promise<Platform> {
  const p = await startPlatform({ FIFTEEN_DATA_PLANE: plane });
  try {
    const app = join(work, `ok-${plane}`);
    await writeApp(app);
    await createAndDeploy(p, "ok", app);
    await waitForHttp(p.routerUrl, "ok.localhost");
    return p;
  } catch (err) {
    await p.stop();
    throw err;
  }
}

export async function routerScenario(work: string, tools: Tools): Promise<void> {
  const backend = await startBackend(join(work, "backend"));
  const nginx = await startNginx(join(work, "nginx"), backend.port);
  const haproxyName = "(c) Fifteen on the HAProxy data plane (the default)";
  const haproxy = tools.haproxy ? await deployedOn(work, "haproxy") : undefined;
  const targets: Target[] = [
    { name: "(a) backend direct", url: `http://127.0.0.1:${backend.port}/`, results: [] },
    { name: "(b) nginx, 1 worker, keepalive", url: `http://127.0.0.1:${nginx.port}/`, results: [] },
    ...(haproxy
      ? [{ name: haproxyName, url: `${haproxy.routerUrl}/`, host: "ok.localhost", results: [] }]
      : []),
  ];
  let a: WrkResult;
  let b: WrkResult;
  let c: WrkResult | undefined;
  try {
    for (let round = 0; round < ROUNDS; round++)
      for (const target of targets) await measure(target, SECONDS / 2);
    [a, b, c] = targets.map(reported) as [WrkResult, WrkResult, WrkResult | undefined];
  } finally {
    await haproxy?.stop();
    await nginx.stop();
    await backend.stop();
  }
  if (!haproxy) add({ scenario: SCENARIO, measure: haproxyName, value: `skipped: ${tools.haproxyProblem}` });
  // The Node router alone: it is the fallback, measured once.
  const node = await deployedOn(work, "node");
  let d: WrkResult;
  try {
    const target: Target = {
      name: "(d) Fifteen on the Node router (FIFTEEN_DATA_PLANE=node)",
      url: `${node.routerUrl}/`,
      host: "ok.localhost",
      results: [],
    };
    await measure(target, SECONDS);
    d = reported(target);
  } finally {
    await node.stop();
  }
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
