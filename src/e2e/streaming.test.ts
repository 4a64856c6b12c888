// Streaming through the real platform and data plane: server-sent events and chunked responses reach the client
// as they are written, and a deploy with 500 open WebSockets closes every one cleanly (1001 from the router, or
// the app's own close), none reset, and the clients reconnect to the new release.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import WebSocket from "ws";
import { ApiClient, type MetricSeries } from "../client/index.js";
import { ADMIN_TOKEN, fifteen, startTestPlatform, type TestPlatform } from "../testing/platform.js";
import {
  deployAndWait,
  STREAMING_PLANES,
  touch,
  waitFor,
  writeRealtimeApp,
  type Who,
} from "../testing/realtime.js";

/** Each piece of a streamed response with when it arrived, and the time the app wrote into it. */
async function timedPieces(url: string, host: string, pattern: RegExp): Promise<{ lateMs: number[] }> {
  const res = await request(url, { headers: { host } });
  assert.equal(res.statusCode, 200);
  const lateMs: number[] = [];
  let text = "";
  for await (const chunk of res.body) {
    const arrived = Date.now();
    text += String(chunk);
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      lateMs.push(arrived - Number(match[1]));
      text = text.slice(match.index + match[0].length);
    }
  }
  return { lateMs };
}

/** A WebSocket through the router, open, with its first message (the app's greeting). */
function openSocket(url: string, host: string): Promise<{ ws: WebSocket; who: Who }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { host } });
    ws.once("message", (data: Buffer) => resolve({ ws, who: JSON.parse(String(data)) as Who }));
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

// HAProxy without `option http-no-delay` failed the events test: they arrived up to ~210 ms late, three at a
// time (it merged small chunks).
for (const { plane, skip } of STREAMING_PLANES)
  describe(`streaming: ${plane}`, { skip }, () => {
    let t: TestPlatform;
    let api: ApiClient;
    let dir: string;
    const host = "live.localhost";

    before(async () => {
      t = await startTestPlatform({ FIFTEEN_BOOT_TIMEOUT_SECONDS: "30", FIFTEEN_DATA_PLANE: plane });
      api = new ApiClient(t.apiUrl, ADMIN_TOKEN);
      dir = join(t.home, "live");
      await writeRealtimeApp(dir, { ws: true });
      await api.createApp("live");
      await deployAndWait(api, "live", dir);
    });
    after(() => t.close());

    it("passes server-sent events through unbuffered: each of 10, written 100 ms apart, arrives within 50 ms", async () => {
      const { lateMs } = await timedPieces(`${t.platform.routerUrl}/events`, host, /data: (\d+)\n\n/);
      assert.equal(lateMs.length, 10);
      assert.ok(
        lateMs.every((ms) => ms <= 50),
        `ms after being written: ${JSON.stringify(lateMs)}`,
      );
    });

    it("passes a chunked response through the same way", async () => {
      const { lateMs } = await timedPieces(`${t.platform.routerUrl}/chunks`, host, /\d+ (\d+)\n/);
      assert.equal(lateMs.length, 10);
      assert.ok(
        lateMs.every((ms) => ms <= 50),
        `ms after being written: ${JSON.stringify(lateMs)}`,
      );
    });

    it("a deploy closes 500 open WebSockets cleanly, counted per process meanwhile; they reconnect to the new release", async () => {
      const url = `${t.platform.routerUrl.replace(/^http/, "ws")}/`;
      const sockets: WebSocket[] = [];
      for (let i = 0; i < 500; i += 50) {
        const batch = await Promise.all(Array.from({ length: 50 }, () => openSocket(url, host)));
        for (const { ws, who } of batch) {
          assert.equal(who.release, "v1");
          sockets.push(ws);
        }
      }
      const closes = sockets.map(
        (ws) =>
          new Promise<{ code: number; error?: string }>((resolve) => {
            let error: string | undefined;
            ws.on("error", (err) => (error = err.message));
            ws.on("close", (code) => resolve({ code, ...(error ? { error } : {}) }));
          }),
      );
      // The open count, per process, in /metrics and `fifteen metrics`.
      await waitFor("500 open WebSockets in /metrics", async () => {
        const res = await request(`${t.apiUrl}/metrics`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        const text = await res.body.text();
        return /^fifteen_router_websockets_open\{app="live",process="web\.1"\} 500$/m.test(text);
      });
      const metrics = await fifteen(t, ["metrics", "--json", "--since", "5m", "-a", "live"]);
      const series = JSON.parse(metrics.stdout) as MetricSeries;
      assert.ok(
        series.points.some((p) => p.websockets["web.1"] === 500),
        metrics.stdout,
      );
      assert.match((await fifteen(t, ["metrics", "-a", "live"])).stdout, /^websockets web\.1 +500 /m);

      await touch(dir, "v2");
      await deployAndWait(api, "live", dir);
      const closed = await Promise.all(closes);
      const unclean = closed.filter((c) => c.error !== undefined || (c.code !== 1001 && c.code !== 1000));
      assert.deepEqual(unclean.slice(0, 5), [], `${unclean.length} of 500 not closed cleanly`);

      const again = await Promise.all(Array.from({ length: 50 }, () => openSocket(url, host)));
      assert.ok(again.every(({ who }) => who.release === "v2"));
      for (const { ws } of again) ws.close();
      await waitFor("the old process's WebSockets gone from /metrics", async () => {
        const res = await request(`${t.apiUrl}/metrics`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        return !/^fifteen_router_websockets_open\{app="live",process="web\.1"\} [1-9]/m.test(
          await res.body.text(),
        );
      });
    });
  });
