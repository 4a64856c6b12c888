// W3C Trace Context on the hot path: parse a `traceparent`, write one, and make ids without an SDK span.
import { randomFillSync } from "node:crypto";
import { TraceFlags, type SpanContext } from "@opentelemetry/api";

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

/** The remote parent a valid `traceparent` names, or undefined (then the trace starts here and tracestate is dropped). */
export function parseTraceparent(header: string | string[] | undefined): SpanContext | undefined {
  if (typeof header !== "string" || header.length < 55) return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (!match) return undefined;
  const [, version, traceId = "", spanId = "", flags = "00", rest] = match;
  // Version ff is invalid; version 00 has exactly four fields. Later versions may append fields.
  if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, traceFlags: parseInt(flags, 16) & TraceFlags.SAMPLED, isRemote: true };
}

export function formatTraceparent(context: SpanContext): string {
  return `00-${context.traceId}-${context.spanId}-0${context.traceFlags & TraceFlags.SAMPLED}`;
}

// Ids come from a pool of random bytes refilled now and then: one syscall per ~170 requests, not two each.
const pool = Buffer.allocUnsafe(4096);
let offset = pool.length;

function randomHex(bytes: number, zero: string): string {
  for (;;) {
    if (offset + bytes > pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    const hex = pool.toString("hex", offset, offset + bytes);
    offset += bytes;
    if (hex !== zero) return hex;
  }
}

export function newTraceId(): string {
  return randomHex(16, ZERO_TRACE);
}

export function newSpanId(): string {
  return randomHex(8, ZERO_SPAN);
}

/**
 * A span context for a span nobody records: a child of `parent` (same trace, its sampled flag), or the root of
 * a new sampled trace, so the app's own tracing keeps what it records.
 */
export function childContext(parent: SpanContext | undefined): SpanContext {
  return parent
    ? { traceId: parent.traceId, spanId: newSpanId(), traceFlags: parent.traceFlags }
    : { traceId: newTraceId(), spanId: newSpanId(), traceFlags: TraceFlags.SAMPLED };
}
