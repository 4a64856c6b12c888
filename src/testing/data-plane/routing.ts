// The contract's routing half (docs/router.md): host rules, the pages a plane answers with itself, 502 and 504,
// the retry on a refused connection, streaming and the idle timeout, round robin over up backends, live table
// changes, draining, and WebSocket upgrades.
import assert from "node:assert/strict";
import http from "node:http";
import { describe, it } from "node:test";
import { HOST_RULE_CASES } from "../../router/host-rules.cases.js";
import type { ContractPlane } from "../data-plane-contract.js";
import { SLOW_MS, STREAM_CHUNKS, STREAM_GAP_MS } from "./backends.js";
import { head, openSocket, raw, request, sleep, waitFor } from "./clients.js";

/** The 503 pages by route status: a recognisable part of each page's text, and its access line's code. */
const PAGES = [
  ["not-deployed", "has not been deployed yet"],
  ["failed", "release v3 failed: the build failed"],
  ["no-web", "has no web processes running"],
  ["starting", "This app is starting"],
  ["crashed", "This app has crashed"],
] as const;

/** A GET whose body is read as it comes: when its first byte came, and all of it (rejects if it is cut). */
function streamed(port: number, host: string, path: string): Promise<{ firstAt: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path, headers: { host }, agent: false }, (res) => {
      let firstAt = 0;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        firstAt ||= Date.now();
        body += chunk;
      });
      res.on("end", () => (res.complete ? resolve({ firstAt, body }) : reject(new Error("cut"))));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** A WebSocket to `/ws` at Host `host` over plain HTTP. */
const plainSocket = (port: number, host: string, headers: Record<string, string> = {}) =>
  openSocket(`ws://127.0.0.1:${port}/ws`, { headers: { host, ...headers } });

