// The router's tracing against real sockets: its spans reach an OTLP/HTTP receiver, and the app's traceparent
// names them as parent; without a collector apps still get a traceparent.
import assert from "node:assert/strict";
import http, { type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { after, before, describe, it } from "node:test";
import type { RouteTable } from "../shared/route-table.js";
import { startTracing, type Tracing } from "../telemetry/tracing.js";
import { Proxy } from "./proxy.js";

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: OtlpValue }>;
  status?: { code?: number };
}

interface OtlpExport {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: OtlpValue }> };
    scopeSpans: Array<{ spans: OtlpSpan[] }>;
  }>;
}

const SERVER = 2; // OTLP's SPAN_KIND_SERVER

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
}

function attribute(span: OtlpSpan, key: string): string | number | undefined {
  const value = span.attributes.find((a) => a.key === key)?.value;
  if (value?.intValue !== undefined) return Number(value.intValue);
  return value?.stringValue;
}

/** `00-<trace id>-<parent id>-<flags>` split into its parts. */
function parts(traceparent: unknown): { traceId: string; parentId: string; flags: string } {
  assert.equal(typeof traceparent, "string", "the app got no traceparent");
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(traceparent as string);
  assert.ok(match, `not a W3C traceparent: ${String(traceparent)}`);
  return { traceId: match[1] ?? "", parentId: match[2] ?? "", flags: match[3] ?? "" };
}

