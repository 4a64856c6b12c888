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
/**
 * 8 random hex digits (32 bits of HAProxy's generator, lower case), and 8 that are never all zeros: ids are
 * made of these rather than of UUIDs, which cost a formatted print each.
 */
const HEX8 = "%[rand(4294967296),bytes(4,4),hex,lower]";
const HEX8_NONZERO = "%[rand(4294967295),add(1),bytes(4,4),hex,lower]";
const ZERO_SPAN = "0".repeat(16);

/**
 * The rules, in order. `txn.tp` is the traceparent the app gets and `txn.tpin` the client's valid one (unset: a
 * new trace); the access line carries the first and the span the second names, for the request's span
 * (spans.ts). New ids come from HAProxy's random generator, never all zeros. Few variables: each string variable
 * costs HAProxy an allocation a request.
 */
export function traceRules(): string[] {
  const sent = "req.fhdr(traceparent)";
  const continued = "{ var(txn.tpin) -m found }";
  const span = `${HEX8_NONZERO}${HEX8}`;
  return [
    // Exactly one header: two would be joined into one invalid value by any HTTP server.
    `  http-request set-var(txn.tpin) ${sent} if { req.fhdr_cnt(traceparent) eq 1 } { ${sent} -m reg ${VALID} } !{ ${sent},field(2,-) -m str ${ZERO_TRACE} } !{ ${sent},field(3,-) -m str ${ZERO_SPAN} }`,
    `  http-request del-header tracestate unless ${continued}`,
    `  http-request set-var-fmt(txn.tp) 00-${HEX8_NONZERO}${HEX8}${HEX8}${HEX8}-${span}-01 unless ${continued}`,
    // The same trace, a new span, and the sampled flag (the flags' lowest bit) kept.
    `  http-request set-var-fmt(txn.tp) 00-%[var(txn.tpin),field(2,-)]-${span}-0%[var(txn.tpin),field(4,-),hex2i,and(1)] if ${continued}`,
    "  http-request set-header traceparent %[var(txn.tp)]",
  ];
}
