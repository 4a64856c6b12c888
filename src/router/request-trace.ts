// The router's span for one request, and the traceparent that makes it the parent of the app's work.
// Without a collector no span is recorded, but the app still gets a fresh traceparent so it can correlate.
import type { IncomingMessage } from "node:http";
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
  type SpanContext,
  type SpanOptions,
  type Tracer,
} from "@opentelemetry/api";
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
} from "@opentelemetry/semantic-conventions";
import { childContext, formatTraceparent, parseTraceparent } from "../telemetry/trace-context.js";

export interface RequestOutcome {
  status: number;
  /** The app the host belongs to, if any. */
  app?: string | undefined;
  /** The process that answered (`web.1`), or `router` when the router answered itself. */
  process: string;
  /** The router's error code (`timeout`, `bad-gateway`, `client-closed`…), if the request failed. */
  error?: string | undefined;
}

export interface RequestTrace {
  /** What the app receives as `traceparent`: this request's trace, with the router's span as the parent. */
  readonly traceparent: string;
  /** Whether the client's trace goes on (then its `tracestate` goes along; otherwise it is dropped). */
  readonly continued: boolean;
  end(outcome: RequestOutcome): void;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]);

class RecordedTrace implements RequestTrace {
  readonly traceparent: string;
  readonly continued: boolean;
  #span: Span | undefined;

  constructor(span: Span, parent: SpanContext | undefined) {
    this.#span = span;
    this.continued = parent !== undefined;
    this.traceparent = formatTraceparent(span.spanContext());
  }

  end(outcome: RequestOutcome): void {
    const span = this.#span;
    if (!span) return;
    this.#span = undefined;
    endRequestSpan(span, outcome);
  }
}

/** Ends a request's span with its outcome (at `endTime`, default now): what every data plane records. */
export function endRequestSpan(span: Span, outcome: RequestOutcome, endTime?: number): void {
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, outcome.status);
  span.setAttribute("fifteen.process", outcome.process);
  if (outcome.app !== undefined) span.setAttribute("fifteen.app", outcome.app);
  if (outcome.error !== undefined || outcome.status >= 500)
    span.setAttribute(ATTR_ERROR_TYPE, outcome.error ?? String(outcome.status));
  // As for any HTTP server span, only 5xx is the server's failure (a client that went away is not).
  if (outcome.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end(endTime);
}

/** What a request's span is named and described by, whichever data plane carried it. */
export interface RequestSpanFields {
  method: string;
  url: string;
  host: string;
  requestId: string;
  clientAddress: string;
  scheme: "http" | "https";
}

/** What a request's span starts with: its name, kind and attributes (the same for every data plane). */
export function requestSpanOptions(request: RequestSpanFields): { name: string; options: SpanOptions } {
  const { method, url } = request;
  const query = url.indexOf("?");
  return {
    name: METHODS.has(method) ? method : "HTTP",
    options: {
      kind: SpanKind.SERVER,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: METHODS.has(method) ? method : "_OTHER",
        [ATTR_URL_PATH]: query === -1 ? url : url.slice(0, query),
        [ATTR_URL_SCHEME]: request.scheme,
        [ATTR_SERVER_ADDRESS]: request.host,
        [ATTR_CLIENT_ADDRESS]: request.clientAddress,
        "fifteen.request_id": request.requestId,
      },
    },
  };
}

const ignore = (): void => undefined;

/**
 * Starts the request's span, a child of the client's valid traceparent if any. `tracer` must be an SDK tracer
 * (a no-op tracer's spans carry no ids of their own); without one nothing is recorded.
 */
export function startRequestTrace(
  tracer: Tracer | undefined,
  req: IncomingMessage,
  host: string,
  requestId: string,
  clientAddress: string,
): RequestTrace {
  const parent = parseTraceparent(req.headers.traceparent);
  if (!tracer) {
    return {
      traceparent: formatTraceparent(childContext(parent)),
      continued: parent !== undefined,
      end: ignore,
    };
  }
  const { name, options } = requestSpanOptions({
    method: req.method ?? "GET",
    url: req.url ?? "/",
    host,
    requestId,
    clientAddress,
    scheme: "http",
  });
  const span = tracer.startSpan(
    name,
    options,
    parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT,
  );
  return new RecordedTrace(span, parent);
}
