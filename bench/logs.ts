// Scenario 5, logs: 10 processes printing as fast as their pipes accept for 5 s, a slow `logs --tail` follower
// counting what it receives and what it was told was dropped, and the platform's peak memory meanwhile.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createAndDeploy, type LogLine } from "./apps.js";
import { baseEnv, ROOT, sleep, startPlatform, TOKEN, writeApp } from "./lib.js";
import { add, f, notes } from "./report.js";
import { platformRss } from "./rss.js";

/** 5. Logs: 10 processes printing as fast as they can (honouring backpressure) for 5 s. */
export async function logScenario(work: string): Promise<void> {
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
      measure: "platform RSS (control plane + data plane), peak during the run",
      value: `${f(peak, 0)} MiB`,
    });
    notes.push(
      "Logs: every line is also written to the app's durable history (telemetry.db, bounded by FIFTEEN_LOG_HISTORY_LINES) and counted in /metrics. A process writing faster than the platform reads is slowed by its pipe (backpressure), never dropped; drops happen only at slow followers (and stalled drains), and are counted.",
    );
  } finally {
    await p.stop();
  }
}
