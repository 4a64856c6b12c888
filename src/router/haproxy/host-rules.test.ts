// The host rules' table of raw requests (host-rules.cases.ts) through the HAProxy data plane's real sockets.
// Where HAProxy's own HTTP parser is stricter than the Node router, the difference is listed here, by case.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import { connect, createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import { HOST_RULE_CASES, SERVED_HOST } from "../host-rules.cases.js";
import { HaproxyPlane } from "./plane.js";

const SKIP = spawnSync("haproxy", ["-v"]).error
  ? "haproxy is not on PATH: install it (apt-get install haproxy) to run this suite"
  : false;

/**
 * Cases HAProxy answers otherwise: its parser refuses (400) an absolute-form request whose Host is not exactly
 * its authority (port included), where the Node router routes it by the authority (RFC 9112 §3.2.2: a proxy
 * must ignore Host then; HAProxy treats the mismatch as an invalid request).
 */
const HAPROXY_STATUS: Record<string, number> = {
  "absolute-form: its authority wins over Host, the app gets origin-form": 400,
  "absolute-form naming an unserved host is not routed by Host": 400,
  "absolute-form with the listener's port and no path": 400,
};

function exchange(port: number, head: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port }, () =>
      socket.write(`${[...head, "Connection: close"].join("\r\n")}\r\n\r\n`),
    );
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (answer += chunk));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
}

describe("host rules through HAProxy", { skip: SKIP }, () => {
  let dataDir = "";
  let plane: HaproxyPlane;
  let port = 0;
  let seen: { path: string; host: string } | undefined;
  const app = http.createServer((req, res) => {
    seen = { path: req.url ?? "", host: req.headers.host ?? "" };
    res.end("ok");
  });

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "hx-"));
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, "127.0.0.1", resolve));
    const chosen = (free.address() as AddressInfo).port;
    await new Promise((resolve) => free.close(resolve));
    plane = new HaproxyPlane({
      config: {
        host: "127.0.0.1",
        port: chosen,
        workers: 1,
        timeoutSeconds: 5,
        websocketIdleSeconds: 3600,
        otlpEndpoint: undefined,
        httpsPort: undefined,
        httpsRedirect: false,
        hstsMaxAge: 0,
      },
      dataDir,
      log: pino({ level: "silent" }),
    });
    port = await plane.init();
    const backends = [{ id: "p1", process: "web.1", port: (app.address() as AddressInfo).port }];
    plane.publish({
      version: 1,
      hosts: { [SERVED_HOST]: { appId: "a1", app: "shop", status: "ok", backends } },
    });
    await plane.settled();
  });

  after(async () => {
    await plane.stop();
    app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const c of HOST_RULE_CASES) {
    it(c.name, async () => {
      seen = undefined;
      const head = c.head.map((line) => line.replaceAll("PORT", String(port)));
      const answer = await exchange(port, head);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
      const expected = HAPROXY_STATUS[c.name] ?? c.status;
      assert.equal(status, expected, answer.split("\r\n")[0]);
      if (c.upstream && expected === c.status)
        assert.deepEqual(seen, {
          path: c.upstream.path,
          host: c.upstream.host.replaceAll("PORT", String(port)),
        });
    });
  }
});
