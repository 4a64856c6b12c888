// Scenario 13, starting a process of a big app (issue 19's part 0): an app whose slug carries 150 MB of
// dependencies, deployed once; then `fifteen run -- true` and a web process start (web=2 through the API, spawn
// to its port accepting), each measured 5 times. A release is unpacked once and shared, so neither unpacks it.
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createAndDeploy, webSettled } from "./apps.js";
import { median, run, sleep, startPlatform, waitForHttp, writeApp } from "./lib.js";
import { add, f } from "./report.js";

const SCENARIO = "13. process start, 150 MB of dependencies";
const TIMES = 5;
const FILES = 7_500;
const FILE_BYTES = 20_000;

/** A local package of FILES files, 150 MB in all, of text that compresses about as node_modules does. */
async function writeBigPackage(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({ name: "big", version: "1.0.0", main: "index.js" }),
  );
  await writeFile(join(dir, "index.js"), "module.exports = 42;\n");
  for (let d = 0; d < FILES / 250; d++) {
    const sub = join(dir, "lib", String(d));
    await mkdir(sub, { recursive: true });
    await Promise.all(
      Array.from({ length: 250 }, (_, i) =>
        writeFile(
          join(sub, `m${i}.js`),
          `// generated\nmodule.exports = ${JSON.stringify(randomBytes((FILE_BYTES * 3) / 4).toString("base64"))};\n`,
        ),
      ),
    );
  }
}

export async function processStartScenario(work: string): Promise<void> {
  const dir = join(work, "big");
  await writeApp(dir, { body: "big", dependencies: { big: "file:./vendor/big" } });
  await writeBigPackage(join(dir, "vendor", "big"));
  const p = await startPlatform();
  try {
    await createAndDeploy(p, "big", dir);
    await waitForHttp(p.routerUrl, "big.localhost", 60_000);
    // The release as unpacked (with the running process's small directory).
    const du = await run("du", ["-sm", join(p.dataDir, "run")]);
    const unpackedMb = Number(du.stdout.split(/\s/)[0]);
    const runs: number[] = [];
    for (let i = 0; i < TIMES; i++) {
      const started = performance.now();
      const res = await p.cli(["run", "-a", "big", "--", "true"]);
      if (res.code !== 0) throw new Error(`fifteen run failed: ${res.stderr}`);
      runs.push(performance.now() - started);
    }
    const starts: number[] = [];
    for (let i = 0; i < TIMES; i++) {
      const before = new Set((await webSettled(p, "big", 1)).map((x) => x.pid ?? 0));
      const started = performance.now();
      const scaled = await p.api("PATCH", "/v1/apps/big/formation", { web: 2 });
      if (scaled.status !== 200) throw new Error(`scaling to web=2: ${scaled.status}`);
      const web = await webSettled(p, "big", 2);
      if (web.filter((x) => !before.has(x.pid ?? 0)).length !== 1) throw new Error("no new web process");
      starts.push(performance.now() - started);
      await p.api("PATCH", "/v1/apps/big/formation", { web: 1 });
      await webSettled(p, "big", 1);
      await sleep(200);
    }
    const runMs = median(runs);
    const startMs = median(starts);
    add({
      scenario: SCENARIO,
      measure: `\`fifteen run -- true\`, median of ${TIMES} (the CLI's own start included; the release is ${unpackedMb} MB unpacked)`,
      value: `${f(runMs, 0)} ms`,
      target: "≤ 1 s",
      met: runMs <= 1000,
    });
    add({
      scenario: SCENARIO,
      measure: `a web process: web=2 through the API until it is up (spawn, boot, port accepting), median of ${TIMES}`,
      value: `${f(startMs, 0)} ms`,
      target: "≤ 300 ms + the app's boot",
      met: startMs <= 350,
    });
  } finally {
    await p.stop();
  }
}
