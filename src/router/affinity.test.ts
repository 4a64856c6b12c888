// Session affinity cookies and WebSocket framing: what a client can and cannot make the router do.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import type { AppRoute } from "../shared/route-table.js";
import { AffinityCookies, affinityCookie, stickyBackend } from "./affinity.js";
import { closeFrame, FrameCursor } from "./websocket-frames.js";

const route: AppRoute = {
  appId: "a1",
  app: "chat",
  status: "ok",
  affinity: true,
  backends: [
    { id: "p1", process: "web.1", port: 1 },
    { id: "p2", process: "web.2", port: 2 },
  ],
};

describe("affinity cookies", () => {
  const cookies = new AffinityCookies(randomBytes(32));
  const header = (value: string) => `theme=dark; fifteen-session-affinity=${value}; other=1`;

  it("names the backend a valid cookie signed for this app names", () => {
    assert.equal(stickyBackend(cookies, route, header(cookies.value("a1", "p2")), new Set())?.id, "p2");
    assert.equal(affinityCookie(["a=1", `fifteen-session-affinity=x.y`]), "x.y");
  });

  it("ignores a forged, another app's, another key's or a gone backend's cookie", () => {
    const other = new AffinityCookies(randomBytes(32));
    for (const value of [
      "p2",
      "p2.AAAAAAAAAAAAAAAAAAAAAA",
      cookies.value("a2", "p2"),
      other.value("a1", "p2"),
      cookies.value("a1", "p3"),
    ])
      assert.equal(stickyBackend(cookies, route, header(value), new Set()), undefined, value);
  });

  it("applies only to a route with affinity, and not to a backend already tried", () => {
    const value = header(cookies.value("a1", "p1"));
    assert.equal(stickyBackend(cookies, { ...route, affinity: false }, value, new Set()), undefined);
    assert.equal(stickyBackend(cookies, route, value, new Set(["p1"])), undefined);
    assert.equal(stickyBackend(undefined, route, value, new Set()), undefined);
  });

  it("sets the cookie for the whole site, HttpOnly, SameSite=Lax, Secure over HTTPS", () => {
    const value = cookies.value("a1", "p1");
    assert.equal(
      cookies.header("a1", "p1", false),
      `fifteen-session-affinity=${value}; Path=/; HttpOnly; SameSite=Lax`,
    );
    assert.match(cookies.header("a1", "p1", true), /; Secure$/);
  });
});

describe("WebSocket frame boundaries", () => {
  /** A frame as a client or server would send it. */
  const frame = (opcode: number, length: number, masked: boolean) => {
    const ext = length > 65535 ? 8 : length > 125 ? 2 : 0;
    const head = Buffer.alloc(2 + ext + (masked ? 4 : 0));
    head[0] = 0x80 | opcode;
    head[1] = (masked ? 0x80 : 0) | (ext === 8 ? 127 : ext === 2 ? 126 : length);
    if (ext === 2) head.writeUInt16BE(length, 2);
    if (ext === 8) head.writeBigUInt64BE(BigInt(length), 2);
    return Buffer.concat([head, Buffer.alloc(length, 7)]);
  };

  it("follows frames of every length, split anywhere, and sees a close frame", () => {
    const stream = Buffer.concat([
      frame(1, 5, false),
      frame(2, 300, true),
      frame(2, 70_000, false),
      closeFrame(1000, "bye", true),
    ]);
    for (const step of [1, 3, 7, 1000, stream.length]) {
      const cursor = new FrameCursor();
      let boundaries = 0;
      for (let i = 0; i < stream.length; i += step) {
        cursor.feed(stream.subarray(i, i + step));
        if (cursor.atBoundary) boundaries++;
      }
      assert.equal(cursor.atBoundary, true, `step ${step}`);
      assert.equal(cursor.closed, true, `step ${step}`);
      assert.ok(boundaries >= 1);
    }
    const inside = new FrameCursor();
    inside.feed(frame(1, 10, false).subarray(0, 6));
    assert.equal(inside.atBoundary, false);
  });

  it("writes a close frame with its code and reason, masked towards a server", () => {
    const frameOut = closeFrame(1001, "going", false);
    assert.deepEqual([...frameOut.subarray(0, 4)], [0x88, 7, 0x03, 0xe9]);
    assert.equal(String(frameOut.subarray(4)), "going");
    const masked = closeFrame(1001, "going", true);
    assert.equal(masked[1], 0x80 | 7);
    assert.equal(masked.length, 2 + 4 + 7);
  });
});
