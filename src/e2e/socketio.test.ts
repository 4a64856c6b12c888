// A real Socket.io app (socket.io with @socket.io/redis-adapter on the redis add-on, default transports) at
// web=3 with http-session-affinity, all from its fifteen.json: 20 of 20 client pairs connect with long-polling
// only and with the upgrade to WebSocket, and a message crosses processes. Without affinity, long-polling fails.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { io, type Socket } from "socket.io-client";
import { ApiClient, type AppFeature } from "../client/index.js";
import { writeNodeApp } from "../testing/apps.js";
import { ADMIN_TOKEN, fifteen, startTestPlatform, type TestPlatform } from "../testing/platform.js";
import { deployAndWait, AFFINITY_PLANES, resolveLocalhostNames, waitFor } from "../testing/realtime.js";

/** Socket.io's chat example, reduced: pairs meet in a room; what one says reaches the other through redis. */
const SERVER = `const http = require("http");
const { Server } = require("socket.io");
const { createAdapter } = require("@socket.io/redis-adapter");
const { createClient } = require("redis");

const me = process.env.FIFTEEN_PROCESS;
const pub = createClient({ url: process.env.REDIS_URL });
const sub = pub.duplicate();
Promise.all([pub.connect(), sub.connect()]).then(() => {
  const server = http.createServer((req, res) => res.end(me));
  const io = new Server(server, { adapter: createAdapter(pub, sub) });
  io.on("connection", (socket) => {
    socket.on("join", (room, done) => { socket.join(room); done(me); });
    socket.on("say", (room, text) => io.to(room).emit("said", { text, from: me }));
  });
  server.listen(process.env.PORT, () => console.log("socket.io listening on", process.env.PORT));
});
`;

const MANIFEST = {
  formation: { web: { quantity: 3 } },
  addons: [{ kind: "redis" }],
  features: ["http-session-affinity"],
};

interface Joined {
  socket: Socket;
  process: string;
}

for (const { plane, skip } of AFFINITY_PLANES)
  describe(`Socket.io at web=3: ${plane}`, { skip }, () => {
    let t: TestPlatform;
    let api: ApiClient;
    const opened: Socket[] = [];

    /** One client: connected (with the transports given) and joined to `room`, or why it failed. */
    const joinRoom = (room: string, transports: string[] | undefined): Promise<Joined> =>
      new Promise((resolve, reject) => {
        const socket = io(t.platform.routerUrl.replace("127.0.0.1", "sockets.localhost"), {
          ...(transports ? { transports } : {}),
          // The cookie jar (Node): the affinity cookie comes back on every request, the upgrade included.
          withCredentials: true,
          reconnection: false,
          timeout: 5000,
        });
        opened.push(socket);
        const timer = setTimeout(() => reject(new Error("no connection in 5 s")), 5000);
        socket.once("connect_error", (err) => {
          clearTimeout(timer);
          reject(err);
        });
        socket.once("connect", () =>
          socket.emit("join", room, (process: string) => {
            clearTimeout(timer);
            resolve({ socket, process });
          }),
        );
      });

    /** 20 pairs, one client after the other; each pair's second client says something the first must hear. */
    const pairs = async (transports: string[] | undefined) => {
      const results: Array<{ ok: boolean; crossed: boolean; upgraded: boolean; error?: string }> = [];
      for (let i = 0; i < 20; i++) {
        const room = `pair-${transports?.join("-") ?? "default"}-${i}`;
        try {
          const a = await joinRoom(room, transports);
          const b = await joinRoom(room, transports);
          const heard = new Promise<{ text: string; from: string }>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error("the message did not arrive")), 5000);
            a.socket.once("said", (message: { text: string; from: string }) => {
              clearTimeout(timer);
              resolve(message);
            });
          });
          // Once upgraded (default transports), the message goes over the WebSocket.
          if (!transports)
            await waitFor("the upgrade", async () => b.socket.io.engine.transport.name === "websocket", 5000);
          b.socket.emit("say", room, `hello ${i}`);
          const message = await heard;
          assert.equal(message.text, `hello ${i}`);
          results.push({
            ok: true,
            crossed: message.from === b.process && a.process !== b.process,
            upgraded: a.socket.io.engine.transport.name === "websocket",
          });
        } catch (err) {
          results.push({ ok: false, crossed: false, upgraded: false, error: (err as Error).message });
        }
      }
      for (const socket of opened.splice(0)) socket.disconnect();
      return results;
    };

    // Socket.io's Node client cannot be given a Host header: it connects to sockets.localhost by name.
    let unresolve = () => undefined as void;
    before(async () => {
      unresolve = resolveLocalhostNames();
      t = await startTestPlatform({ FIFTEEN_BOOT_TIMEOUT_SECONDS: "30", FIFTEEN_DATA_PLANE: plane });
      api = new ApiClient(t.apiUrl, ADMIN_TOKEN);
      const dir = join(t.home, "sockets");
      await writeNodeApp(dir, {
        dependencies: { "socket.io": "4.8.1", "@socket.io/redis-adapter": "8.3.0", redis: "4.7.0" },
        files: { "server.js": SERVER, "fifteen.json": JSON.stringify(MANIFEST) },
      });
      await api.createApp("sockets");
      await deployAndWait(api, "sockets", dir);
      await waitFor("web=3 up", async () => {
        const up = (await api.processes("sockets")).filter((p) => p.type === "web" && p.state === "up");
        return up.length === 3;
      });
    });
    after(async () => {
      for (const socket of opened) socket.disconnect();
      unresolve();
      await t.close();
    });

    it("fifteen.json turned http-session-affinity on", async () => {
      const res = await fifteen(t, ["features", "--json", "-a", "sockets"]);
      const features = JSON.parse(res.stdout) as AppFeature[];
      assert.equal(features.find((f) => f.name === "http-session-affinity")?.enabled, true);
    });

    it("20 of 20 pairs connect with long-polling only, and their messages cross processes", async () => {
      const results = await pairs(["polling"]);
      assert.deepEqual(
        results.filter((r) => !r.ok),
        [],
      );
      assert.equal(results.filter((r) => r.crossed).length, 20, JSON.stringify(results));
    });

    it("20 of 20 pairs connect with the default transports and upgrade to WebSocket", async () => {
      const results = await pairs(undefined);
      assert.deepEqual(
        results.filter((r) => !r.ok),
        [],
      );
      assert.equal(results.filter((r) => r.upgraded).length, 20, JSON.stringify(results));
      assert.equal(results.filter((r) => r.crossed).length, 20, JSON.stringify(results));
    });

    it("without affinity, long-polling fails (the test measures affinity)", async () => {
      const off = await fifteen(t, ["features:disable", "http-session-affinity", "-a", "sockets"]);
      assert.equal(off.code, 0, off.stderr);
      const results = await pairs(["polling"]);
      const connected = results.filter((r) => r.ok).length;
      assert.ok(connected < 20, `${connected} of 20 pairs connected without affinity`);
      assert.ok(
        results.some((r) => /xhr (post|poll) error|Session ID unknown|websocket error/.test(r.error ?? "")),
        JSON.stringify(results),
      );
    });
  });
