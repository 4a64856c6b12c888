// The egress guard against literal addresses, real DNS (localhost) and real sockets.
import assert from "node:assert/strict";
import net, { type AddressInfo } from "node:net";
import { once } from "node:events";
import { describe, it } from "node:test";
import { FifteenError, type ErrorCode } from "../shared/errors.js";
import { EgressGuard, parseEgressAllow } from "./egress.js";

async function refusal(promise: Promise<unknown>): Promise<FifteenError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof FifteenError, `expected a FifteenError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected a rejection");
}

function hasCode(...codes: ErrorCode[]) {
  return (err: unknown) => err instanceof FifteenError && codes.includes(err.code);
}

describe("EgressGuard", () => {
  const guard = new EgressGuard([]);

  const refused: Array<[string, string]> = [
    ["127.0.0.1", "a loopback address"],
    ["127.255.0.9", "a loopback address"],
    ["::1", "a loopback address"],
    ["[::1]", "a loopback address"],
    ["0.0.0.0", "an unspecified address"],
    ["::", "an unspecified address"],
    ["10.1.2.3", "a private address"],
    ["172.16.5.4", "a private address"],
    ["172.31.255.255", "a private address"],
    ["192.168.1.1", "a private address"],
    ["fd12:3456::1", "a private address"],
    ["169.254.10.20", "a link-local address"],
    ["fe80::1", "a link-local address"],
    ["fe80::1%lo", "a link-local address"],
    ["169.254.169.254", "a cloud metadata address"],
    ["fd00:ec2::254", "a cloud metadata address"],
    ["100.64.0.1", "a carrier-grade NAT address"],
    ["224.0.0.1", "a multicast address"],
    ["ff02::1", "a multicast address"],
    ["255.255.255.255", "a reserved address"],
    ["::ffff:127.0.0.1", "a loopback address"],
    ["::ffff:7f00:1", "a loopback address"],
    ["::ffff:169.254.169.254", "a cloud metadata address"],
    ["64:ff9b::a00:1", "a private address"],
  ];
  for (const [address, what] of refused) {
    it(`refuses ${address} as ${what}`, async () => {
      const err = await refusal(guard.resolve(address));
      assert.equal(err.code, "EGRESS_REFUSED");
      assert.equal(err.status, 422);
      assert.ok(err.message.includes(`, ${what}.`), err.message);
      assert.match(err.message, /FIFTEEN_EGRESS_ALLOW=\S+\/(32|128)\./);
    });
  }

  it("names the URL (without credentials or path), the address and the class", async () => {
    const err = await refusal(guard.checkUrl("https://127.0.0.1/logs", ["https"]));
    assert.equal(
      err.message,
      "https://127.0.0.1 resolves to 127.0.0.1, a loopback address. Fifteen does not send data to loopback, " +
        "private, link-local or metadata addresses. An operator can allow it with FIFTEEN_EGRESS_ALLOW=127.0.0.1/32.",
    );
    const secret = await refusal(
      guard.checkUrl("https://drain:s3cret@10.0.0.7:8443/t0ken?key=k3y", ["https"]),
    );
    assert.match(secret.message, /^https:\/\/10\.0\.0\.7:8443 resolves to 10\.0\.0\.7, a private address\./);
    for (const word of ["drain", "s3cret", "t0ken", "k3y"]) assert.ok(!secret.message.includes(word));
  });

  it("judges a mapped IPv6 address by its IPv4 address and suggests the IPv4 range", async () => {
    const err = await refusal(guard.resolve("::ffff:10.0.0.1"));
    assert.match(err.message, /resolves to ::ffff:10\.0\.0\.1 \(IPv4 10\.0\.0\.1\), a private address\./);
    assert.match(err.message, /FIFTEEN_EGRESS_ALLOW=10\.0\.0\.1\/32\./);
  });

  it("allows public literals as they are, without DNS", async () => {
    assert.deepEqual(await guard.resolve("93.184.216.34"), { address: "93.184.216.34", family: 4 });
    assert.deepEqual(await guard.resolve("[2606:2800:220:1::1]"), {
      address: "2606:2800:220:1::1",
      family: 6,
    });
    assert.deepEqual(await guard.resolve("::ffff:93.184.216.34"), {
      address: "::ffff:93.184.216.34",
      family: 6,
    });
    assert.deepEqual(await guard.resolve("64:ff9b::5db8:d822"), { address: "64:ff9b::5db8:d822", family: 6 });
    assert.deepEqual(await guard.resolve("172.32.0.1"), { address: "172.32.0.1", family: 4 });
    const url = await guard.checkUrl("https://user:pw@93.184.216.34:8443/x?y=1", ["https", "http"]);
    assert.equal(url.href, "https://user:pw@93.184.216.34:8443/x?y=1");
  });

  it("refuses localhost after resolving it, naming the host", async () => {
    const err = await refusal(guard.resolve("localhost"));
    assert.equal(err.code, "EGRESS_REFUSED");
    assert.match(err.message, /^localhost resolves to (127\.0\.0\.1|::1), a loopback address\./);
    const viaUrl = await refusal(guard.checkUrl("syslog+tls://localhost:6514", ["syslog", "syslog+tls"]));
    assert.match(viaUrl.message, /^syslog\+tls:\/\/localhost:6514 resolves to/);
  });

  it("judges what a numeric or metadata name resolves to, not how it is spelled", async () => {
    for (const name of ["2130706433", "0x7f.1", "127.1", "metadata.google.internal"]) {
      await assert.rejects(guard.resolve(name), hasCode("EGRESS_REFUSED", "EGRESS_UNRESOLVABLE"), name);
    }
    // WHATWG URL parsing turns http://0x7f.1/ into http://127.0.0.1/.
    await assert.rejects(guard.checkUrl("http://0x7f.1/", ["http"]), hasCode("EGRESS_REFUSED"));
  });

  it("says so when a name does not resolve", async () => {
    const err = await refusal(guard.checkUrl("https://no-such-host.invalid/x", ["https"]));
    assert.equal(err.code, "EGRESS_UNRESOLVABLE");
    assert.match(err.message, /^https:\/\/no-such-host\.invalid does not resolve \([A-Z_]+\)\./);
  });

  it("lets the operator allow addresses and ranges", async () => {
    const allowing = new EgressGuard(["127.0.0.1/32", "::1", "10.0.0.0/8"]);
    assert.deepEqual(await allowing.resolve("127.0.0.1"), { address: "127.0.0.1", family: 4 });
    assert.deepEqual(await allowing.resolve("::1"), { address: "::1", family: 6 });
    assert.deepEqual(await allowing.resolve("::ffff:127.0.0.1"), { address: "::ffff:127.0.0.1", family: 6 });
    assert.equal((await allowing.resolve("10.200.3.4")).address, "10.200.3.4");
    assert.ok(["127.0.0.1", "::1"].includes((await allowing.resolve("localhost")).address));
    await assert.rejects(allowing.resolve("127.0.0.2"), hasCode("EGRESS_REFUSED"));
    await assert.rejects(allowing.resolve("169.254.169.254"), hasCode("EGRESS_REFUSED"));
  });

  it("rejects bad allowlist entries, naming them", () => {
    assert.deepEqual(parseEgressAllow(" 10.0.0.0/8, ,::1 ,fd00::/8"), ["10.0.0.0/8", "::1", "fd00::/8"]);
    assert.deepEqual(parseEgressAllow(""), []);
    for (const entry of [
      "10.0.0.0/33",
      "example.com",
      "10.0.0.0/8/1",
      "::1/129",
      "10.0.0.0/",
      "1.2.3",
      "fe80::1%lo",
    ]) {
      assert.throws(
        () => parseEgressAllow(`127.0.0.1,${entry}`),
        (err: unknown) =>
          err instanceof FifteenError &&
          err.code === "SETTING_INVALID" &&
          err.message.startsWith(`FIFTEEN_EGRESS_ALLOW entry ${JSON.stringify(entry)} is invalid`),
        entry,
      );
      assert.throws(() => new EgressGuard([entry]), hasCode("SETTING_INVALID"), entry);
    }
  });

  it("checks a URL's scheme, host and credentials before resolving", async () => {
    const schemes = ["https", "http", "syslog", "syslog+tls"];
    const bad: Array<[string, RegExp]> = [
      [
        "ftp://93.184.216.34/",
        /^ftp:\/\/ URLs are not supported here; use https:\/\/, http:\/\/, syslog:\/\/, syslog\+tls:\/\/\.$/,
      ],
      ["not a url :pw@", /^That is not a valid URL; expected one starting with https:\/\//],
      ["syslog:relay", /needs a host/],
      ["https://93.184.216.34:0/", /needs a host \(and a port other than 0\)/],
      ["syslog://u:p@93.184.216.34:514", /^syslog:\/\/ URLs cannot carry a user name or password\.$/],
    ];
    for (const [url, message] of bad) {
      const err = await refusal(guard.checkUrl(url, schemes));
      assert.equal(err.code, "URL_INVALID", url);
      assert.match(err.message, message);
    }
    assert.equal((await guard.checkUrl("syslog://93.184.216.34:514", schemes)).port, "514");
  });

  it("checks names at connect time through lookup", async () => {
    const server = net.createServer((socket) => socket.end());
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    try {
      const refused = net.connect({ host: "localhost", port, lookup: guard.lookup, family: 4 });
      const [err] = (await once(refused, "error")) as [unknown];
      assert.ok(hasCode("EGRESS_REFUSED")(err), String(err));

      const allowed = net.connect({
        host: "localhost",
        port,
        lookup: new EgressGuard(["127.0.0.1"]).lookup,
        family: 4,
      });
      await once(allowed, "connect");
      assert.equal(allowed.remoteAddress, "127.0.0.1");
      allowed.destroy();
    } finally {
      server.close();
    }
  });
});
