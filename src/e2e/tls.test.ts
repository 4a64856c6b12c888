// TLS as a user meets it: certs:add for a custom domain, HTTPS through the router by SNI, redirect and HSTS,
// refused certificates that store nothing, removal that ends the handshake, and the API (CLI, git push) over HTTPS.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { commitAll, writeNodeApp } from "../testing/apps.js";
import { issue, selfSigned, type PemFiles } from "../testing/certs.js";
import {
  ADMIN_TOKEN,
  fifteen,
  filesContaining,
  run,
  startTestPlatform,
  userEnv,
  type CliResult,
  type TestPlatform,
} from "../testing/platform.js";

const HOST = "shop.example.test";
// Answers with what a TLS-aware app looks at: the scheme and port the client used.
const SERVER = `require("http").createServer((q, s) => s.end(\`shop \${q.headers["x-forwarded-proto"]} \${q.headers["x-forwarded-port"]}\`)).listen(process.env.PORT);\n`;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function collect(res: http.IncomingMessage, resolve: (a: Answer) => void): void {
  let body = "";
  res.setEncoding("utf8");
  res.on("data", (chunk: string) => (body += chunk));
  res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
}

describe("TLS: certificates, HTTPS through the router, the API over HTTPS", () => {
  let t: TestPlatform;
  let dir: string;
  let ca: PemFiles;
  let api: PemFiles;
  let shop: PemFiles;
  let cli: (args: string[]) => Promise<CliResult>;
  let httpsPort = 0;
  let httpPort = 0;

  const get = (servername: string, path = "/"): Promise<Answer> =>
    new Promise((resolve, reject) => {
      https
        .get(
          {
            host: "127.0.0.1",
            port: httpsPort,
            path,
            servername,
            ca: ca.cert,
            headers: { host: servername },
            agent: false,
          },
          (res) => collect(res, resolve),
        )
        .on("error", reject);
    });
  const plain = (host: string, method = "GET", path = "/"): Promise<Answer> =>
    new Promise((resolve, reject) => {
      http
        .request(
          { host: "127.0.0.1", port: httpPort, method, path, headers: { host }, agent: false },
          (res) => collect(res, resolve),
        )
        .on("error", reject)
        .end();
    });
  /** Certificates reach the router over IPC a moment after the API answered. */
  const eventually = async (check: () => Promise<boolean>) => {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const handshakeFails = (servername: string) =>
    get(servername).then(
      () => false,
      (err: NodeJS.ErrnoException) =>
        /handshake failure|alert/i.test(err.message) || err.code === "ECONNRESET",
    );
  const certs = async () => JSON.parse((await cli(["certs", "--json", "-a", "shop"])).stdout) as unknown[];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "fifteen-tls-"));
    ca = await selfSigned(dir, "test-ca", ["DNS:test-ca"]);
    api = await selfSigned(dir, "api", ["IP:127.0.0.1", "DNS:localhost"]);
    shop = await issue(ca, dir, "shop", [`DNS:${HOST}`]);
    t = await startTestPlatform({
      FIFTEEN_ROUTER_HTTPS_PORT: "0",
      FIFTEEN_ROUTER_HTTPS_REDIRECT: "true",
      FIFTEEN_ROUTER_HSTS_MAX_AGE: "600",
      FIFTEEN_API_TLS_CERT: api.certFile,
      FIFTEEN_API_TLS_KEY: api.keyFile,
    });
    httpsPort = Number(new URL(t.platform.routerHttpsUrl ?? "").port);
    httpPort = Number(new URL(t.platform.routerUrl).port);
    cli = (args) => fifteen(t, args, { env: { NODE_EXTRA_CA_CERTS: api.certFile } });
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves the API over HTTPS: the CLI works when it trusts the certificate, and refuses it otherwise", async () => {
    assert.match(t.apiUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
    const created = await cli(["apps:create", "shop"]);
    assert.equal(created.code, 0, created.stderr);
    const apps = await cli(["apps", "--json"]);
    assert.equal(apps.code, 0, apps.stderr);
    assert.deepEqual(
      (JSON.parse(apps.stdout) as Array<{ name: string }>).map((a) => a.name),
      ["shop"],
    );
    const untrusted = await fifteen(t, ["apps"]);
    assert.notEqual(untrusted.code, 0);
    assert.match(untrusted.stderr, /certificate/i);
  });

  it("deploys with git push over HTTPS (the pre-receive hook calls the API over HTTPS too)", async () => {
    const appDir = join(t.home, "shop");
    await writeNodeApp(appDir, { files: { "server.js": SERVER } });
    const env = userEnv(t, { GIT_SSL_CAINFO: api.certFile });
    await commitAll(appDir, env);
    const url = `${t.apiUrl.replace("https://", `https://x:${ADMIN_TOKEN}@`)}/shop.git`;
    const push = await run("git", ["push", url, "main"], { cwd: appDir, env });
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /remote: -----> shop deployed: v1/);
    assert.equal((await cli(["domains:add", HOST, "-a", "shop"])).code, 0);
  });

  it("refuses a certificate that does not fit, with a clear error, and stores nothing", async () => {
    const other = await issue(ca, dir, "other", ["DNS:other.example.test"]);
    const expired = await issue(ca, dir, "expired", [`DNS:${HOST}`], -1);
    const cases: Array<[string[], RegExp]> = [
      [["--cert", shop.certFile, "--key", other.keyFile], /CERT_KEY_MISMATCH/],
      [
        ["--cert", other.certFile, "--key", other.keyFile],
        /does not cover shop\.example\.test.*CERT_HOST_MISMATCH/,
      ],
      [["--cert", expired.certFile, "--key", expired.keyFile], /expired.*CERT_EXPIRED/],
      [["--cert", shop.keyFile, "--key", shop.keyFile], /CERT_INVALID/],
    ];
    for (const [files, error] of cases) {
      const add = await cli(["certs:add", HOST, ...files, "-a", "shop"]);
      assert.equal(add.code, 1, add.stdout);
      assert.match(add.stderr, error);
    }
    const notOurs = await cli([
      "certs:add",
      "www.example.test",
      "--cert",
      shop.certFile,
      "--key",
      shop.keyFile,
      "-a",
      "shop",
    ]);
    assert.match(notOurs.stderr, /not a host name of app "shop".*DOMAIN_NOT_FOUND/);
    const missing = await cli([
      "certs:add",
      HOST,
      "--cert",
      join(dir, "nope.pem"),
      "--key",
      shop.keyFile,
      "-a",
      "shop",
    ]);
    assert.match(missing.stderr, /--cert .*nope\.pem: cannot read the file \(ENOENT\)/);
    assert.deepEqual(await certs(), []);
  });

  it("serves HTTPS for the domain once its certificate is added: the app sees X-Forwarded-Proto https", async () => {
    const add = await cli(["certs:add", HOST, "--cert", shop.certFile, "--key", shop.keyFile, "-a", "shop"]);
    assert.equal(add.code, 0, add.stderr);
    assert.doesNotMatch(add.stdout + add.stderr, /PRIVATE KEY/);
    await eventually(async () => !(await handshakeFails(HOST)));
    const res = await get(HOST, "/orders");
    assert.equal(res.status, 200);
    assert.equal(res.body, `shop https ${httpsPort}`);
    assert.equal(res.headers["strict-transport-security"], "max-age=600");

    const list = await cli(["certs", "--json", "-a", "shop"]);
    const [cert] = JSON.parse(list.stdout) as Array<Record<string, unknown>>;
    assert.equal(cert?.hostname, HOST);
    assert.deepEqual(cert?.altNames, [`DNS:${HOST}`]);
    assert.match(String(cert?.issuer), /CN=test-ca/);
    assert.match(String(cert?.fingerprint), /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const table = await cli(["certs", "-a", "shop"]);
    assert.match(table.stdout, /^HOST\s+NAMES\s+ISSUER\s+EXPIRES\s+FINGERPRINT\n/);
    assert.match(table.stdout, new RegExp(`${HOST}\\s+DNS:${HOST}\\s+CN=test-ca`));
    const info = await cli(["certs:info", HOST, "-a", "shop"]);
    assert.match(info.stdout, /Fingerprint:\s+[0-9A-F:]{95}/);
    assert.doesNotMatch(list.stdout + info.stdout, /PRIVATE KEY/);
    // The key is sealed at rest: no line of it is anywhere under the data dir.
    const keyLine = shop.key.split("\n")[1] ?? "";
    assert.deepEqual(await filesContaining(t.dataDir, keyLine), []);
  });

  it("redirects plain HTTP to HTTPS for hosts with a certificate only (301 for GET, 308 otherwise)", async () => {
    const getRes = await plain(HOST, "GET", "/cart?x=1");
    assert.equal(getRes.status, 301);
    assert.equal(getRes.headers.location, `https://${HOST}:${httpsPort}/cart?x=1`);
    assert.equal((await plain(HOST, "POST", "/cart")).status, 308);
    const builtIn = await plain("shop.localhost");
    assert.equal(builtIn.status, 200);
    assert.equal(builtIn.body, `shop http ${httpPort}`);
    assert.equal(builtIn.headers["strict-transport-security"], undefined);
  });

  it("fails the handshake for a name without a certificate", async () => {
    assert.equal(await handshakeFails("unknown.example.test"), true);
  });

  it("certs:remove ends HTTPS for the host at once, without a restart; removing a domain removes its cert", async () => {
    const removed = await cli(["certs:remove", HOST, "-a", "shop"]);
    assert.equal(removed.code, 0, removed.stderr);
    await eventually(() => handshakeFails(HOST));
    assert.equal((await plain(HOST)).status, 200);
    assert.match((await cli(["certs:info", HOST, "-a", "shop"])).stderr, /CERT_NOT_FOUND/);

    // A wildcard covers the domain too.
    const wildcard = await issue(ca, dir, "wildcard", ["DNS:*.example.test"]);
    const add = await cli([
      "certs:add",
      HOST,
      "--cert",
      wildcard.certFile,
      "--key",
      wildcard.keyFile,
      "-a",
      "shop",
    ]);
    assert.equal(add.code, 0, add.stderr);
    await eventually(async () => !(await handshakeFails(HOST)));
    assert.equal((await cli(["domains:remove", HOST, "-a", "shop"])).code, 0);
    assert.deepEqual(await certs(), []);
    await eventually(() => handshakeFails(HOST));
  });
});
