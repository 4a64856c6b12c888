import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pino, type Logger } from "pino";
import { EventBus, type App } from "../core/index.js";
import type { HostCertificate } from "../shared/route-table.js";
import { CertificatePublisher } from "./certificate-publisher.js";

const cert = (appId: string, hostname: string): HostCertificate => ({ appId, hostname, cert: "C", key: "K" });

describe("CertificatePublisher", () => {
  it("pushes the whole set at start and after each change, one at a time, without a destroyed app's", async () => {
    const events = new EventBus();
    const stored = [cert("a", "a.example"), cert("b", "b.example")];
    const reads: Array<() => void> = [];
    const pushed: string[][] = [];
    const publisher = new CertificatePublisher({
      // Each read waits until the test lets it finish: a second read while one is pending would be a race.
      certs: { forRouter: () => new Promise((resolve) => reads.push(() => resolve(stored))) },
      events,
      router: { publishCerts: (certs) => pushed.push(certs.map((c) => c.hostname)) },
      log: pino({ enabled: false }),
    });
    const started = publisher.start();
    events.emit("certs.changed", { app: { id: "b" } as App });
    events.emit("app.destroyed", { app: { id: "a" } as App });
    for (let i = 0; i < 3; i++) {
      while (reads.length === 0) await new Promise((r) => setImmediate(r));
      assert.equal(reads.length, 1, "one push at a time");
      reads.shift()?.();
      if (i === 0) await started;
    }
    await publisher.stop();
    assert.deepEqual(pushed, [["a.example", "b.example"], ["a.example", "b.example"], ["b.example"]]);
    events.emit("certs.changed", { app: { id: "a" } as App });
    await new Promise((r) => setImmediate(r));
    assert.equal(reads.length, 0, "no push after stop");
  });

  it("logs a failed read and pushes again on the next change", async () => {
    const events = new EventBus();
    let fail = true;
    const pushed: number[] = [];
    const errors: unknown[] = [];
    const publisher = new CertificatePublisher({
      certs: {
        forRouter: async () => (fail ? Promise.reject(new Error("store down")) : [cert("a", "a.example")]),
      },
      events,
      router: { publishCerts: (certs) => pushed.push(certs.length) },
      log: { error: (obj: { err: unknown }) => errors.push(obj.err) } as unknown as Pick<Logger, "error">,
    });
    await publisher.start();
    fail = false;
    await publisher.push();
    await publisher.stop();
    assert.equal(errors.length, 1);
    assert.deepEqual(pushed, [1]);
  });
});
