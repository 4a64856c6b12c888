// Scenario 7, the log flood: 20 apps held at their history limit (100,000 lines each) while they keep writing.
// The history is pre-filled straight into telemetry.db while the platform is stopped (seconds, not minutes of
// printing), then the platform starts again on the same data dir. Flush times come from the platform's own
// histogram (fifteen_log_history_flush_seconds), the API's p99 from requests hammered at it meanwhile.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import Database from "better-sqlite3";
import { request } from "undici";
import { sleep, startPlatform, TOKEN, waitForHttp, writeApp, type Platform } from "./lib.js";

export interface FloodRow {
  measure: string;
  value: string;
  target?: string;
  met?: boolean;
}

const APPS = 20;
const LIMIT = 100_000;
const SECONDS = 15;
/** Each app prints 10 lines every 50 ms: 4,000 lines/s across the 20 apps. */
const WRITER = `const pad = "x".repeat(60); let n = 0;
require("http").createServer((q, s) => s.end("flood")).listen(process.env.PORT);
setInterval(() => { let out = ""; for (let i = 0; i < 10; i++) out += \`line \${++n} \${pad}\\n\`; process.stdout.write(out); }, 50);
`;

type Buckets = Map<number, number>;

/** The flush histogram's cumulative buckets (upper bound in seconds → count), from `/metrics`. */
async function flushBuckets(p: Platform): Promise<Buckets> {
  const res = await request(`${p.apiUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const text = await res.body.text();
  const buckets: Buckets = new Map();
  for (const m of text.matchAll(/^fifteen_log_history_flush_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm))
    buckets.set(m[1] === "+Inf" ? Infinity : Number(m[1]), Number(m[2]));
  return buckets;
}

/** The smallest bucket bound holding the quantile q of the flushes between two scrapes. */
function quantileBound(before: Buckets, after: Buckets, q: number): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  for (const le of bounds) if ((after.get(le) ?? 0) - (before.get(le) ?? 0) >= q * total) return le;
  return Infinity;
}

async function hammer(url: string, seconds: number, connections: number): Promise<number[]> {
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const started = performance.now();
        const res = await request(url, { headers: { authorization: `Bearer ${TOKEN}` } });
        await res.body.text();
        if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

const pct = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** Every app's history topped up to the limit, with its count, as the platform itself would have left them. */
function prefill(dataDir: string, appIds: string[]): void {
  const db = new Database(join(dataDir, "telemetry.db"));
  const last = db.prepare("SELECT max(seq) AS seq FROM log_lines").get() as { seq: number | null };
  let seq = last.seq ?? 0;
  const insert = db.prepare(
    "INSERT INTO log_lines (seq, app_id, time, source, process, text) VALUES (?, ?, ?, 'app', 'web.1', ?)",
  );
  const pad = "x".repeat(60);
  db.transaction(() => {
    const now = Date.now();
    for (const id of appIds)
      for (let i = 0; i < LIMIT; i++) insert.run(++seq, id, now, `prefill ${i} ${pad}`);
    db.exec("DELETE FROM log_counts");
    db.exec("INSERT INTO log_counts SELECT app_id, count(*) FROM log_lines GROUP BY app_id");
  })();
  db.close();
}

export async function logFloodScenario(work: string): Promise<FloodRow[]> {
  const dataDir = join(work, "data");
  await mkdir(work, { recursive: true });
  const dir = join(work, "flood");
  await writeApp(dir, { procfile: "web: node writer.js\n", files: { "writer.js": WRITER } });
  const first = await startPlatform({ FIFTEEN_DATA_DIR: dataDir });
  const ids: string[] = [];
  let idle: number[] = [];
  let idleHealth: number[] = [];
  try {
    for (let i = 0; i < APPS; i++) {
      const app = `flood${i}`;
      const created = await first.cli(["apps:create", app, "--no-remote"]);
      if (created.code !== 0) throw new Error(created.stderr);
      const res = await first.cli(["deploy", "-a", app], dir);
      if (res.code !== 0) throw new Error(`deploy of ${app} failed: ${res.stderr}${res.stdout}`);
      const shown = await request(`${first.apiUrl}/v1/apps/${app}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      ids.push(((await shown.body.json()) as { id: string }).id);
    }
    idle = await hammer(`${first.apiUrl}/v1/apps`, 5, 4);
    idleHealth = await hammer(`${first.apiUrl}/healthz`, 3, 4);
  } finally {
    await first.stop();
  }
  const filling = Date.now();
  prefill(dataDir, ids);
  const filled = (Date.now() - filling) / 1000;
  const p = await startPlatform({ FIFTEEN_DATA_DIR: dataDir });
  try {
    for (let i = 0; i < APPS; i++) await waitForHttp(p.routerUrl, `flood${i}.localhost`, 60_000);
    await sleep(2000);
    const before = await flushBuckets(p);
    const busy = await hammer(`${p.apiUrl}/v1/apps`, SECONDS, 4);
    const busyHealth = await hammer(`${p.apiUrl}/healthz`, 5, 4);
    const after = await flushBuckets(p);
    const flushes = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
    const over20 = flushes - ((after.get(0.02) ?? 0) - (before.get(0.02) ?? 0));
    const kept = await p.cli(["logs", "-a", "flood0", "-n", "100000", "--json"]);
    const lines = kept.stdout.split("\n").filter(Boolean);
    const spread = (l: number[]) =>
      `${pct(l, 0.5).toFixed(1)} / ${pct(l, 0.99).toFixed(1)} / ${pct(l, 1).toFixed(1)} ms`;
    const ms = (s: number) => (Number.isFinite(s) ? `≤ ${s * 1000} ms` : "> 1 s");
    return [
      {
        measure: `history pre-filled straight into telemetry.db: ${APPS} apps × ${LIMIT} lines`,
        value: `${filled.toFixed(1)} s`,
      },
      {
        measure: `${APPS} apps at their limit writing 4,000 lines/s: history flushes in ${SECONDS} s, p50 / p99 / max`,
        value: `${flushes} flushes; ${ms(quantileBound(before, after, 0.5))} / ${ms(quantileBound(before, after, 0.99))} / ${ms(quantileBound(before, after, 1))} (histogram bounds)`,
        target: "< 20 ms",
        met: flushes > 0 && over20 === 0,
      },
      {
        measure: "flushes over 20 ms",
        value: `${over20} of ${flushes}`,
      },
      {
        measure: "API `GET /v1/apps` (4 concurrent clients), p50 / p99 / max: idle vs during the flood",
        value: `idle ${spread(idle)}; flood ${spread(busy)} (${busy.length} requests)`,
        target: "p99 < 50 ms",
        met: pct(busy, 0.99) < 50,
      },
      {
        measure:
          "API `GET /healthz` (4 concurrent clients, after the above), p50 / p99 / max: idle vs during the flood",
        value: `idle ${spread(idleHealth)}; flood ${spread(busyHealth)} (${busyHealth.length} requests)`,
      },
      {
        measure: "lines in flood0's history afterwards (`logs -n 100000`)",
        value: `${lines.length}`,
        target: `${LIMIT}`,
        met: lines.length === LIMIT,
      },
    ];
  } finally {
    await p.stop();
  }
}
