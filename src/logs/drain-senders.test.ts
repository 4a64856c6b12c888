// Every drain transport against a real receiver: HTTP(S) NDJSON and octet-counted RFC 5424 syslog over TCP and TLS.
import assert from "node:assert/strict";
import { once } from "node:events";
import { rm } from "node:fs/promises";
import net, { type AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { EgressGuard } from "../net/egress.js";
import { FifteenError } from "../shared/errors.js";
import {
  makeCertificate,
  startReceiver,
  testTls,
  type Received,
  type Scheme,
} from "../testing/log-receivers.js";
import { createDrainSender, type DrainLine, type DrainSenderOptions } from "./drain-senders.js";

function urlFor(scheme: Scheme, port: number, auth = ""): URL {
  const host = scheme === "https" || scheme === "syslog+tls" ? "localhost" : "127.0.0.1";
  return new URL(`${scheme}://${auth}${host}:${port}/logs?token=t0ken`);
}

function lines(count: number, from = 0): DrainLine[] {
  const sources = ["app", "router", "build", "platform"];
  const base = Date.parse("2024-05-01T12:00:00.000Z");
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const odd = i % 50 === 0;
    return {
      seq: i + 1,
      time: new Date(base + i).toISOString(),
      app: "shop",
      source: sources[i % sources.length] ?? "app",
      process: odd ? 'we"b]\\.1' : `web.${(i % 3) + 1}`,
      ...(i % 2 === 0 ? { release: odd ? 'v1"]\\' : `v${i % 7}` } : {}),
      text: `line ${i} "quoted" back\\slash ]bracket héllo ✓\ttab  [x="y"]`,
    };
  });
}

