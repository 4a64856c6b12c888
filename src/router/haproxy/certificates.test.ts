// The HAProxy plane's certificate files, pure: the PEM bundle (rebuilt from its blocks, the key checked against
// the certificate), the crt-list and the TLS hosts map, and what never reaches a file or a runtime API payload.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { HostCertificate } from "../../shared/route-table.js";
import { selfSigned, type PemFiles } from "../../testing/certs.js";
import { certBundle, certPath, crtList, sameTls, tlsHostsMap } from "./certificates.js";
import { haproxyConfig, type HaproxySettings } from "./config.js";

const DIR = "/var/lib/fifteen/haproxy/certs";

describe("HAProxy certificate files", () => {
  let tmp = "";
  let pem: PemFiles;
  let other: PemFiles;
  const cert = (extra: Partial<HostCertificate> = {}): HostCertificate => ({
    hostname: "shop.example.com",
    appId: "app-shop",
    cert: pem.cert,
    key: pem.key,
    ...extra,
  });

  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), "fifteen-certs-"));
    pem = await selfSigned(tmp, "shop", ["DNS:shop.example.com"]);
    other = await selfSigned(tmp, "other", ["DNS:other.example.com"]);
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it("names each host's file after the host, and refuses a name the host rules refuse", () => {
    assert.equal(certPath(DIR, "shop.example.com"), `${DIR}/shop.example.com.pem`);
    for (const bad of ["../etc", "a b.example.com", "shop.example.com\nx", "*.example.com", "x;y.com", ""])
      assert.throws(() => certPath(DIR, bad), /refusing host name/);
  });

  it("bundles the certificate then the key, with no empty line (the runtime API payload ends at one)", () => {
    const bundle = certBundle(cert({ cert: `\n\n${pem.cert.replace(/\n/g, "\r\n")}\n\n`, key: pem.key }));
    assert.match(
      bundle,
      /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n-----BEGIN /,
    );
    assert.match(bundle, /-----END PRIVATE KEY-----\n$/);
    assert.doesNotMatch(bundle, /\n\s*\n|\r/);
    // Anything around or between the blocks (text a payload could be cut by) is dropped.
    const noisy = certBundle(
      cert({ cert: `junk\n\nadd map x y\n${pem.cert}\n\ntrailer`, key: `k\n${pem.key}` }),
    );
    assert.equal(noisy, bundle);
    // A bundle read back from its file (both halves in one text) gives the same bundle.
    assert.equal(certBundle(cert({ cert: bundle, key: bundle })), bundle);
    assert.throws(() => certBundle(cert({ cert: pem.key })), /no PEM block in the certificate/);
  });

  it("refuses a certificate that does not parse, a key that is not its own, or a refused host", () => {
    assert.throws(() => certBundle(cert({ cert: "not a pem" })), /no PEM block in the certificate/);
    assert.throws(() => certBundle(cert({ key: "" })), /no PEM block in the key/);
    assert.throws(() => certBundle(cert({ key: other.key })), /not the certificate's/);
    assert.throws(() => certBundle(cert({ hostname: "bad host" })), /refusing host name/);
    const broken = pem.cert.replace(/\n([A-Za-z0-9+/]{10})/, "\n!!$1");
    assert.throws(() => certBundle(cert({ cert: broken })));
  });

  it("lists each file with its host as its only SNI name, and maps the hosts with a certificate", () => {
    assert.equal(
      crtList(DIR, ["a.example.com", "b.localhost"]),
      `${DIR}/a.example.com.pem a.example.com\n${DIR}/b.localhost.pem b.localhost\n`,
    );
    assert.equal(crtList(DIR, []), "");
    assert.equal(tlsHostsMap(["a.example.com"]), "a.example.com yes\n");
    assert.throws(() => tlsHostsMap(["a example.com"]), /refusing host name/);
  });

  it("adopts an HAProxy only when its HTTPS settings are the ones asked for", () => {
    const tls = { port: 8443, redirect: true, hstsMaxAge: 300 };
    const asked = { httpsPort: 8443, httpsRedirect: true, hstsMaxAge: 300 };
    assert.equal(sameTls(tls, asked), true);
    assert.equal(sameTls(tls, { ...asked, httpsPort: 0 }), true, "0: any port");
    assert.equal(sameTls(undefined, { ...asked, httpsPort: undefined }), true);
    assert.equal(sameTls(tls, { ...asked, httpsPort: undefined }), false);
    assert.equal(sameTls(undefined, asked), false);
    assert.equal(sameTls(tls, { ...asked, httpsPort: 9443 }), false);
    assert.equal(sameTls(tls, { ...asked, httpsRedirect: false }), false);
    assert.equal(sameTls(tls, { ...asked, hstsMaxAge: 0 }), false);
  });

  it("adds the HTTPS listener, redirect and HSTS to the config only with HTTPS settings", () => {
    const settings: HaproxySettings = {
      host: "127.0.0.1",
      port: 8080,
      timeoutSeconds: 30,
      websocketIdleSeconds: 3600,
      threads: 1,
      dir: "/var/lib/fifteen/haproxy",
      accessLog: false,
      errorToken: "0123456789abcdef0123456789abcdef",
    };
    const plain = haproxyConfig(settings, []);
    assert.doesNotMatch(plain, /crt-list|strict-transport|redirect location/);
    const tls = haproxyConfig({ ...settings, tls: { port: 443, redirect: true, hstsMaxAge: 600 } }, []);
    assert.match(
      tls,
      /bind 127\.0\.0\.1:443 ssl crt-list \/var\/lib\/fifteen\/haproxy\/certs\.list strict-sni/,
    );
    assert.match(tls, /redirect location https:\/\/%\[var\(txn\.host\)\]%\[pathq\] code 301 /);
    assert.match(tls, /redirect location https:\/\/%\[var\(txn\.host\)\]%\[pathq\] code 308 /);
    assert.match(tls, /set-header strict-transport-security max-age=600 /);
    const quiet = haproxyConfig({ ...settings, tls: { port: 8443, redirect: false, hstsMaxAge: 0 } }, []);
    assert.match(quiet, /bind 127\.0\.0\.1:8443 ssl/);
    assert.doesNotMatch(quiet, /strict-transport|redirect location/);
  });
});
