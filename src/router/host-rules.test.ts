// The host rules as a pure function, against the table every data plane must pass through real sockets too.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HOST_RULE_CASES, SERVED_HOST } from "./host-rules.cases.js";
import { forwardedHeader, hostHeaders, placeRequest } from "./host-rules.js";

const PORT = 8080;

describe("host rules", () => {
  for (const c of HOST_RULE_CASES) {
    it(c.name, () => {
      const [line = "", ...headers] = c.head.map((h) => h.replaceAll("PORT", String(PORT)));
      const url = line.split(" ")[1] ?? "";
      const raw = headers.flatMap((h) => [h.slice(0, h.indexOf(":")), h.slice(h.indexOf(":") + 1).trim()]);
      const placed = placeRequest({ url, hosts: hostHeaders(raw), listenerPort: PORT });
      if (c.status === 400) return assert.equal(placed.ok, false);
      assert.ok(placed.ok, placed.ok ? "" : placed.reason);
      assert.equal(placed.host === SERVED_HOST, c.status === 200);
      if (c.upstream) {
        assert.equal(placed.path, c.upstream.path);
        assert.equal(placed.hostHeader, c.upstream.host.replaceAll("PORT", String(PORT)));
      }
    });
  }

  it("a request without Host routes as no host", () => {
    assert.deepEqual(placeRequest({ url: "/", hosts: [], listenerPort: PORT }), {
      ok: true,
      host: "",
      path: "/",
      hostHeader: "",
    });
  });

  it("writes Forwarded from what the router saw, quoting what is not a token", () => {
    assert.equal(
      forwardedHeader("10.0.0.1", "http", "shop.localhost"),
      'for=10.0.0.1;proto=http;host="shop.localhost"',
    );
    assert.equal(forwardedHeader("::1", "https", "a:8443"), 'for="[::1]";proto=https;host="a:8443"');
  });
});
