// The contract's header half: what the app receives (the request as it came, minus hop-by-hop headers, plus
// X-Forwarded-*, Forwarded, X-Request-Id and traceparent), and the access line each request leaves.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ContractPlane } from "../data-plane-contract.js";
import type { Seen } from "./backends.js";
import { head, raw, request } from "./clients.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;
const CLIENT_TRACE = "0af7651916cd43dd8448eb211c80319c";
const CLIENT_SPAN = "b7ad6b7169203331";

/** Sends a request to one.localhost and returns what the app saw, and the response's headers. */
async function through(
  c: ContractPlane,
  headers: Record<string, string>,
  options: { path?: string; method?: string; body?: string; host?: string } = {},
) {
  const res = await request(c.port, { host: options.host ?? "one.localhost", headers, ...options });
  assert.equal(res.status, 200, res.body);
  return { seen: JSON.parse(res.body) as Seen, response: res.headers };
}

export function headerCases(c: ContractPlane): void {
  describe("what the app receives", () => {
    it("the method, path, query and body as they came", async () => {
      const { seen } = await through(
        c,
        { "content-type": "text/plain" },
        {
          method: "POST",
          path: "/orders?page=2&x=%20",
          body: "hello body",
        },
      );
      assert.equal(seen.method, "POST");
      assert.equal(seen.url, "/orders?page=2&x=%20");
      assert.equal(seen.body, "hello body");
      assert.equal(seen.headers["content-type"], "text/plain");
    });

    it("without the hop-by-hop headers", async () => {
      // Raw: a client library would not send Trailer and TE on a request without a body.
      const answer = await raw(
        c.port,
        head([
          "GET /hop HTTP/1.1",
          "Host: one.localhost",
          "Keep-Alive: timeout=5",
          "Proxy-Authorization: Basic eDp5",
          "Proxy-Connection: keep-alive",
          "TE: trailers",
          "Trailer: x-checksum",
          "X-Kept: yes",
        ]),
      );
      assert.equal(answer.statuses[0], 200, answer.text);
      const seen = JSON.parse(answer.text.slice(answer.text.indexOf("\r\n\r\n") + 4)) as Seen;
      for (const name of ["keep-alive", "proxy-authorization", "proxy-connection", "te", "trailer"])
        assert.equal(seen.headers[name], undefined, name);
      assert.equal(seen.headers["x-kept"], "yes");
    });

    it("and the client gets the response without the app's hop-by-hop headers", async () => {
      const res = await request(c.port, { host: "one.localhost", path: "/hop" });
      assert.equal(res.status, 200);
      assert.equal(res.headers["proxy-authenticate"], undefined);
      assert.notEqual(res.headers["keep-alive"], "timeout=99");
    });

    it("X-Forwarded-For is the client's address, appended to the client's own", async () => {
      assert.equal((await through(c, {})).seen.headers["x-forwarded-for"], "127.0.0.1");
      const { seen } = await through(c, { "x-forwarded-for": "203.0.113.9" });
      assert.equal(seen.headers["x-forwarded-for"], "203.0.113.9, 127.0.0.1");
    });

    it("X-Forwarded-Proto, -Port, -Host and Forwarded are what the plane saw, never the client's", async () => {
      const host = `one.localhost:${c.port}`;
      const { seen } = await through(
        c,
        {
          "x-forwarded-proto": "https",
          "x-forwarded-port": "443",
          "x-forwarded-host": "evil.example",
          forwarded: "for=6.6.6.6;host=evil.example",
        },
        { host },
      );
      assert.equal(seen.headers["x-forwarded-proto"], "http");
      assert.equal(seen.headers["x-forwarded-port"], String(c.port));
      assert.equal(seen.headers["x-forwarded-host"], host);
      assert.equal(seen.headers.forwarded, `for=127.0.0.1;proto=http;host="${host}"`);
    });

    it("X-Request-Id: the client's when valid, a new UUID otherwise; the response carries the same", async () => {
      const kept = await through(c, { "x-request-id": "client-chosen_id:1.2" });
      assert.equal(kept.seen.headers["x-request-id"], "client-chosen_id:1.2");
      assert.equal(kept.response["x-request-id"], "client-chosen_id:1.2");
      for (const bad of ["short", "has spaces in it", "a/b/c/d/e/f", "x".repeat(201)]) {
        const made = await through(c, { "x-request-id": bad });
        const id = made.seen.headers["x-request-id"];
        assert.match(String(id), UUID, `for ${JSON.stringify(bad)}`);
        assert.equal(made.response["x-request-id"], id);
      }
      const none = await through(c, {});
      assert.match(String(none.seen.headers["x-request-id"]), UUID);
      assert.equal(none.response["x-request-id"], none.seen.headers["x-request-id"]);
    });

    it("traceparent: a valid one on every request; a new trace, without tracestate, when none came", async () => {
      const ids = new Set<string>();
      for (const headers of [{}, { traceparent: "garbage", tracestate: "k=v" }] as Record<string, string>[]) {
        const { seen } = await through(c, headers);
        const match = TRACEPARENT.exec(String(seen.headers.traceparent));
        assert.ok(match, String(seen.headers.traceparent));
        assert.notEqual(match[1], "0".repeat(32));
        assert.notEqual(match[2], "0".repeat(16));
        ids.add(match[1] ?? "");
        assert.equal(seen.headers.tracestate, undefined);
      }
      assert.equal(ids.size, 2, "each request starts its own trace");
    });

    it("traceparent: a child of the client's valid one (same trace id, a new parent id), tracestate kept", async () => {
      const { seen } = await through(c, {
        traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01`,
        tracestate: "vendor=opaque",
      });
      const match = TRACEPARENT.exec(String(seen.headers.traceparent));
      assert.ok(match, String(seen.headers.traceparent));
      assert.equal(match[1], CLIENT_TRACE);
      assert.notEqual(match[2], CLIENT_SPAN);
      assert.equal(seen.headers.tracestate, "vendor=opaque");
    });

    it("traceparent: keeps the client's sampled flag, and continues a later version's trace as version 00", async () => {
      const cases: Array<[string, string]> = [
        [`00-${CLIENT_TRACE}-${CLIENT_SPAN}-00`, "00"],
        [`00-${CLIENT_TRACE}-${CLIENT_SPAN}-03`, "01"],
        [`01-${CLIENT_TRACE}-${CLIENT_SPAN}-01-future`, "01"],
        [`01-${CLIENT_TRACE}-${CLIENT_SPAN}-02-future`, "00"],
      ];
      for (const [sent, flags] of cases) {
        const { seen } = await through(c, { traceparent: sent });
        const match = TRACEPARENT.exec(String(seen.headers.traceparent));
        assert.ok(match, `${sent}: ${String(seen.headers.traceparent)}`);
        assert.equal(match[1], CLIENT_TRACE, sent);
        assert.ok(
          String(seen.headers.traceparent).endsWith(`-${flags}`),
          `${sent}: ${String(seen.headers.traceparent)}`,
        );
      }
      // Not valid: version ff, version 00 with more after, upper case, a zero trace id. A new trace each.
      for (const sent of [
        `ff-${CLIENT_TRACE}-${CLIENT_SPAN}-01`,
        `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01-more`,
        `00-${CLIENT_TRACE.toUpperCase()}-${CLIENT_SPAN}-01`,
        `00-${"0".repeat(32)}-${CLIENT_SPAN}-01`,
      ]) {
        const { seen } = await through(c, { traceparent: sent });
        const match = TRACEPARENT.exec(String(seen.headers.traceparent));
        assert.ok(match, `${sent}: ${String(seen.headers.traceparent)}`);
        assert.notEqual(match[1], CLIENT_TRACE, sent);
      }
    });
  });

  describe("access lines", c.topicOptions("accessLines"), () => {
    it("one per request, with every documented field", async () => {
      const id = "contract-access-0001";
      const res = await request(c.port, {
        host: "one.localhost",
        path: "/orders?page=2",
        headers: { "x-request-id": id },
      });
      const entry = await c.accessLine(id);
      assert.match(
        entry.text,
        new RegExp(
          `^at=info method=GET path="/orders\\?page=2" host=one\\.localhost request_id=${id} fwd="127\\.0\\.0\\.1" ` +
            `dyno=web\\.1 connect=\\d+ms service=\\d+ms status=200 bytes=${Buffer.byteLength(res.body)}$`,
        ),
      );
      assert.equal(entry.appId, "app-one");
      assert.equal(entry.app, "one");
      assert.equal(entry.process, "router");
      assert.equal(entry.type, "web");
      assert.equal(entry.status, 200);
      assert.equal(entry.bytesOut, Buffer.byteLength(res.body));
    });

    it("the path is JSON-quoted and cut at 2,000 characters", async () => {
      const id = "contract-access-0002";
      await request(c.port, {
        host: "one.localhost",
        path: `/"${"p".repeat(2500)}`,
        headers: { "x-request-id": id },
      });
      const entry = await c.accessLine(id);
      const path = /path=("(?:[^"\\]|\\.)*")/.exec(entry.text)?.[1] ?? "";
      const parsed = JSON.parse(path) as string;
      assert.equal(parsed.length, 2000);
      assert.ok(parsed.startsWith('/"ppp'), parsed.slice(0, 10));
    });

    it("none for an unknown host", async () => {
      const id = "contract-access-0003";
      await request(c.port, { host: "nobody.localhost", headers: { "x-request-id": id } });
      // Lines come in order: a later request's line arriving means the first one would be here by now.
      const later = "contract-access-0004";
      await request(c.port, { host: "one.localhost", headers: { "x-request-id": later } });
      await c.accessLine(later);
      assert.equal(
        c.access.some((e) => e.text.includes(id)),
        false,
      );
    });
  });
}