describe("router tracing", () => {
  /** What the OTLP receiver got, as POSTed to /v1/traces. */
  const exports: OtlpExport[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (req.method === "POST" && req.url === "/v1/traces") {
        const raw = req.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body;
        exports.push(JSON.parse(raw.toString("utf8")) as OtlpExport);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      } else res.writeHead(404).end();
    });
  });
  /** The headers each request reached the app with. */
  const seen: Array<IncomingMessage["headers"]> = [];
  const backend = http.createServer((req, res) => {
    seen.push(req.headers);
    res.end("ok");
  });
  const servers: http.Server[] = [];
  let backendPort = 0;
  let receiverPort = 0;

  const table = (): RouteTable => ({
    version: 1,
    hosts: {
      "shop.localhost": {
        appId: "a1",
        app: "shop",
        status: "ok",
        backends: [{ id: "b1", process: "web.1", port: backendPort }],
      },
    },
  });

  /** A proxy on its own port, tracing to the receiver or (tracing undefined) not recording at all. */
  async function startProxy(tracing: Tracing | undefined): Promise<{ port: number; proxy: Proxy }> {
    let port = 0;
    const proxy = new Proxy({
      timeoutMs: 2000,
      listenPort: () => port,
      onAccess: () => undefined,
      tracer: tracing?.tracer,
    });
    proxy.setTable(table());
    const server = http.createServer((req, res) => proxy.handle(req, res));
    servers.push(server);
    port = await listen(server);
    return { port, proxy };
  }

  const get = (port: number, host: string, headers: Record<string, string> = {}) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port, path: "/orders/7?page=2", headers: { host, ...headers } },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end();
    });

  /** Sends the requests through a traced proxy, flushes its spans, and returns the router's spans. */
  async function traced(send: (port: number, proxy: Proxy) => Promise<unknown>): Promise<OtlpSpan[]> {
    const tracing = await startTracing({
      serviceName: "fifteen-router",
      endpoint: `http://127.0.0.1:${receiverPort}`,
    });
    const { port, proxy } = await startProxy(tracing);
    exports.length = 0;
    await send(port, proxy);
    await tracing.shutdown(5000);
    proxy.close();
    const resources = exports.flatMap((e) => e.resourceSpans);
    for (const resource of resources) {
      const name = resource.resource.attributes.find((a) => a.key === "service.name")?.value.stringValue;
      assert.equal(name, "fifteen-router");
    }
    return resources.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  }

  before(async () => {
    backendPort = await listen(backend);
    receiverPort = await listen(receiver);
  });
  after(async () => {
    for (const server of [...servers, backend, receiver]) await close(server);
  });

  it("exports a SERVER span per request whose trace and id the app's traceparent carries", async () => {
    seen.length = 0;
    const spans = await traced((port) =>
      get(port, `shop.localhost:${port}`, { "x-request-id": "req-12345678" }),
    );
    assert.equal(spans.length, 1, "one request, one router span");
    const [span] = spans as [OtlpSpan];
    const app = parts(seen[0]?.traceparent);
    assert.equal(span.traceId, app.traceId, "the app is in the router span's trace");
    assert.equal(span.spanId, app.parentId, "the app's parent is the router span");
    assert.equal(app.flags, "01", "sampled");
    assert.ok(!span.parentSpanId, "no client traceparent: the router span is the root");
    assert.equal(span.kind, SERVER);
    assert.equal(span.name, "GET");
    assert.equal(attribute(span, "http.request.method"), "GET");
    assert.equal(attribute(span, "url.path"), "/orders/7");
    assert.equal(attribute(span, "server.address"), "shop.localhost");
    assert.equal(attribute(span, "http.response.status_code"), 200);
    assert.equal(attribute(span, "fifteen.app"), "shop");
    assert.equal(attribute(span, "fifteen.process"), "web.1");
    assert.equal(attribute(span, "fifteen.request_id"), "req-12345678");
  });

  it("continues a client's valid trace: the router span is its child, tracestate goes along", async () => {
    seen.length = 0;
    const client = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" };
    const spans = await traced((port) =>
      get(port, "shop.localhost", {
        traceparent: `00-${client.traceId}-${client.spanId}-01`,
        tracestate: "vendor=abc",
      }),
    );
    const [span] = spans as [OtlpSpan];
    assert.equal(span.traceId, client.traceId, "the client's trace id is kept");
    assert.equal(span.parentSpanId, client.spanId, "the router span is the client span's child");
    const app = parts(seen[0]?.traceparent);
    assert.equal(app.traceId, client.traceId);
    assert.equal(app.parentId, span.spanId);
    assert.notEqual(app.parentId, client.spanId);
    assert.equal(seen[0]?.tracestate, "vendor=abc");
  });

  it("starts a new trace on an invalid traceparent, and drops its tracestate", async () => {
    seen.length = 0;
    const bad = [
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 has four fields
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff is invalid
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // all-zero trace id
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
    ];
    const spans = await traced(async (port) => {
      for (const traceparent of bad)
        await get(port, "shop.localhost", { traceparent, tracestate: "vendor=abc" });
    });
    assert.equal(spans.length, bad.length);
    for (const [i, headers] of seen.entries()) {
      const app = parts(headers.traceparent);
      assert.notEqual(app.traceId, "4bf92f3577b34da6a3ce929d0e0e4736", bad[i]);
      assert.equal(headers.tracestate, undefined, bad[i]);
      const span = spans.find((s) => s.spanId === app.parentId);
      assert.ok(span, `no router span is the app's parent for ${bad[i]}`);
      assert.equal(span.traceId, app.traceId);
      assert.ok(!span.parentSpanId);
    }
  });

  it("records the router's own answers: an unknown host, a backend that is down", async () => {
    const dead = http.createServer();
    const deadPort = await listen(dead);
    await close(dead);
    const spans = await traced(async (port, proxy) => {
      assert.equal(await get(port, "nowhere.localhost"), 404);
      const route = { appId: "a2", app: "down", status: "ok" as const };
      proxy.setTable({
        version: 2,
        hosts: { "down.localhost": { ...route, backends: [{ id: "d1", process: "web.1", port: deadPort }] } },
      });
      assert.equal(await get(port, "down.localhost"), 502);
    });
    const [unknown, down] = spans as [OtlpSpan, OtlpSpan];
    assert.equal(attribute(unknown, "http.response.status_code"), 404);
    assert.equal(attribute(unknown, "fifteen.process"), "router");
    assert.equal(attribute(unknown, "fifteen.app"), undefined);
    assert.notEqual(unknown.status?.code, 2, "a 404 is not the server's error");
    assert.equal(attribute(down, "http.response.status_code"), 502);
    assert.equal(attribute(down, "fifteen.app"), "down");
    assert.equal(attribute(down, "error.type"), "bad-gateway");
    assert.equal(down.status?.code, 2, "STATUS_CODE_ERROR");
  });

  it("without a collector, still hands the app a fresh traceparent, keeping the client's trace id", async () => {
    const tracing = await startTracing({ serviceName: "fifteen-router", endpoint: undefined });
    assert.equal(tracing.exporting, false);
    const { port, proxy } = await startProxy(undefined);
    seen.length = 0;
    await get(port, "shop.localhost");
    await get(port, "shop.localhost");
    const client = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
    await get(port, "shop.localhost", { traceparent: client, tracestate: "vendor=abc" });
    proxy.close();
    const [first, second, third] = seen.map((h) => parts(h.traceparent));
    assert.ok(first && second && third);
    assert.notEqual(first.traceId, second.traceId, "each request starts its own trace");
    assert.equal(first.flags, "01");
    assert.equal(third.traceId, "4bf92f3577b34da6a3ce929d0e0e4736");
    assert.notEqual(third.parentId, "00f067aa0ba902b7", "the router stands between client and app");
    assert.equal(third.flags, "00", "the client's sampling decision is kept");
    assert.equal(seen[2]?.tracestate, "vendor=abc");
    await tracing.shutdown();
  });
});
