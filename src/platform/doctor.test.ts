// The doctor's TLS check: certificates that expire soon are a WARN with the way to renew them.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadPlatformConfig } from "../config/index.js";
import { doctorChecks, type DoctorFacts } from "./doctor.js";

const DAY = 86_400_000;
const now = Date.parse("2026-12-01T00:00:00Z");

function facts(certificates: Array<{ hostname: string; expiresAt: string }>): DoctorFacts {
  return {
    config: loadPlatformConfig({ FIFTEEN_DATA_DIR: "/tmp/fifteen-doctor-unit" }, "/tmp"),
    sandbox: "none",
    appUids: { on: false, detail: "the platform does not run as root" },
    disks: false,
    limits: { kind: "watchdog", detail: "watchdog: test" },
    store: { kind: "sqlite", ping: async () => undefined },
    router: { running: true, port: 8080, httpsPort: 8443 },
    certificates: async () => certificates,
    now,
  };
}

describe("doctor: isolation", () => {
  test("without bubblewrap, says what is lost and how to install it", async () => {
    const isolation = (await doctorChecks(facts([]))).find((c) => c.name === "isolation");
    assert.equal(isolation?.ok, false);
    assert.match(isolation?.detail ?? "", /bubblewrap is not installed.*share the host's \/tmp/);
    assert.match(isolation?.advice ?? "", /apt-get install bubblewrap/);
  });
});

describe("doctor: tls", () => {
  test("is ok while every certificate has more than 14 days left", async () => {
    const checks = await doctorChecks(
      facts([{ hostname: "shop.example.com", expiresAt: new Date(now + 30 * DAY).toISOString() }]),
    );
    const tls = checks.find((c) => c.name === "tls");
    assert.equal(tls?.ok, true);
    assert.match(
      tls?.detail ?? "",
      /^router HTTPS on port 8443 with 1 certificate\(s\); the API serves plain HTTP$/,
    );
  });

  test("warns about a certificate that expires within 14 days, or has expired, and says how to renew", async () => {
    const checks = await doctorChecks(
      facts([
        { hostname: "ok.example.com", expiresAt: new Date(now + 60 * DAY).toISOString() },
        { hostname: "soon.example.com", expiresAt: new Date(now + 3 * DAY).toISOString() },
        { hostname: "gone.example.com", expiresAt: new Date(now - DAY).toISOString() },
      ]),
    );
    const tls = checks.find((c) => c.name === "tls");
    assert.equal(tls?.ok, false);
    assert.match(
      tls?.detail ?? "",
      /^soon\.example\.com expires 2026-12-04, gone\.example\.com expires 2026-11-30; /,
    );
    assert.match(tls?.advice ?? "", /certs:add HOST --cert F --key F/);
  });
});
