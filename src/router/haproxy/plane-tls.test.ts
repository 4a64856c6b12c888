// The HAProxy plane's HTTPS beyond the data-plane contract, against the real haproxy binary: the certificate
// files it keeps (0600, a crt-list, the TLS hosts map), a certificate it cannot load, and the same set and port
// served after an adoption and after a restart (the contract runs one plane, started once).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import { loadRouterConfig } from "../../config/index.js";
import type { HostCertificate, RouteTable } from "../../shared/route-table.js";
import { selfSigned } from "../../testing/certs.js";
import { Backend } from "../../testing/data-plane/backends.js";
import { handshake, request, waitFor } from "../../testing/data-plane/clients.js";
import { keysDir } from "./config.js";
import { HaproxyPlane } from "./plane.js";
import { alive } from "./process.js";

const SKIP = spawnSync("haproxy", ["-v"]).error !== undefined && "haproxy is not on PATH";

describe("HAProxy plane: HTTPS files, adoption and restart", { skip: SKIP, timeout: 40_000 }, () => {
  const app = new Backend("a");
  let dataDir = "";
  let cert: HostCertificate;
  let table: RouteTable;
  const planes: HaproxyPlane[] = [];
  const config = loadRouterConfig({
    FIFTEEN_ROUTER_HOST: "127.0.0.1",
    FIFTEEN_ROUTER_PORT: "0",
    FIFTEEN_ROUTER_HTTPS_PORT: "0",
    FIFTEEN_ROUTER_HTTPS_REDIRECT: "true",
  });
  const plane = () => {
    const made = new HaproxyPlane({ config, dataDir, log: pino({ level: "silent" }) });
    planes.push(made);
    return made;
  };
  const served = (p: HaproxyPlane) => handshake(p.httpsPort ?? 0, "w.localhost", cert.cert);

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "fifteen-hx-tls-"));
    await app.listen();
    const pem = await selfSigned(dataDir, "w", ["DNS:w.localhost"]);
    cert = { hostname: "w.localhost", appId: "app-w", cert: pem.cert, key: pem.key };
    const backends = [{ id: "w-1", process: "web.1", port: app.port }];
    table = { version: 0, hosts: { "w.localhost": { appId: "app-w", app: "w", status: "ok", backends } } };
  });
  after(async () => {
    for (const p of planes) await p.stop().catch(() => undefined);
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("keeps each certificate in a 0600 file, listed with its host; one it cannot load is left out", async () => {
    const first = plane();
    await first.init();
    first.publish(table);
    // Refused before HAProxy sees it (no key), and by HAProxy itself (a chain that is not a certificate).
    const garbage = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    first.publishCerts([
      cert,
      { ...cert, hostname: "x.localhost", key: "no key" },
      { ...cert, hostname: "y.localhost", cert: `${cert.cert}${garbage}` },
    ]);
    await first.settled();
    const pid = first.pid;
    assert.equal(await served(first), true);
    assert.equal(await handshake(first.httpsPort ?? 0, "x.localhost", cert.cert), false);
    assert.equal(await handshake(first.httpsPort ?? 0, "y.localhost", cert.cert), false);
    assert.equal(first.pid, pid, "no reload");
    const dir = join(dataDir, "haproxy");
    // The keys are in RAM, never in the data dir.
    const keys = keysDir(dir);
    assert.match(keys, /^\/dev\/shm\/fifteen-haproxy-[0-9a-f]{16}$/);
    assert.deepEqual(await readdir(keys), ["w.localhost.pem"]);
    assert.equal((await stat(join(keys, "w.localhost.pem"))).mode & 0o777, 0o600);
    const list = await readFile(join(dir, "certs.list"), "utf8");
    assert.equal(list, `${join(keys, "w.localhost.pem")} w.localhost\n`);
    assert.equal(await readFile(join(dir, "tls-hosts.map"), "utf8"), "w.localhost yes\n");
    const res = await request(first.port, { host: "w.localhost", path: "/p" });
    assert.equal(res.headers.location, `https://w.localhost:${first.httpsPort}/p`);
    await first.handOff();
  });

  it("an adopting plane serves the same certificates on the same port before any is published", async () => {
    const before = planes[0];
    const adopter = plane();
    await adopter.init();
    assert.equal(adopter.pid, before?.pid, "adopted, not replaced");
    assert.equal(adopter.httpsPort, before?.httpsPort);
    assert.equal(await served(adopter), true);
  });

  it("a restarted HAProxy keeps the HTTPS port and the certificates", async () => {
    const current = planes[1] as HaproxyPlane;
    const { pid, httpsPort } = current;
    process.kill(pid ?? 0, "SIGKILL");
    await waitFor("a new HAProxy", async () => current.pid !== undefined && current.pid !== pid);
    await waitFor("its HTTPS listener", () => served(current));
    assert.equal(current.httpsPort, httpsPort);
    assert.ok(current.pid !== undefined && alive(current.pid));
    current.publishCerts([]);
    await current.settled();
    assert.equal(await served(current), false);
    assert.deepEqual(await readdir(keysDir(join(dataDir, "haproxy"))), [], "no key left behind");
  });
});
