// Logs that last and telemetry, as a user sees them: history across a restart and a redeploy, drains over
// HTTPS and syslog that get every line, a stalled drain that never blocks the app and accounts for every line,
// the egress guard, /metrics, a trace from the router into the app, `fifteen metrics`, and health probes.
import assert from "node:assert/strict";
import { once } from "node:events";
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { request } from "undici";
import type { Drain, LogLine } from "../client/index.js";
import { reap } from "../isolation/registry.js";
import { commitAll, writeNodeApp } from "../testing/apps.js";
import { makeCertificate, startReceiver, testTls, type Receiver } from "../testing/log-receivers.js";
import {
  ADMIN_TOKEN,
  fifteen,
  spawnPlatform,
  startTestPlatform,
  userEnv,
  type ChildPlatform,
  type TestPlatform,
} from "../testing/platform.js";

const SCRAPE_TOKEN = "scrape_token_for_tests_0123";

/** An app that answers `/` with the traceparent it got, and `/burst?n=N` by printing N numbered lines. */
const SERVER = `
const http = require("http");
http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  if (url.pathname === "/burst") {
    const n = Number(url.searchParams.get("n"));
    const started = Date.now();
    for (let i = 0; i < n; i++) process.stdout.write("burst " + i + "\\n");
    res.end(String(Date.now() - started));
    return;
  }
  res.end(String(req.headers.traceparent));
}).listen(process.env.PORT);
`;

interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
}

interface OtlpExport {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans: Array<{ spans: OtlpSpan[] }>;
  }>;
}

async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Prometheus text format: every sample line is `name{labels} value`; returns samples by name+labels. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
    const match =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (\S+)$/.exec(line);
    assert.ok(match, `not Prometheus text: ${line}`);
    samples.set(`${match[1]}${match[2] ?? ""}`, Number(match[3]));
  }
  return samples;
}

function sum(samples: Map<string, number>, name: string, label: string): number {
  let total = 0;
  for (const [key, value] of samples) if (key.startsWith(`${name}{`) && key.includes(label)) total += value;
  return total;
}

