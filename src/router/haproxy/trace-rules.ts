// The HAProxy plane's W3C traceparent (proxy.ts's rule, in HAProxy's own rules rather than Lua: a Lua action
// per request cost more than every other rule together). A client's valid traceparent is continued (same trace,
// same sampled flag, a new span id); any other request starts a new trace, sampled, and loses its tracestate.

const HEX32 = "[0-9a-f]{32}";
const HEX16 = "[0-9a-f]{16}";
/**
 * A valid traceparent (HAProxy has trimmed the header's spaces): version 00 with exactly four fields, or a later
 * version (not ff) that may carry more after a dash. Lowercase hex only.
 */
const VALID = `^(00-${HEX32}-${HEX16}-[0-9a-f]{2}|(0[1-9a-f]|[1-9a-e][0-9a-f]|f[0-9a-e])-${HEX32}-${HEX16}-[0-9a-f]{2}(-.*)?)$`;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

/**
 * The rules, in order. `txn.tp` is the traceparent the app gets and `txn.tparent` the client's span it continues
 * (unset: a new trace); the access line carries both, for the request's span (spans.ts). New ids come from
 * HAProxy's random UUIDs: 32 hex digits of one for a trace, the last 16 of two for a span (never all zeros).
 */
export function traceRules(): string[] {
  const sent = "req.fhdr(traceparent)";
  const continued = "{ var(txn.tpin) -m found }";
  return [
    // Exactly one header: two would be joined into one invalid value by any HTTP server.
    `  http-request set-var(txn.tpin) ${sent} if { req.fhdr_cnt(traceparent) eq 1 } { ${sent} -m reg ${VALID} } !{ ${sent},field(2,-) -m str ${ZERO_TRACE} } !{ ${sent},field(3,-) -m str ${ZERO_SPAN} }`,
    `  http-request set-var(txn.trace) var(txn.tpin),field(2,-) if ${continued}`,
    `  http-request set-var(txn.tparent) var(txn.tpin),field(3,-) if ${continued}`,
    // The sampled flag is the flags' lowest bit: their last hex digit is odd.
    "  http-request set-var(txn.flags) str(01) if { var(txn.tpin),field(4,-) -m reg [13579bdf]$ }",
    `  http-request set-var(txn.flags) str(00) if ${continued} !{ var(txn.flags) -m found }`,
    `  http-request del-header tracestate unless ${continued}`,
    `  http-request set-var(txn.trace) uuid,regsub(-,,g) unless ${continued}`,
    "  http-request set-var(txn.flags) str(01) unless { var(txn.flags) -m found }",
    "  http-request set-var-fmt(txn.tp) 00-%[var(txn.trace)]-%[uuid,field(4,-)]%[uuid,field(5,-)]-%[var(txn.flags)]",
    "  http-request set-header traceparent %[var(txn.tp)]",
  ];
}
