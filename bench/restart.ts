// Scenario 4, restart: each web process killed with kill -9 until it is up again, and a crash loop's backoff.
import { join } from "node:path";
import { request } from "undici";
import { createAndDeploy, type LogLine } from "./apps.js";
import { median, sleep, startPlatform, TOKEN, waitForHttp, writeApp } from "./lib.js";
import { add, f } from "./report.js";

/** 4. Restart after kill -9, and the backoff of a crash loop. */
export async function restartScenario(work: string): Promise<void> {
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
