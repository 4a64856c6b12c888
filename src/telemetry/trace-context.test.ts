// W3C traceparent parsing and formatting, by the cases the Trace Context spec calls out.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { childContext, formatTraceparent, parseTraceparent } from "./trace-context.js";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";

describe("traceparent", () => {
  it("parses version 00 and writes it back", () => {
    const parent = parseTraceparent(`00-${TRACE}-${SPAN}-01`);
    assert.deepEqual(parent, { traceId: TRACE, spanId: SPAN, traceFlags: 1, isRemote: true });
    assert.equal(formatTraceparent(parent), `00-${TRACE}-${SPAN}-01`);
  });

  it("reads later versions by their first four fields, and only the sampled flag", () => {
    assert.equal(parseTraceparent(`cc-${TRACE}-${SPAN}-03-what-comes-next`)?.traceFlags, 1);
    assert.equal(parseTraceparent(`00-${TRACE}-${SPAN}-02`)?.traceFlags, 0);
  });

  for (const [why, header] of [
    ["missing", undefined],
    ["repeated (joined by the HTTP parser)", `00-${TRACE}-${SPAN}-01, 00-${TRACE}-${SPAN}-01`],
    ["version ff", `ff-${TRACE}-${SPAN}-01`],
    ["version 00 with a fifth field", `00-${TRACE}-${SPAN}-01-00`],
    ["an all-zero trace id", `00-${"0".repeat(32)}-${SPAN}-01`],
    ["an all-zero parent id", `00-${TRACE}-${"0".repeat(16)}-01`],
    ["upper-case hex", `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ["a short trace id", `00-${TRACE.slice(1)}-${SPAN}-01`],
  ] as const) {
    it(`refuses ${why}`, () => assert.equal(parseTraceparent(header), undefined));
  }

  it("makes a child in the parent's trace with a new id, or a new sampled trace", () => {
    const parent = { traceId: TRACE, spanId: SPAN, traceFlags: 0 };
    const child = childContext(parent);
    assert.equal(child.traceId, TRACE);
    assert.match(child.spanId, /^[0-9a-f]{16}$/);
    assert.notEqual(child.spanId, SPAN);
    assert.equal(child.traceFlags, 0);
    const ids = new Set(Array.from({ length: 1000 }, () => childContext(undefined).traceId));
    assert.equal(ids.size, 1000);
    assert.match(formatTraceparent(childContext(undefined)), /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });
});
