// A SERVER span per API request, named by its route template, a child of the caller's traceparent if any.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from "@opentelemetry/api";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
} from "@opentelemetry/semantic-conventions";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { parseTraceparent } from "../telemetry/trace-context.js";

export function registerTracing(server: FastifyInstance, tracer: Tracer): void {
  const spans = new WeakMap<FastifyRequest, Span>();

  server.addHook("onRequest", (request, _reply, done) => {
    const route = request.routeOptions.url;
    const parent = parseTraceparent(request.headers.traceparent);
    const span = tracer.startSpan(
      route ? `${request.method} ${route}` : request.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: request.method,
          [ATTR_URL_PATH]: request.url.split("?")[0] ?? "/",
          "fifteen.request_id": request.id,
          ...(route ? { [ATTR_HTTP_ROUTE]: route } : {}),
        },
      },
      parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT,
    );
    spans.set(request, span);
    done();
  });

  const end = (request: FastifyRequest, status: number | undefined) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    const app = (request.params as { app?: unknown } | undefined)?.app;
    if (typeof app === "string") span.setAttribute("fifteen.app", app);
    if (status === undefined) span.setAttribute(ATTR_ERROR_TYPE, "client-closed");
    else {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  };
  server.addHook("onResponse", (request, reply, done) => {
    end(request, reply.statusCode);
    done();
  });
  server.addHook("onRequestAbort", (request, done) => {
    end(request, undefined);
    done();
  });
}
