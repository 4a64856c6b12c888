// Scenario 8, crash recovery: kill -9 of `fifteen up` with 100 running apps, then a start on the same data dir;
// the apps and the data plane are adopted, so requests keep being answered.
import { join } from "node:path";
import { createAndDeploy } from "./apps.js";
import { get, sleep, startPlatform, waitForHttp, writeApp, type Platform } from "./lib.js";
import { add, f } from "./report.js";

/** 8. kill -9 of the platform with 100 running apps: the restart must keep them answering. */
export async function crashRecoveryScenario(work: string): Promise<void> {
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
