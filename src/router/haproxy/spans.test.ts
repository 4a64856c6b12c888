// The HAProxy plane's spans: recorded from the access line with the very ids HAProxy gave the app.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { GivenIds, recordLoggedRequest, type LoggedRequest } from "./spans.js";

function harness() {
  const ids = new GivenIds();
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    idGenerator: ids,
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  return { ids, exporter, tracer: provider.getTracer("test") };
}

const REQUEST: LoggedRequest = {
  traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
  parentSpanId: undefined,
  method: "GET",
  url: "/orders?page=2",
  host: "shop.localhost",
  requestId: "req-1",
  clientAddress: "127.0.0.1",
  scheme: "http",
  startMs: 1_700_000_000_000,
  durationMs: 12,
  outcome: { status: 200, app: "shop", process: "web.1" },
};

describe("HAProxy plane spans", () => {
  it("a new trace: the span has the trace and span ids the app got, and HAProxy's timing", () => {
    const h = harness();
    recordLoggedRequest(h.tracer, h.ids, REQUEST);
    const [span] = h.exporter.getFinishedSpans();
    assert.ok(span);
    assert.equal(span.spanContext().traceId, "0af7651916cd43dd8448eb211c80319c");
    assert.equal(span.spanContext().spanId, "b7ad6b7169203331");
    assert.equal(span.parentSpanContext, undefined);
    assert.equal(span.kind, SpanKind.SERVER);
    assert.equal(span.name, "GET");
    assert.equal(span.attributes["url.path"], "/orders");
    assert.equal(span.attributes["fifteen.process"], "web.1");
    assert.equal(span.attributes["http.response.status_code"], 200);
    const ms = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;
    assert.equal(Math.round(ms(span.endTime) - ms(span.startTime)), 12);
    // Later spans get random ids again.
    h.tracer.startSpan("other").end();
    assert.notEqual(h.exporter.getFinishedSpans()[1]?.spanContext().spanId, "b7ad6b7169203331");
  });

  it("a continued trace: the client's span is the parent; a 5xx is an error", () => {
    const h = harness();
    recordLoggedRequest(h.tracer, h.ids, {
      ...REQUEST,
      parentSpanId: "00f067aa0ba902b7",
      outcome: { status: 504, app: "shop", process: "web.1", error: "timeout" },
    });
    const [span] = h.exporter.getFinishedSpans();
    assert.equal(span?.spanContext().spanId, "b7ad6b7169203331");
    assert.equal(span?.parentSpanContext?.spanId, "00f067aa0ba902b7");
    assert.equal(span?.status.code, SpanStatusCode.ERROR);
    assert.equal(span?.attributes["error.type"], "timeout");
  });

  it("an unsampled trace records nothing; a line without a traceparent records nothing", () => {
    const h = harness();
    recordLoggedRequest(h.tracer, h.ids, {
      ...REQUEST,
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
      parentSpanId: "00f067aa0ba902b7",
    });
    recordLoggedRequest(h.tracer, h.ids, { ...REQUEST, traceparent: "-" });
    assert.equal(h.exporter.getFinishedSpans().length, 0);
  });
});
