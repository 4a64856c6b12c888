// API spans: one SERVER span per request, named by its route template, a child of the caller's traceparent.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import Fastify from "fastify";
import { registerTracing } from "./tracing.js";

describe("API tracing", () => {
  it("records method, route template, status and app, under the caller's trace", async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const server = Fastify();
    registerTracing(server, provider.getTracer("test"));
    server.get("/v1/apps/:app", async () => ({ ok: true }));
    server.get("/v1/boom", async () => {
      throw new Error("boom");
    });

    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const ok = await server.inject({
      url: "/v1/apps/shop?x=1",
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    assert.equal(ok.statusCode, 200);
    assert.equal((await server.inject({ url: "/v1/boom" })).statusCode, 500);
    assert.equal((await server.inject({ url: "/nowhere" })).statusCode, 404);
    await server.close();

    const [app, boom, missing] = exporter.getFinishedSpans();
    assert.ok(app && boom && missing);
    assert.equal(app.name, "GET /v1/apps/:app");
    assert.equal(app.kind, SpanKind.SERVER);
    assert.equal(app.spanContext().traceId, traceId);
    assert.equal(app.parentSpanContext?.spanId, "00f067aa0ba902b7");
    assert.equal(app.attributes["http.route"], "/v1/apps/:app");
    assert.equal(app.attributes["url.path"], "/v1/apps/shop");
    assert.equal(app.attributes["http.response.status_code"], 200);
    assert.equal(app.attributes["fifteen.app"], "shop");
    assert.equal(boom.attributes["http.response.status_code"], 500);
    assert.equal(boom.status.code, SpanStatusCode.ERROR);
    assert.equal(missing.name, "GET");
    assert.equal(missing.attributes["http.response.status_code"], 404);
    await provider.shutdown();
  });
});
