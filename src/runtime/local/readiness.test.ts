import assert from "node:assert/strict";
import { createServer } from "node:net";
import { describe, it } from "node:test";
import { freePort, untilReady } from "./readiness.js";

describe("readiness", () => {
  it("notices a port that starts listening late", async () => {
    const port = await freePort();
    const server = createServer((socket) => socket.destroy());
    let probes = 0;
    server.on("connection", () => (probes += 1));
    const started = Date.now();
    setTimeout(() => server.listen(port, "127.0.0.1"), 600);
    const outcome = await untilReady({ port, timeoutSeconds: 5, waiting: () => true });
    const took = Date.now() - started;
    server.close();
    assert.equal(outcome, "ready");
    assert.ok(took >= 600, `noticed after ${took} ms`);
    assert.equal(probes, 1, "one successful probe once it listens");
  });

  it("says a process did not bind $PORT in time, naming the port", async () => {
    const port = await freePort();
    const outcome = await untilReady({ port, timeoutSeconds: 0.3, waiting: () => true });
    assert.deepEqual(outcome, { failure: `did not bind $PORT (${port}) within 0.3 s` });
  });

  it("stops waiting once the process is gone", async () => {
    const port = await freePort();
    let waiting = true;
    setTimeout(() => (waiting = false), 100);
    assert.equal(await untilReady({ port, timeoutSeconds: 5, waiting: () => waiting }), "abandoned");
  });
});
