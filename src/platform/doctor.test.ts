// The doctor's TLS check: certificates that expire soon are a WARN with the way to renew them.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadPlatformConfig } from "../config/index.js";
import { doctorChecks, type DoctorFacts } from "./doctor.js";

const DAY = 86_400_000;
const now = Date.parse("2026-12-01T00:00:00Z");

function facts(
  certificates: Array<{ hostname: string; expiresAt: string }>,
  router: Partial<DoctorFacts["router"]> = {},
): DoctorFacts {
  return {
    config: loadPlatformConfig({ FIFTEEN_DATA_DIR: "/tmp/fifteen-doctor-unit" }, "/tmp"),
    sandbox: "none",
    appUids: { on: false, detail: "the platform does not run as root" },
    disks: false,
    limits: { kind: "watchdog", detail: "watchdog: test" },
    store: { kind: "sqlite", ping: async () => undefined },
    router: {
      running: true,
      port: 8080,
      httpsPort: 8443,
      kind: "haproxy",
      why: "HAProxy 2.6.12 (/usr/sbin/haproxy)",
      lastCrash: undefined,
      ...router,
    },
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

describe("doctor: router", () => {
  test("names the data plane, why it runs and where it listens", async () => {
    const router = (await doctorChecks(facts([]))).find((c) => c.name === "router");
    assert.equal(router?.ok, true);
    assert.equal(router?.detail, "HAProxy (HAProxy 2.6.12 (/usr/sbin/haproxy)) listening on 127.0.0.1:8080");
    assert.equal(router?.advice, undefined);
  });

  test("on the Node router because HAProxy is missing, says how to get the fast plane", async () => {
    const why = "FIFTEEN_DATA_PLANE=auto and HAProxy is not installed";
    const router = (await doctorChecks(facts([], { kind: "node", why }))).find((c) => c.name === "router");
    assert.equal(router?.ok, true);
    assert.match(
      router?.detail ?? "",
      /^the Node router \(FIFTEEN_DATA_PLANE=auto and HAProxy is not installed\) listening/,
    );
    assert.match(router?.advice ?? "", /apt-get install haproxy/);
  });

  test("a crash this run is named, and a plane that is down fails the check", async () => {
    const at = new Date(now);
    const back = (await doctorChecks(facts([], { lastCrash: { pid: 7, at, restartedMs: 120 } }))).find(
      (c) => c.name === "router",
    );
    assert.match(back?.detail ?? "", /; last crash 2026-12-01T00:00:00.000Z, back after 120 ms$/);
    const down = (await doctorChecks(facts([], { running: false, lastCrash: { pid: 7, at } }))).find(
      (c) => c.name === "router",
    );
    assert.equal(down?.ok, false);
    assert.match(down?.detail ?? "", /not running; last crash/);
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