export function routingCases(c: ContractPlane): void {
  describe("routing", () => {
    it("answers 503 starting with Retry-After: 1 before its first table, never 404", () => {
      assert.equal(c.beforeTable.statuses[0], 503, c.beforeTable.text);
      assert.match(c.beforeTable.text, /\r\nretry-after: 1\r\n/i);
      assert.match(c.beforeTable.text, /\r\n\r\nstarting/);
    });

    describe("host rules (host-rules.cases.ts)", () => {
      for (const rule of HOST_RULE_CASES) {
        it(rule.name, c.caseOptions(rule.name), async () => {
          const seen = c.a.seen.length;
          const port = String(c.port);
          const lines = rule.head.map((h) => h.replaceAll("PORT", port));
          // A refused request is sent without Connection: close: the plane must close the connection itself.
          const answer = await raw(
            c.port,
            rule.status === 400 ? `${lines.join("\r\n")}\r\n\r\n` : head(lines),
          );
          assert.equal(answer.statuses[0], rule.status, answer.text);
          if (rule.status === 400) assert.ok(answer.closed, "the connection is closed after a 400");
          // The app's request is recorded before it answers.
          const got = c.a.seen.slice(seen);
          if (!rule.upstream) return assert.deepEqual(got, [], "the app got nothing");
          assert.equal(got.length, 1);
          assert.equal(got[0]?.url, rule.upstream.path);
          assert.equal(got[0]?.headers.host, rule.upstream.host.replaceAll("PORT", port));
        });
      }

      it("a request without Host (HTTP/1.0) gets the 404 page", async () => {
        const answer = await raw(c.port, "GET / HTTP/1.0\r\n\r\n");
        assert.equal(answer.statuses[0], 404);
      });
    });

    it("an unknown host gets 404, text/plain, with the page's text and an X-Request-Id", async () => {
      const res = await request(c.port, { host: "nobody.localhost" });
      assert.equal(res.status, 404);
      assert.match(String(res.headers["content-type"]), /^text\/plain/);
      assert.match(res.body, /No app is served at this host name/);
      assert.ok(res.headers["x-request-id"]);
    });

    for (const [status, text] of PAGES) {
      it(`an app that is ${status} gets its 503 page and an access line (code=${status})`, async (t) => {
        const res = await request(c.port, { host: `${status}.localhost` });
        assert.equal(res.status, 503);
        assert.match(String(res.headers["content-type"]), /^text\/plain/);
        assert.ok(res.body.includes(text), res.body);
        await c.expectAccessLine(
          String(res.headers["x-request-id"]),
          new RegExp(`^at=error code=${status} .* dyno=router .* status=503 bytes=0$`),
          t,
        );
      });
    }

    it("maintenance: 503 with Retry-After: 60, an HTML page or JSON, and the app never sees it", async () => {
      const seen = c.a.seen.length;
      const page = await request(c.port, { host: "maintenance.localhost", headers: { accept: "text/html" } });
      assert.equal(page.status, 503);
      assert.equal(page.headers["retry-after"], "60");
      assert.match(String(page.headers["content-type"]), /^text\/html/);
      assert.match(page.body, /Down for maintenance/);
      const json = await request(c.port, {
        host: "maintenance.localhost",
        headers: { accept: "application/json" },
      });
      assert.equal(json.status, 503);
      assert.match(String(json.headers["content-type"]), /^application\/json/);
      assert.deepEqual(
        { ...(JSON.parse(json.body) as object), message: undefined },
        { id: "maintenance", app: "maintenance", message: undefined },
      );
      assert.equal(await plainSocket(c.port, "maintenance.localhost"), 503, "a WebSocket gets the page too");
      assert.equal(c.a.seen.length, seen);
    });

    it("502 when the process refuses the connection, with an access line (code=bad-gateway)", async (t) => {
      const res = await request(c.port, { host: "refused.localhost" });
      assert.equal(res.status, 502);
      assert.match(res.body, /closed the connection without a valid response/);
      await c.expectAccessLine(
        String(res.headers["x-request-id"]),
        /^at=error code=bad-gateway .* status=502 /,
        t,
      );
    });

    it("504 when the process sends nothing for FIFTEEN_ROUTER_TIMEOUT_SECONDS (1 s here)", async (t) => {
      const started = Date.now();
      const res = await request(c.port, { host: "one.localhost", path: "/hang" });
      const took = Date.now() - started;
      assert.equal(res.status, 504);
      assert.match(res.body, /did not respond in time/);
      assert.ok(took >= 900 && took < 4000, `answered after ${took} ms`);
      await c.expectAccessLine(
        String(res.headers["x-request-id"]),
        /^at=error code=timeout .* dyno=web\.1 .* status=504 /,
        t,
      );
    });

    it("a request without a body goes to the next process when one refuses the connection", async () => {
      for (let i = 0; i < 4; i++) {
        const res = await request(c.port, { host: "retry.localhost", path: "/retried" });
        assert.equal(res.status, 200, res.body);
      }
    });

    it("streams a response as it is produced; the timeout is idle time, not the whole response", async () => {
      const { firstAt, body } = await streamed(c.port, "one.localhost", "/stream");
      const endedAt = Date.now();
      assert.equal(body, Array.from({ length: STREAM_CHUNKS }, (_, i) => `chunk ${i + 1}\n`).join(""));
      // Not buffered: the first chunk came long before the last (a margin of one gap for a busy machine).
      const ahead = endedAt - firstAt;
      assert.ok(
        ahead >= STREAM_GAP_MS * (STREAM_CHUNKS - 2),
        `the first chunk came only ${ahead} ms before the end`,
      );
    });

    it("cuts the client's connection when a started response stalls past the timeout", async () => {
      await assert.rejects(streamed(c.port, "one.localhost", "/stall"));
    });

    it("round robin over the up backends, and a new table is served at once", async () => {
      const order: string[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await request(c.port, { host: "rr.localhost" });
        order.push((JSON.parse(res.body) as { backend: string }).backend);
      }
      assert.equal(order.filter((b) => b === "a").length, 3, order.join());
      for (let i = 1; i < order.length; i++) assert.notEqual(order[i], order[i - 1], order.join());
      const both = c.routes["rr.localhost"];
      assert.ok(both);
      c.publish({ "rr.localhost": { ...both, backends: both.backends.slice(1) } });
      try {
        await waitFor("the table without web.1", async () => {
          const res = await request(c.port, { host: "rr.localhost" });
          return (JSON.parse(res.body) as { backend: string }).backend === "b";
        });
        for (let i = 0; i < 4; i++) {
          const res = await request(c.port, { host: "rr.localhost" });
          assert.equal((JSON.parse(res.body) as { backend: string }).backend, "b");
        }
      } finally {
        c.publish({ "rr.localhost": both });
      }
    });

    it("drain resolves once the backend's in-flight requests are done, and at once when it has none", async () => {
      const [id] = c.routes["drain.localhost"]?.backends.map((b) => b.id) ?? [];
      assert.ok(id);
      let answered = 0;
      const slow = request(c.port, { host: "drain.localhost", path: "/slow" }).then((res) => {
        answered = Date.now();
        return res;
      });
      await waitFor("the slow request to reach the app", () => c.a.saw("/slow"));
      await c.plane.drain([id], 5000);
      const drained = Date.now();
      assert.ok(answered > 0 && answered <= drained, "drained only after the answer");
      assert.equal((await slow).status, 200);
      const started = Date.now();
      await c.plane.drain([id], 5000);
      assert.ok(Date.now() - started < SLOW_MS + 500, "an idle backend drains at once");
    });

    it("a WebSocket upgrade passes through both ways, with the X-Forwarded-* headers", async (t) => {
      const socket = await plainSocket(c.port, "one.localhost", { "x-request-id": "contract-websocket-1" });
      assert.ok(typeof socket !== "number", `refused with ${String(socket)}`);
      try {
        const greeting = JSON.parse(await socket.next()) as Record<string, string>;
        assert.equal(greeting["x-forwarded-for"], "127.0.0.1");
        assert.equal(greeting["x-forwarded-proto"], "http");
        socket.ws.send("ping");
        assert.equal(await socket.next(), "ping");
        // Longer than the timeout: no timeout applies to an open WebSocket.
        await sleep(1300);
        socket.ws.send("still there");
        assert.equal(await socket.next(), "still there");
      } finally {
        socket.ws.close();
      }
      await c.expectAccessLine(
        "contract-websocket-1",
        /^at=info method=GET path="\/ws" host=one\.localhost .* dyno=web\.1 .* status=101 /,
        t,
      );
      assert.equal(await plainSocket(c.port, "nobody.localhost"), 404);
      assert.equal(await plainSocket(c.port, "crashed.localhost"), 503);
    });
  });
}
