// The contract's request-smuggling cases, over raw sockets: a request whose body length two parsers could read
// differently (Content-Length with Transfer-Encoding, two Content-Lengths, an obfuscated Transfer-Encoding) is
// refused, 400 or a closed connection, and no request hidden in its body ever reaches an app.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ContractPlane } from "../data-plane-contract.js";
import { raw, sleep } from "./clients.js";

/** A request for `path` hidden in the body of the one before it. */
const hidden = (path: string) => `GET ${path} HTTP/1.1\r\nHost: one.localhost\r\n\r\n`;

/** A chunked body that ends at once, then the hidden request: what a Content-Length reader would pass on whole. */
const chunkedThenHidden = (path: string) => `0\r\n\r\n${hidden(path)}`;

interface SmugglingCase {
  name: string;
  /** The framing headers of the outer request, given its body. */
  framing(body: string): string[];
  /** The outer request's body, around the hidden request for `path`. */
  body(path: string): string;
}

const CASES: SmugglingCase[] = [
  {
    name: "Content-Length and Transfer-Encoding: chunked together",
    framing: (body) => [`Content-Length: ${body.length}`, "Transfer-Encoding: chunked"],
    body: chunkedThenHidden,
  },
  {
    name: "Transfer-Encoding: chunked before Content-Length",
    framing: (body) => ["Transfer-Encoding: chunked", `Content-Length: ${body.length}`],
    body: chunkedThenHidden,
  },
  {
    name: "two Content-Length headers with different values",
    framing: (body) => ["Content-Length: 0", `Content-Length: ${body.length}`],
    body: hidden,
  },
  {
    name: "Content-Length listing two different values",
    framing: (body) => [`Content-Length: 0, ${body.length}`],
    body: hidden,
  },
  {
    name: "Transfer-Encoding: xchunked",
    framing: (body) => [`Content-Length: ${body.length}`, "Transfer-Encoding: xchunked"],
    body: chunkedThenHidden,
  },
  {
    name: "a space before the colon (Transfer-Encoding : chunked)",
    framing: (body) => [`Content-Length: ${body.length}`, "Transfer-Encoding : chunked"],
    body: chunkedThenHidden,
  },
  {
    name: "Transfer-Encoding: chunked, identity (chunked not last)",
    framing: (body) => [`Content-Length: ${body.length}`, "Transfer-Encoding: chunked, identity"],
    body: chunkedThenHidden,
  },
  {
    name: "two Transfer-Encoding headers, chunked then identity",
    framing: (body) => [
      `Content-Length: ${body.length}`,
      "Transfer-Encoding: chunked",
      "Transfer-Encoding: identity",
    ],
    body: chunkedThenHidden,
  },
  {
    name: "Transfer-Encoding folded onto a continuation line (obs-fold)",
    framing: (body) => [`Content-Length: ${body.length}`, "Transfer-Encoding:", " chunked"],
    body: chunkedThenHidden,
  },
  {
    name: "Transfer-Encoding: identity with Content-Length",
    framing: (body) => ["Transfer-Encoding: identity", `Content-Length: ${body.length}`],
    body: hidden,
  },
  {
    name: "Transfer-Encoding: chunked without Content-Length but chunked not last",
    framing: () => ["Transfer-Encoding: chunked, xchunked"],
    body: chunkedThenHidden,
  },
];

/** Requests no HTTP/1.1 parser may accept, each on its own connection. */
const MALFORMED: Array<[string, string]> = [
  ["a header line without a colon", "GET / HTTP/1.1\r\nHost: one.localhost\r\nX-Broken\r\n\r\n"],
  ["a space inside a header name", "GET / HTTP/1.1\r\nHost: one.localhost\r\nX Broken: 1\r\n\r\n"],
  ["a method that is not a token", "GE(T / HTTP/1.1\r\nHost: one.localhost\r\n\r\n"],
  ["a NUL byte in a header value", "GET / HTTP/1.1\r\nHost: one.localhost\r\nX-A: a\0b\r\n\r\n"],
  ["a negative Content-Length", "POST / HTTP/1.1\r\nHost: one.localhost\r\nContent-Length: -1\r\n\r\n"],
  [
    "a chunk size that is not hex",
    "POST / HTTP/1.1\r\nHost: one.localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
  ],
];

/** Whether either app saw a request for this path. */
const reached = (c: ContractPlane, path: string) => c.a.saw(path) || c.b.saw(path);

export function smugglingCases(c: ContractPlane): void {
  describe("request smuggling", () => {
    it("a well-formed chunked request passes, its body intact (the cases below are not refused for nothing)", async () => {
      const answer = await raw(
        c.port,
        "POST /chunked-ok HTTP/1.1\r\nHost: one.localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
          "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
      );
      assert.deepEqual(answer.statuses, [200], answer.text);
      assert.equal(c.a.seen.find((s) => s.url === "/chunked-ok")?.body, "hello world");
    });

    it("two pipelined well-formed requests are both answered, in order", async () => {
      const answer = await raw(
        c.port,
        `${hidden("/pipelined-1")}GET /pipelined-2 HTTP/1.1\r\nHost: one.localhost\r\nConnection: close\r\n\r\n`,
      );
      assert.deepEqual(answer.statuses, [200, 200], answer.text);
      assert.ok(reached(c, "/pipelined-1") && reached(c, "/pipelined-2"));
    });

    for (const [name, bytes] of MALFORMED) {
      const malformed = `a malformed request gets 400 and the connection closes: ${name}`;
      it(malformed, c.caseOptions(malformed), async () => {
        const seen = c.a.seen.length;
        const answer = await raw(c.port, bytes);
        assert.deepEqual(answer.statuses, [400], answer.text);
        assert.ok(answer.closed, "the connection is closed");
        assert.equal(c.a.seen.length, seen, "the app got nothing");
      });
    }

    CASES.forEach((smuggle, i) => {
      const name = `refuses ${smuggle.name}`;
      // A documented difference still holds the part that matters most: nothing hidden reaches an app.
      const difference = c.options.differences?.[name];
      it(name, async (t) => {
        const outer = `/smuggle-${i}`;
        const inner = `/smuggled-${i}`;
        const body = smuggle.body(inner);
        const answer = await raw(
          c.port,
          `${[`POST ${outer} HTTP/1.1`, "Host: one.localhost", ...smuggle.framing(body)].join("\r\n")}\r\n\r\n${body}`,
        );
        assert.ok(answer.closed, `the connection stays open: ${answer.text}`);
        if (difference) {
          t.diagnostic(
            `difference: ${difference}; checked only: closed, the hidden request never reaches an app`,
          );
          await sleep(100);
          assert.equal(reached(c, inner), false, "the hidden request reached the app");
          return;
        }
        assert.ok(
          answer.statuses.length === 0 || (answer.statuses.length === 1 && answer.statuses[0] === 400),
          `answered ${answer.statuses.join(", ")}: ${answer.text}`,
        );
        // Give a request the plane did pass on the time to arrive.
        await sleep(100);
        assert.equal(reached(c, inner), false, "the hidden request reached the app");
        assert.equal(reached(c, outer), false, "the refused request reached the app");
      });
    });
  });
}
