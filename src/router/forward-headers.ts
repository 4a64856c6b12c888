// The headers a request is forwarded with: the client's, less hop-by-hop ones, plus what the router saw itself
// (Forwarded, X-Forwarded-*), the request id and the trace context.
import type { IncomingMessage, OutgoingHttpHeaders } from "node:http";
import { forwardedHeader } from "./host-rules.js";
import type { RequestTrace } from "./request-trace.js";

export const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

export function clientIp(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
}

/** `port`: the listener's the request came to; `upgrade`: Connection and Upgrade are kept for the handshake. */
export function forwardHeaders(
  x: { req: IncomingMessage; host: string; secure: boolean; requestId: string; trace: RequestTrace },
  port: number,
  upgrade: boolean,
): OutgoingHttpHeaders {
  const { req, host, secure, requestId, trace } = x;
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (HOP_BY_HOP.has(name) && !(upgrade && (name === "connection" || name === "upgrade"))) continue;
    headers[name] = value;
  }
  if (req.headers["transfer-encoding"]) headers["transfer-encoding"] = req.headers["transfer-encoding"];
  // Never the client's own: only what the router saw itself.
  headers.forwarded = forwardedHeader(clientIp(req), secure ? "https" : "http", req.headers.host ?? host);
  const previous = req.headers["x-forwarded-for"];
  headers["x-forwarded-for"] = previous ? `${String(previous)}, ${clientIp(req)}` : clientIp(req);
  headers["x-forwarded-proto"] = secure ? "https" : "http";
  headers["x-forwarded-host"] = req.headers.host ?? host;
  headers["x-forwarded-port"] = String(port);
  headers["x-request-id"] = requestId;
  headers.traceparent = trace.traceparent;
  // A tracestate belongs to the traceparent it came with: a new trace starts without one.
  if (!trace.continued) delete headers.tracestate;
  return headers;
}
