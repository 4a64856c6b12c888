// The HAProxy plane's span per request, recorded by the platform from the request's access line when a collector
// is set (FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT). HAProxy's Lua chose the ids the app got in its traceparent, so
// the span must carry exactly those: an id generator hands them to the SDK for the one span being started.
// The span starts and ends when HAProxy says the request did, and looks like the Node router's.
import { ROOT_CONTEXT, trace, TraceFlags, type Tracer } from "@opentelemetry/api";
import type { IdGenerator } from "@opentelemetry/sdk-trace-base";
import type { Logger } from "pino";
import { newSpanId, newTraceId, parseTraceparent } from "../../telemetry/trace-context.js";
import { startTracing, type Tracing } from "../../telemetry/tracing.js";
import type { AccessLog } from "../proxy.js";
import {
  endRequestSpan,
  requestSpanOptions,
  type RequestOutcome,
  type RequestSpanFields,
} from "../request-trace.js";
import type { AccessRecord } from "./access-log.js";

/** Ids for the next span from what HAProxy chose; random ones when none are given (any other span). */
export class GivenIds implements IdGenerator {
  #traceId: string | undefined;
  #spanId: string | undefined;

  give(traceId: string, spanId: string): void {
    this.#traceId = traceId;
    this.#spanId = spanId;
  }

  /** Back to random ids (the given ones were not asked for: a span the sampler dropped asks for none). */
  clear(): void {
    this.#traceId = undefined;
    this.#spanId = undefined;
  }

  generateTraceId(): string {
    const id = this.#traceId ?? newTraceId();
    this.#traceId = undefined;
    return id;
  }

  generateSpanId(): string {
    const id = this.#spanId ?? newSpanId();
    this.#spanId = undefined;
    return id;
  }
}

/** One request as HAProxy logged it, with what the span needs. */
export interface LoggedRequest extends RequestSpanFields {
  /** The traceparent the app received: its trace id and span id are this span's. */
  traceparent: string;
  /** The client's span this one continues, when its traceparent was valid; undefined for a new trace. */
  parentSpanId: string | undefined;
  /** When HAProxy accepted the request (ms since the epoch) and how long it took to the end of the response. */
  startMs: number;
  durationMs: number;
  outcome: RequestOutcome;
}

const SPAN_ID = /^[0-9a-f]{16}$/;

/** Records the request's span with HAProxy's ids; a line without a valid traceparent records nothing. */
export function recordLoggedRequest(tracer: Tracer, ids: GivenIds, request: LoggedRequest): void {
  const sent = parseTraceparent(request.traceparent);
  if (!sent) return;
  const parentSpanId =
    request.parentSpanId && SPAN_ID.test(request.parentSpanId) ? request.parentSpanId : undefined;
  const parent = parentSpanId
    ? trace.setSpanContext(ROOT_CONTEXT, {
        traceId: sent.traceId,
        spanId: parentSpanId,
        traceFlags: sent.traceFlags & TraceFlags.SAMPLED,
        isRemote: true,
      })
    : ROOT_CONTEXT;
  const { name, options } = requestSpanOptions(request);
  // The SDK asks for a trace id only for a root span, and for a span id always: both come from HAProxy.
  ids.give(sent.traceId, sent.spanId);
  const span = tracer.startSpan(name, { ...options, startTime: request.startMs }, parent);
  ids.clear();
  endRequestSpan(span, request.outcome, request.startMs + request.durationMs);
}

/** The span of a request HAProxy logged (its record), as `recordLoggedRequest` takes it; ended about now. */
export function loggedRequest(record: AccessRecord, entry: AccessLog, now = Date.now()): LoggedRequest {
  const code = /^at=error code=([a-z-]+) /.exec(entry.text)?.[1];
  const process = / dyno=(\S+) /.exec(entry.text)?.[1] ?? "router";
  return {
    traceparent: record.traceparent,
    parentSpanId: record.parentSpan === "-" ? undefined : record.parentSpan,
    method: record.method,
    url: record.path === "-" ? "/" : Buffer.from(record.path, "base64").toString("utf8"),
    host: record.host === "-" ? "" : record.host,
    requestId: record.requestId,
    clientAddress: record.client,
    scheme: "http",
    startMs: now - entry.durationMs,
    durationMs: entry.durationMs,
    outcome: { status: entry.status, app: entry.app, process, error: code },
  };
}

/** The plane's spans: none until started with a collector, then one per logged request. */
export class RequestSpans {
  readonly #ids = new GivenIds();
  #tracing: Tracing | undefined;

  /** The router's spans go to the collector as the Node router's do (service `fifteen-router`). */
  async start(endpoint: string, log: Logger): Promise<void> {
    this.#tracing = await startTracing({
      serviceName: "fifteen-router",
      endpoint,
      idGenerator: this.#ids,
      onExportError: (err, failures) => log.warn({ err, failures }, "could not send the router's spans"),
    });
  }

  record(record: AccessRecord, entry: AccessLog): void {
    if (this.#tracing) recordLoggedRequest(this.#tracing.tracer, this.#ids, loggedRequest(record, entry));
  }

  async shutdown(): Promise<void> {
    await this.#tracing?.shutdown();
  }
}
