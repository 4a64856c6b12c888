// The data-plane contract run against the HAProxy plane (skipped whole when haproxy is not on PATH). The cases it
// answers otherwise by design are listed below with why.
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { pino } from "pino";
import { dataPlaneContract } from "../testing/data-plane-contract.js";
import { HaproxyPlane } from "./haproxy/plane.js";

const MISSING = spawnSync("haproxy", ["-v"]).error !== undefined;

/**
 * HAProxy's parser refuses (400) an absolute-form request whose Host is not exactly its authority (port
 * included), where the Node router routes it by the authority (RFC 9112 §3.2.2). No rule runs before that
 * parser, so it cannot be answered otherwise.
 */
const ABSOLUTE_FORM =
  "HAProxy's parser refuses (400) an absolute-form request whose Host is not exactly its authority, before any rule";

/**
 * HAProxy 2.6's parser handles Content-Length with Transfer-Encoding: chunked as RFC 9112 §6.3 allows: it drops
 * Content-Length before any rule runs (req.hdr_cnt(content-length) is 0), forwards the request chunked and
 * closes the connection after the response, so the bytes after the chunked body (the hidden request) are never
 * parsed. No fetch tells such a request apart reliably: req.body_size keeps the dropped length, but also counts
 * the rest of a pending chunk, so a rule on it would refuse large chunked uploads. The outer request reaches the
 * app (answered, not 400); the hidden one never does. An obs-folded Transfer-Encoding is unfolded the same way.
 */
const CL_WITH_TE =
  "HAProxy 2.6 drops Content-Length before any rule, forwards the request chunked and closes the connection after it (RFC 9112 §6.3); the outer request is answered, the hidden one never parsed";

if (MISSING) {
  describe("data plane contract: haproxy", () => {
    it("haproxy is not on PATH: install it (apt-get install haproxy) to run this suite", { skip: true });
  });
} else {
  dataPlaneContract(
    "haproxy",
    ({ config, dataDir, onAccess, onWebSockets }) =>
      new HaproxyPlane({ config, dataDir, onAccess, onWebSockets, log: pino({ level: "silent" }) }),
    {
      differences: {
        "absolute-form: its authority wins over Host, the app gets origin-form": ABSOLUTE_FORM,
        "absolute-form naming an unserved host is not routed by Host": ABSOLUTE_FORM,
        "absolute-form with the listener's port and no path": ABSOLUTE_FORM,
        "refuses Content-Length and Transfer-Encoding: chunked together": CL_WITH_TE,
        "refuses Transfer-Encoding: chunked before Content-Length": CL_WITH_TE,
        "refuses Transfer-Encoding folded onto a continuation line (obs-fold)": CL_WITH_TE,
      },
    },
  );
}