describe("logs that last, drains and telemetry", () => {
  let root: string;
  let dataDir: string;
  let p: ChildPlatform;
  let https: Receiver;
  let syslog: Receiver;
  let stalling: Receiver;
  const traces: OtlpExport[] = [];
  const otlp = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const raw = req.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body;
      if (req.url === "/v1/traces") traces.push(JSON.parse(raw.toString("utf8")) as OtlpExport);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  const t = () => ({ apiUrl: p.apiUrl, home: join(root, "home") });
  const cli = (args: string[], cwd?: string) => fifteen(t(), args, cwd ? { cwd } : {});
  const get = async (app: string, path: string) => {
    const res = await request(`${p.routerUrl}${path}`, { headers: { host: `${app}.localhost` } });
    return { status: res.statusCode, body: await res.body.text() };
  };
  const start = async (extra: Record<string, string> = {}) => {
    p = await spawnPlatform(root, {
      FIFTEEN_DATA_DIR: dataDir,
      FIFTEEN_ADMIN_TOKEN: ADMIN_TOKEN,
      FIFTEEN_EGRESS_ALLOW: "127.0.0.0/8,::1",
      FIFTEEN_METRICS_TOKEN: SCRAPE_TOKEN,
      FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(otlp.address() as AddressInfo).port}`,
      NODE_EXTRA_CA_CERTS: testTls.certFile,
      ...extra,
    });
  };
  const stop = async () => {
    p.proc.kill("SIGTERM");
    assert.equal(await p.exited, 0, p.stderr());
  };
  const scrape = async () => {
    const res = await request(`${p.apiUrl}/metrics`, {
      headers: { authorization: `Bearer ${SCRAPE_TOKEN}` },
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["content-type"]), /^text\/plain; version=0\.0\.4/);
    return parsePrometheus(await res.body.text());
  };
  const deploy = async (app: string) => {
    const dir = join(root, "home", app);
    await writeNodeApp(dir, { files: { "server.js": SERVER } });
    await commitAll(dir, userEnv(t()));
    const result = await cli(["deploy", "-a", app], dir);
    assert.equal(result.code, 0, result.stderr);
  };
  const drainsOf = async (app: string) =>
    JSON.parse((await cli(["drains", "--json", "-a", app])).stdout) as Drain[];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), "fifteen-telemetry-"));
    // App uids must pass through to the data dirs inside (`up` refuses otherwise).
    await chmod(root, 0o711);
    dataDir = join(root, "data");
    await mkdir(join(root, "home"), { recursive: true });
    await makeCertificate();
    otlp.listen(0, "127.0.0.1");
    await once(otlp, "listening");
    [https, syslog, stalling] = await Promise.all([
      startReceiver("https"),
      startReceiver("syslog"),
      startReceiver("https"),
    ]);
    await start();
  });

  after(async () => {
    if (p.proc.exitCode === null) await stop().catch(() => undefined);
    await reap(join(dataDir, "pids"));
    await reap(join(dataDir, "router-pid"));
    await Promise.all([https.close(), syslog.close(), stalling.close()]);
    otlp.close();
    await rm(root, { recursive: true, force: true });
    await rm(testTls.dir, { recursive: true, force: true });
  });

  it("delivers every line of a 50 000-line burst to an HTTPS drain and a syslog drain, with full tags", async () => {
    assert.equal((await cli(["apps:create", "alpha"])).code, 0);
    const added = await cli([
      "drains:add",
      `https://localhost:${https.port}/logs?token=s3cret`,
      "-a",
      "alpha",
    ]);
    assert.equal(added.code, 0, added.stderr);
    assert.equal((await cli(["drains:add", `syslog://127.0.0.1:${syslog.port}`, "-a", "alpha"])).code, 0);
    const listed = await drainsOf("alpha");
    assert.equal(listed.length, 2);
    assert.ok(
      listed.every((d) => !d.url.includes("s3cret")),
      "query values are masked in listings",
    );
    await deploy("alpha");

    const burst = await get("alpha", "/burst?n=50000");
    assert.equal(burst.status, 200);
    for (const receiver of [https, syslog]) {
      await until("every burst line at the drain", () => {
        const count = receiver.received.filter((l) => l.text.startsWith("burst ")).length;
        return count >= 50_000 || undefined;
      });
      const burstLines = receiver.received.filter((l) => l.text.startsWith("burst "));
      assert.equal(burstLines.length, 50_000, "no line twice");
      assert.equal(new Set(burstLines.map((l) => l.text)).size, 50_000, "every line once");
      for (const line of [burstLines[0], burstLines[49_999]]) {
        assert.equal(line?.app, "alpha");
        assert.equal(line?.source, "app");
        assert.equal(line?.process, "web.1");
        assert.ok(!Number.isNaN(Date.parse(line?.time ?? "")), "a timestamp");
      }
    }
    assert.equal(typeof https.received.at(-1)?.seq, "number", "HTTPS lines carry their sequence number");
    assert.ok(syslog.messages.some((m) => /^<\d+>1 \S+ \S+ alpha web\.1 - \[fifteen@32473 /.test(m)));
    assert.ok(https.headers.every((h) => h["content-type"] === "application/x-ndjson"));

    const drains = await until("the drains to settle", async () => {
      const d = await drainsOf("alpha");
      return d.every((x) => x.pending === 0 && x.dropped === 0 && x.delivered > 50_000) ? d : undefined;
    });
    assert.ok(drains.every((d) => d.state !== "retrying"));
  });

  it("serves Prometheus text: 100 requests show as 100 in the counter and the histogram", async () => {
    assert.equal((await cli(["apps:create", "beta"])).code, 0);
    await deploy("beta");
    const before = await scrape();
    for (let i = 0; i < 100; i++) assert.equal((await get("beta", "/")).status, 200);
    const counter = 'fifteen_router_requests_total{app="beta",type="web",status_class="2xx"}';
    const histogram = 'fifteen_router_request_duration_seconds_count{app="beta"}';
    const samples = await until("100 requests counted", async () => {
      const s = await scrape();
      return (s.get(counter) ?? 0) >= 100 ? s : undefined;
    });
    assert.equal(before.get(counter) ?? 0, 0);
    assert.equal(samples.get(counter), 100);
    assert.equal(samples.get(histogram), 100);
    assert.ok((samples.get('fifteen_router_response_bytes_total{app="beta"}') ?? 0) > 0);
    assert.ok(sum(samples, "fifteen_log_lines_total", 'app="alpha"') > 50_000);
    assert.ok((samples.get("process_resident_memory_bytes") ?? 0) > 0, "the platform's own process metrics");
    assert.ok((samples.get('fifteen_deploys_total{app="beta",outcome="succeeded"}') ?? 0) >= 1);
    const web = await until("process memory sampled", async () =>
      (await scrape()).get('fifteen_app_process_resident_memory_bytes{app="beta",process="web.1"}'),
    );
    assert.ok(web > 1024 * 1024, `web.1 uses some memory: ${web}`);

    const anonymous = await request(`${p.apiUrl}/metrics`);
    await anonymous.body.dump();
    assert.equal(anonymous.statusCode, 401, "a token is needed");
    const admin = await request(`${p.apiUrl}/metrics`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    await admin.body.dump();
    assert.equal(admin.statusCode, 200, "an admin token works too");
  });

  it("traces a request: the router's span and the app's traceparent share a trace id", async () => {
    const seen = (await get("beta", "/")).body;
    const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/.exec(seen);
    assert.ok(match, `the app got a W3C traceparent: ${seen}`);
    const span = await until("the router span at the collector", () =>
      traces
        .flatMap((e) => e.resourceSpans)
        .filter((r) => r.resource.attributes.some((a) => a.value.stringValue === "fifteen-router"))
        .flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))
        .find((s) => s.traceId === match[1]),
    );
    assert.equal(span.spanId, match[2], "the app's parent is the router span");
  });

  it("`fifteen metrics --json` shows the request rate and latency quantiles", async () => {
    const result = await cli(["metrics", "--json", "--since", "10m", "-a", "beta"]);
    assert.equal(result.code, 0, result.stderr);
    const series = JSON.parse(result.stdout) as {
      resolution: number;
      points: unknown[];
      summary: { requests: number; rps: number; p50: number; p95: number; p99: number; errorRate: number };
    };
    assert.equal(series.resolution, 10);
    assert.ok(series.summary.requests >= 101);
    assert.ok(series.summary.rps > 0);
    assert.ok(series.summary.p50 > 0 && series.summary.p50 <= series.summary.p95);
    assert.ok(series.summary.p95 <= series.summary.p99 && series.summary.p99 < 5000);
    assert.equal(series.summary.errorRate, 0);
    const table = await cli(["metrics", "--since", "10m", "-a", "beta"]);
    assert.match(table.stdout, /requests\/s\s+\d+\.\d\d\s+[▁▂▃▄▅▆▇█ ]+/);
    assert.match(table.stdout, /p99\s+[\d.]+ m?s/);
  });

  it("answers /healthz and /readyz without a token", async () => {
    const live = await request(`${p.apiUrl}/healthz`);
    assert.equal(live.statusCode, 200);
    await live.body.dump();
    const ready = await request(`${p.apiUrl}/readyz`);
    const body = (await ready.body.json()) as { status: string; checks: { name: string; ok: boolean }[] };
    assert.equal(ready.statusCode, 200);
    assert.equal(body.status, "ok");
    assert.deepEqual(body.checks.map((c) => c.name).sort(), ["reconciler", "router", "store"]);
  });

  it("keeps log history across a platform restart and a redeploy", async () => {
    const restartedAt = Date.now();
    await stop();
    // Back with a small drain buffer, for the stalled drain below.
    await start({ FIFTEEN_DRAIN_BUFFER_LINES: "2000" });
    await deploy("alpha");
    const result = await cli(["logs", "-n", "50", "--json", "-a", "alpha"]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as LogLine);
    assert.equal(lines.length, 50);
    assert.ok(
      lines.some((l) => Date.parse(l.time) < restartedAt),
      "lines from before the restart and the redeploy",
    );
    assert.ok(
      lines.some((l) => /Deployed|v2/.test(l.text)),
      "and lines of the redeploy",
    );
    const old = await cli(["logs", "--grep", "burst 49999", "--source", "app", "--json", "-a", "alpha"]);
    assert.equal(JSON.parse(old.stdout.trim()).text, "burst 49999");
    const counters = await drainsOf("alpha");
    assert.ok(
      counters.every((d) => d.delivered > 50_000),
      "drain counters carry on after the restart",
    );
  });

  it("never blocks the app on a stalled drain, and counts every line: delivered + dropped = emitted", async () => {
    assert.equal((await cli(["apps:create", "gamma"])).code, 0);
    assert.equal((await cli(["drains:add", `https://localhost:${stalling.port}/in`, "-a", "gamma"])).code, 0);
    await deploy("gamma");
    stalling.hang = true;
    const burst = await get("gamma", "/burst?n=20000");
    assert.equal(burst.status, 200, "the app finished printing while its drain is stalled");
    assert.equal((await get("gamma", "/")).status, 200, "and still answers");
    const stalled = await until("lines dropped at the stalled drain", async () => {
      const [d] = await drainsOf("gamma");
      return d && d.dropped > 0 && d.state === "retrying" ? d : undefined;
    });
    assert.ok(stalled.pending <= 2000, "the buffer is bounded");

    stalling.hang = false;
    await stalling.drop();
    const [settled] = await until("the drain to catch up", async () => {
      const d = await drainsOf("gamma");
      return d[0] && d[0].pending === 0 && d[0].state !== "retrying" ? d : undefined;
    });
    assert.ok(settled);
    const samples = await scrape();
    const emitted = sum(samples, "fifteen_log_lines_total", 'app="gamma"');
    assert.equal(settled.delivered + settled.dropped, emitted, "emitted = delivered + dropped");
    assert.equal(
      samples.get(`fifteen_log_lines_dropped_total{app="gamma",where="drain:${settled.id}"}`),
      settled.dropped,
      "the metric counts the same drops",
    );
    assert.equal(stalling.received.length, settled.delivered, "the receiver got exactly what was delivered");
    assert.ok(settled.dropped > 0 && settled.dropped < 20_000);
    const marker = await cli(["logs", "--grep", "log lines dropped", "--json", "-a", "gamma"]);
    assert.match(marker.stdout, new RegExp(`\\d+ log lines dropped \\(drain ${settled.id} fell behind\\)`));
  });
});

describe("drain egress guard", () => {
  let t: TestPlatform;

  before(async () => {
    t = await startTestPlatform();
    assert.equal((await fifteen(t, ["apps:create", "delta"])).code, 0);
  });
  after(() => t.close());

  it("refuses loopback and metadata drains without the operator allowlist, and adds nothing", async () => {
    const loopback = await fifteen(t, ["drains:add", "https://127.0.0.1/logs", "-a", "delta"]);
    assert.notEqual(loopback.code, 0);
    assert.match(loopback.stderr, /127\.0\.0\.1, a loopback address/);
    assert.match(loopback.stderr, /FIFTEEN_EGRESS_ALLOW/);
    const metadata = await fifteen(t, ["drains:add", "http://169.254.169.254/", "-a", "delta"]);
    assert.notEqual(metadata.code, 0);
    assert.match(metadata.stderr, /169\.254\.169\.254, a cloud metadata address/);
    const scheme = await fifteen(t, ["drains:add", "ftp://example.com/", "-a", "delta"]);
    assert.match(scheme.stderr, /https|syslog/);
    assert.equal((await fifteen(t, ["drains", "--json", "-a", "delta"])).stdout.trim(), "[]");
  });
});