function tagsOf(line: DrainLine, withSeq: boolean): Received {
  const { seq, ...tags } = line;
  return withSeq ? { seq, ...tags } : tags;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A port nothing listens on (for now). */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

const SCHEMES: readonly Scheme[] = ["https", "http", "syslog+tls", "syslog"];

const guard = new EgressGuard(["127.0.0.0/8", "::1"]);

before(makeCertificate);
after(async () => {
  await rm(testTls.dir, { recursive: true, force: true });
});

for (const scheme of SCHEMES) {
  describe(`${scheme}:// drain sender`, () => {
    const isHttp = scheme.startsWith("http");
    const options = (more: Partial<DrainSenderOptions> = {}): DrainSenderOptions => ({
      timeoutMs: 5000,
      ca: testTls.cert,
      ...more,
    });

    it("delivers 5000 lines in several sends with every tag intact, over one connection", async () => {
      const receiver = await startReceiver(scheme);
      const sender = createDrainSender(urlFor(scheme, receiver.port), guard, options());
      try {
        const batch = lines(5000);
        for (let i = 0; i < batch.length; i += 1000) await sender.send(batch.slice(i, i + 1000));
        await sender.send([]);
        await until(() => receiver.received.length >= 5000, "5000 lines");
        assert.deepEqual(
          receiver.received,
          batch.map((line) => tagsOf(line, isHttp)),
        );
        assert.equal(receiver.connections, 1);
      } finally {
        sender.close();
        await receiver.close();
      }
    });

    it("reconnects on the next send after the receiver drops the connection", async () => {
      const receiver = await startReceiver(scheme);
      const sender = createDrainSender(urlFor(scheme, receiver.port), guard, options());
      try {
        await sender.send(lines(3));
        await until(() => receiver.received.length === 3, "the first batch");
        await receiver.drop();
        await new Promise((resolve) => setTimeout(resolve, 200)); // let the sender see the close
        await sender.send(lines(2, 3));
        await until(() => receiver.received.length === 5, "the second batch");
        assert.deepEqual(
          receiver.received.map((l) => l.text),
          lines(5).map((l) => l.text),
        );
        assert.equal(receiver.connections, 2);
      } finally {
        sender.close();
        await receiver.close();
      }
    });

    it("fails while the receiver is down and delivers once it is back", async () => {
      const port = await freePort();
      const sender = createDrainSender(urlFor(scheme, port), guard, options());
      try {
        await assert.rejects(sender.send(lines(1)), (err: Error) => {
          assert.match(err.message, new RegExp(`^connect ECONNREFUSED \\S+:${port}$`));
          return true;
        });
        const receiver = await startReceiver(scheme, port);
        try {
          await sender.send(lines(1));
          await until(() => receiver.received.length === 1, "the line");
        } finally {
          await receiver.close();
        }
      } finally {
        sender.close();
      }
    });

    it("refuses a loopback receiver unless the operator allows it, and connects nowhere", async () => {
      const receiver = await startReceiver(scheme);
      const sender = createDrainSender(urlFor(scheme, receiver.port), new EgressGuard([]), options());
      try {
        await assert.rejects(sender.send(lines(1)), (err: unknown) => {
          assert.ok(err instanceof FifteenError);
          assert.equal(err.code, "EGRESS_REFUSED");
          assert.match(err.message, /resolves to (127\.0\.0\.1|::1), a loopback address\./);
          return true;
        });
        assert.equal(receiver.connections, 0);
      } finally {
        sender.close();
        await receiver.close();
      }
    });

    if (scheme === "https" || scheme === "syslog+tls") {
      it("verifies the certificate against the URL's host name", async () => {
        const receiver = await startReceiver(scheme);
        const untrusted = createDrainSender(urlFor(scheme, receiver.port), guard, options({ ca: undefined }));
        const wrongName = createDrainSender(
          new URL(
            `${scheme}://${testTls.localhostAddress.includes(":") ? "[::1]" : "127.0.0.1"}:${receiver.port}/`,
          ),
          guard,
          options(),
        );
        try {
          await assert.rejects(untrusted.send(lines(1)), /self-signed certificate/);
          await assert.rejects(wrongName.send(lines(1)), /does not match certificate's altnames/);
          assert.equal(receiver.received.length, 0);
        } finally {
          untrusted.close();
          wrongName.close();
          await receiver.close();
        }
      });
    }
  });
}

describe("HTTP drain sender", () => {
  it("posts NDJSON with its headers, and credentials as Basic auth", async () => {
    const receiver = await startReceiver("http");
    const sender = createDrainSender(urlFor("http", receiver.port, "drain%40x:s3cr%3At@"), guard, {
      timeoutMs: 5000,
    });
    try {
      await sender.send(lines(7));
      const [headers] = receiver.headers;
      assert.equal(headers?.["content-type"], "application/x-ndjson");
      assert.equal(headers?.["user-agent"], "fifteen-logs");
      assert.equal(headers?.["fifteen-drain-count"], "7");
      assert.equal(headers?.authorization, `Basic ${Buffer.from("drain@x:s3cr:t").toString("base64")}`);
    } finally {
      sender.close();
      await receiver.close();
    }
  });

  it("rejects a non-2xx answer, a timeout and a refused connection without showing credentials", async () => {
    const receiver = await startReceiver("http");
    const auth = "drainuser:s3cretpw@";
    const sender = createDrainSender(urlFor("http", receiver.port, auth), guard, { timeoutMs: 300 });
    const errors: Error[] = [];
    const collect = (err: Error) => {
      errors.push(err);
      return true;
    };
    try {
      receiver.status = 500;
      await assert.rejects(sender.send(lines(2)), (err: Error) => err.message === "HTTP 500" && collect(err));
      receiver.status = 302;
      await assert.rejects(sender.send(lines(2)), (err: Error) => err.message === "HTTP 302" && collect(err));
      receiver.status = 204;
      await sender.send(lines(2));
      receiver.hang = true;
      await assert.rejects(
        sender.send(lines(2)),
        (err: Error) => err.message === "timeout after 300 ms" && collect(err),
      );
    } finally {
      sender.close();
      await receiver.close();
    }
    const port = await freePort();
    const refused = createDrainSender(urlFor("http", port, auth), guard, { timeoutMs: 300 });
    await assert.rejects(refused.send(lines(1)), collect);
    refused.close();
    const denied = createDrainSender(urlFor("http", port, auth), new EgressGuard([]), { timeoutMs: 300 });
    await assert.rejects(denied.send(lines(1)), collect);
    denied.close();
    assert.equal(errors.length, 5);
    for (const err of errors) {
      for (const word of ["drainuser", "s3cretpw", "t0ken"])
        assert.ok(!err.message.includes(word), err.message);
    }
  });
});

describe("syslog drain sender", () => {
  it("writes RFC 5424 with the tags as structured data, nil values as -", async () => {
    const receiver = await startReceiver("syslog");
    const sender = createDrainSender(urlFor("syslog", receiver.port), guard, {
      timeoutMs: 5000,
      hostname: "node 7",
    });
    try {
      const time = "2024-05-01T12:00:00.123Z";
      await sender.send([
        { seq: 1, time, app: "shop", source: "app", process: "web.1", release: "v3", text: "hello" },
        { seq: 2, time: "yesterday", app: "shop", source: "router", process: "", text: "" },
      ]);
      await until(() => receiver.messages.length === 2, "two messages");
      assert.deepEqual(receiver.messages, [
        `<14>1 ${time} node_7 shop web.1 - [fifteen@32473 app="shop" source="app" process="web.1" release="v3"] hello`,
        '<14>1 - node_7 shop - - [fifteen@32473 app="shop" source="router" process=""] ',
      ]);
    } finally {
      sender.close();
      await receiver.close();
    }
  });

  it("cuts huge lines at 8192 bytes without splitting a character", async () => {
    const receiver = await startReceiver("syslog");
    const sender = createDrainSender(urlFor("syslog", receiver.port), guard, { timeoutMs: 5000 });
    try {
      const [line] = lines(1);
      assert.ok(line);
      await sender.send([{ ...line, text: "✓".repeat(100_000) }, line]);
      await until(() => receiver.messages.length === 2, "two messages");
      const [huge = ""] = receiver.messages;
      assert.ok(
        Buffer.byteLength(huge) <= 8192 && Buffer.byteLength(huge) > 8180,
        String(Buffer.byteLength(huge)),
      );
      assert.match(receiver.received[0]?.text ?? "", /^✓+$/);
      assert.deepEqual(receiver.received[1], tagsOf(line, false));
    } finally {
      sender.close();
      await receiver.close();
    }
  });

  it("keeps batches in order when sends overlap", async () => {
    const receiver = await startReceiver("syslog");
    const sender = createDrainSender(urlFor("syslog", receiver.port), guard, { timeoutMs: 5000 });
    try {
      await Promise.all([0, 1, 2, 3, 4].map((k) => sender.send(lines(200, k * 200))));
      await until(() => receiver.received.length === 1000, "1000 lines");
      assert.deepEqual(
        receiver.received.map((l) => l.text),
        lines(1000).map((l) => l.text),
      );
      assert.equal(receiver.connections, 1);
    } finally {
      sender.close();
      await receiver.close();
    }
  });

  it("times out when the TLS handshake never completes", async () => {
    const silent = net.createServer((socket) => socket.resume()).listen(0, "127.0.0.1");
    await once(silent, "listening");
    const { port } = silent.address() as AddressInfo;
    const sender = createDrainSender(new URL(`syslog+tls://127.0.0.1:${port}`), guard, { timeoutMs: 300 });
    try {
      await assert.rejects(sender.send(lines(1)), /^Error: timeout after 300 ms$/);
    } finally {
      sender.close();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
