// The contract's real-time half (docs/router.md, issue 24): session affinity by a signed cookie, server-sent
// events passed on as they are written, and WebSockets closed cleanly (1001) when their process goes away,
// counted per process meanwhile.
import assert from "node:assert/strict";
import http from "node:http";
import { describe, it } from "node:test";
import WebSocket from "ws";
import type { AppRoute } from "../../shared/route-table.js";
import type { ContractPlane } from "../data-plane-contract.js";
import { EVENT_GAP_MS, EVENTS, type Backend, type Seen } from "./backends.js";
import { openSocket, request, waitFor } from "./clients.js";

const COOKIE = "fifteen-session-affinity";
const HOST = "sticky.localhost";

/** The affinity cookie's value a response set, if it set one. */
function cookieOf(headers: http.IncomingHttpHeaders): string | undefined {
  for (const line of headers["set-cookie"] ?? []) {
    const match = new RegExp(`^${COOKIE}=([^;]+)`).exec(line);
    if (match) return match[1];
  }
  return undefined;
}

export function realtimeCases(c: ContractPlane): void {
  describe("session affinity", c.topicOptions("affinity"), () => {
    /** A GET to sticky.localhost with the cookie (if any): which backend answered, and the cookie it set. */
    const send = (cookie?: string) =>
      request(c.port, {
        host: HOST,
        headers: cookie === undefined ? {} : { cookie: `theme=dark; ${COOKIE}=${cookie}` },
      });
    const get = async (cookie?: string) => {
      const answer = await send(cookie);
      assert.equal(answer.status, 200, answer.body);
      return { backend: (JSON.parse(answer.body) as Seen).backend, set: cookieOf(answer.headers) };
    };
    /** Until the table just published is served: the route's first answer is 200 with (or without) a cookie. */
    const served = (affinity: boolean) =>
      waitFor("the table just published", async () => {
        const answer = await send();
        return answer.status === 200 && (cookieOf(answer.headers) !== undefined) === affinity;
      });
    const sticky = (affinity: boolean, backends: Backend[] = [c.a, c.b]) => {
      const appRoute: AppRoute = {
        appId: "app-sticky",
        app: "sticky",
        status: "ok",
        // The id names the backend, whatever its place in the list.
        backends: backends.map((b) => ({
          id: `sticky-${b.name}`,
          process: `web.${b.name === "a" ? 1 : 2}`,
          port: b.port,
        })),
        ...(affinity ? { affinity: true } : {}),
      };
      c.publish({ [HOST]: appRoute });
    };

    it("session affinity: the first answer sets a signed cookie, HttpOnly, and the session's requests stay on its process", async () => {
      sticky(true);
      await served(true);
      const answer = await request(c.port, { host: HOST });
      assert.match(
        String(answer.headers["set-cookie"]),
        new RegExp(`^${COOKIE}=[^;]+; Path=/; HttpOnly; SameSite=Lax$`),
      );
      const first = await get();
      const seen = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const next = await get(first.set);
        assert.equal(next.set, undefined, "a valid cookie is not set again");
        seen.add(next.backend);
      }
      assert.deepEqual([...seen], [first.backend]);
      // New sessions are spread: two in a row land on both processes.
      const others = new Set([(await get()).backend, (await get()).backend]);
      assert.equal(others.size, 2);
    });

    it("session affinity: a forged cookie is ignored and replaced; the process's name alone is not enough", async () => {
      sticky(true);
      const first = await get();
      const id = (first.set ?? "").split(".")[0] ?? "";
      for (const forged of [id, `${id}.AAAAAAAAAAAAAAAAAAAAAA`, "sticky-b.x"]) {
        const answer = await get(forged);
        assert.ok(answer.set !== undefined && answer.set !== forged, forged);
      }
    });

    it("session affinity: when its process leaves the route, the session moves and the cookie is replaced", async () => {
      sticky(true);
      const first = await get();
      const staying = first.backend === "a" ? c.b : c.a;
      sticky(true, [staying]);
      await waitFor("the table without the session's process", async () => {
        const moved = await get(first.set);
        return moved.backend === staying.name && moved.set !== undefined;
      });
      const after = await get((await get(first.set)).set);
      assert.deepEqual(after, { backend: staying.name, set: undefined });
    });

    it("session affinity: a WebSocket handshake goes to the process its cookie names", async () => {
      sticky(true);
      const first = await get();
      for (let i = 0; i < 4; i++) {
        const socket = await openSocket(`ws://127.0.0.1:${c.port}/ws`, {
          headers: { host: HOST, cookie: `${COOKIE}=${first.set ?? ""}` },
        });
        assert.ok(typeof socket !== "number", `refused with ${String(socket)}`);
        await socket.next();
        socket.ws.close();
      }
      const backend = first.backend === "a" ? c.a : c.b;
      const handshakes = backend.seen.filter((s) => s.url === "/ws" && s.headers.host === HOST);
      assert.ok(handshakes.length >= 4);
    });

    it("without affinity, no cookie is set and requests go round robin", async () => {
      sticky(false);
      await served(false);
      const backends = [(await get()).backend, (await get()).backend];
      assert.deepEqual(backends.sort(), ["a", "b"]);
    });
  });

  describe("streaming", c.topicOptions("streaming"), () => {
    it(`server-sent events: each of ${EVENTS}, written ${EVENT_GAP_MS} ms apart, arrives within 50 ms`, async () => {
      const late = await new Promise<number[]>((resolve, reject) => {
        const lateMs: number[] = [];
        const headers = { host: "one.localhost" };
        const req = http.get(
          { host: "127.0.0.1", port: c.port, path: "/events", headers, agent: false },
          (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => {
              const arrived = Date.now();
              text += chunk;
              for (let match = /data: (\d+)\n\n/.exec(text); match; match = /data: (\d+)\n\n/.exec(text)) {
                lateMs.push(arrived - Number(match[1]));
                text = text.slice(match.index + match[0].length);
              }
            });
            res.on("end", () => resolve(lateMs));
          },
        );
        req.on("error", reject);
      });
      assert.equal(late.length, EVENTS);
      assert.ok(
        late.every((ms) => ms <= 50),
        `ms after being written: ${JSON.stringify(late)}`,
      );
    });
  });

  describe("WebSockets", () => {
    /** Three WebSockets to `one`, each open. */
    const openThree = async () => {
      const sockets = await Promise.all(
        [1, 2, 3].map(() =>
          openSocket(`ws://127.0.0.1:${c.port}/ws`, { headers: { host: "one.localhost" } }),
        ),
      );
      const open = sockets.filter((s): s is Exclude<typeof s, number> => typeof s !== "number");
      assert.equal(open.length, 3);
      return open;
    };

    it("open WebSockets are counted per process, and a process's count goes once they close", async () => {
      const open = await openThree();
      await waitFor("3 open WebSockets reported", () =>
        c.websockets.some((w) => w.app === "one" && w.process === "web.1" && w.open === 3),
      );
      open[0]?.ws.close();
      await waitFor("2 open WebSockets reported", () =>
        c.websockets.some((w) => w.app === "one" && w.process === "web.1" && w.open === 2),
      );
      for (const { ws } of open) ws.close();
      await waitFor("no open WebSocket of one reported", () => !c.websockets.some((w) => w.app === "one"));
    });

    it(
      "a WebSocket whose process goes away is closed with 1001, never reset",
      c.topicOptions("websocketCloses"),
      async () => {
        const open = await openThree();
        const closed = open.map(
          ({ ws }) =>
            new Promise<{ code: number; error?: string }>((resolve) => {
              let error: string | undefined;
              ws.on("error", (err) => (error = err.message));
              ws.on("close", (code) => resolve({ code, ...(error ? { error } : {}) }));
            }),
        );
        c.a.dropWebSockets();
        for (const result of await Promise.all(closed)) assert.deepEqual(result, { code: 1001 });
        assert.ok(open.every(({ ws }) => ws.readyState === WebSocket.CLOSED));
        await waitFor("no open WebSocket of one reported", () => !c.websockets.some((w) => w.app === "one"));
      },
    );
  });
}
