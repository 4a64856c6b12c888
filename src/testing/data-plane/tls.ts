// The contract's TLS half (docs/tls.md): a certificate per host by SNI, published and withdrawn live; no
// certificate for other names; X-Forwarded-Proto/-Port over HTTPS; the redirect from HTTP and HSTS, both only
// for hosts with a certificate.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ContractPlane } from "../data-plane-contract.js";
import type { Seen } from "./backends.js";
import { handshake, openSocket, request, waitFor, type TlsOptions } from "./clients.js";

export function tlsCases(c: ContractPlane): void {
  describe("HTTPS", c.topicOptions("tls"), () => {
    const sni = (servername: string): TlsOptions => ({ ca: c.ca.cert, servername });

    it("serves a host with a certificate, chosen by SNI; the app sees https and the HTTPS port", async () => {
      const res = await request(c.httpsPort, { host: "tls.localhost", path: "/x" }, sni("tls.localhost"));
      assert.equal(res.status, 200, res.body);
      const seen = JSON.parse(res.body) as Seen;
      assert.equal(seen.headers["x-forwarded-proto"], "https");
      assert.equal(seen.headers["x-forwarded-port"], String(c.httpsPort));
      assert.equal(seen.headers["x-forwarded-for"], "127.0.0.1");
      assert.match(String(seen.headers.forwarded), /;proto=https;/);
    });

    it("refuses the handshake for a name without a certificate, and without SNI", async () => {
      assert.equal(await handshake(c.httpsPort, "tls.localhost", c.ca.cert), true);
      assert.equal(await handshake(c.httpsPort, "one.localhost", c.ca.cert), false);
      assert.equal(await handshake(c.httpsPort, undefined, c.ca.cert), false);
    });

    it("takes a certificate published live, and drops one withdrawn, without a restart", async () => {
      const pid = c.plane.pid;
      assert.equal(await handshake(c.httpsPort, "live.localhost", c.ca.cert), false);
      c.plane.publishCerts([...c.certs, c.liveCert]);
      await waitFor("the new certificate", () => handshake(c.httpsPort, "live.localhost", c.ca.cert));
      const res = await request(c.httpsPort, { host: "live.localhost" }, sni("live.localhost"));
      assert.equal(res.status, 200);
      c.plane.publishCerts(c.certs);
      await waitFor(
        "the certificate to go",
        async () => !(await handshake(c.httpsPort, "live.localhost", c.ca.cert)),
      );
      assert.equal(c.plane.pid, pid, "the same process");
    });

    it("HSTS on HTTPS responses of a host with a certificate, error pages included; an app's own wins", async () => {
      const ok = await request(c.httpsPort, { host: "tls.localhost" }, sni("tls.localhost"));
      assert.equal(ok.headers["strict-transport-security"], "max-age=300");
      const page = await request(c.httpsPort, { host: "tls-down.localhost" }, sni("tls-down.localhost"));
      assert.equal(page.status, 503);
      assert.equal(page.headers["strict-transport-security"], "max-age=300");
      const own = await request(
        c.httpsPort,
        { host: "tls.localhost", path: "/own-hsts" },
        sni("tls.localhost"),
      );
      assert.equal(own.headers["strict-transport-security"], "max-age=1; preload");
    });

    it("redirects plain HTTP for a host with a certificate: 301 for GET, 308 otherwise, with an access line", async (t) => {
      const seen = c.a.seen.length;
      const get = await request(c.port, {
        host: "tls.localhost",
        path: "/a?b=1",
        headers: { "x-request-id": "contract-redirect-1" },
      });
      assert.equal(get.status, 301);
      assert.equal(get.headers.location, `https://tls.localhost:${c.httpsPort}/a?b=1`);
      const post = await request(c.port, {
        host: "tls.localhost",
        path: "/form",
        method: "POST",
        body: "x=1",
      });
      assert.equal(post.status, 308);
      assert.equal(post.headers.location, `https://tls.localhost:${c.httpsPort}/form`);
      assert.equal(c.a.seen.length, seen, "the app saw neither");
      await c.expectAccessLine(
        "contract-redirect-1",
        /^at=info method=GET path="\/a\?b=1" host=tls\.localhost .* dyno=router .* status=301 /,
        t,
      );
    });

    it("neither redirect nor HSTS for a host without a certificate", async () => {
      const res = await request(c.port, { host: "one.localhost" });
      assert.equal(res.status, 200);
      assert.equal(res.headers["strict-transport-security"], undefined);
    });

    it("a WebSocket over HTTPS (wss://) passes through with X-Forwarded-Proto: https", async () => {
      // ws hands `servername` to tls.connect.
      const socket = await openSocket(`wss://127.0.0.1:${c.httpsPort}/ws`, {
        headers: { host: "tls.localhost" },
        ca: c.ca.cert,
        servername: "tls.localhost",
      });
      assert.ok(typeof socket !== "number", `refused with ${String(socket)}`);
      try {
        const greeting = JSON.parse(await socket.next()) as Record<string, string>;
        assert.equal(greeting["x-forwarded-proto"], "https");
        assert.equal(greeting["x-forwarded-port"], String(c.httpsPort));
      } finally {
        socket.ws.close();
      }
    });
  });
}
