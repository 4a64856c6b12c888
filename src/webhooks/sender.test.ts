// One webhook attempt against a real receiver: answers, redirects not followed, timeouts, and the egress guard
// applied when connecting (not only when the webhook was added).
import assert from "node:assert/strict";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { EgressGuard } from "../net/egress.js";
import { WebhookSender } from "./sender.js";

describe("WebhookSender", () => {
  const requests: Array<{ url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      requests.push({ url: req.url ?? "", headers: req.headers, body });
      if (req.url === "/moved") res.writeHead(302, { location: "/elsewhere" }).end();
      else if (req.url === "/slow") setTimeout(() => res.writeHead(200).end(), 2000);
      else res.writeHead(req.url === "/fail" ? 503 : 204).end();
    });
  });
  let base = "";
  const allowed = new EgressGuard(["127.0.0.1"]);
  const senders: WebhookSender[] = [];
  const sender = (guard: EgressGuard, timeoutMs = 5000) => {
    const made = new WebhookSender(guard, { timeoutMs });
    senders.push(made);
    return made;
  };

  before(async () => {
    receiver.listen(0, "127.0.0.1");
    await once(receiver, "listening");
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  after(() => {
    for (const made of senders) made.close();
    receiver.closeAllConnections();
    receiver.close();
  });

  it("POSTs the body with the headers and reports a 2xx as delivered", async () => {
    requests.length = 0;
    const result = await sender(allowed).post(
      new URL(`${base}/hook?x=1`),
      { "fifteen-event": "release" },
      "{}",
    );
    assert.equal(result.statusCode, 204);
    assert.equal(result.error, null);
    assert.ok(result.durationMs >= 0);
    assert.equal(requests[0]?.url, "/hook?x=1");
    assert.equal(requests[0]?.headers["fifteen-event"], "release");
    assert.equal(requests[0]?.body, "{}");
  });

  it("reports other statuses as failures and does not follow redirects", async () => {
    requests.length = 0;
    const failed = await sender(allowed).post(new URL(`${base}/fail`), {}, "{}");
    assert.deepEqual([failed.statusCode, failed.error], [503, "HTTP 503"]);
    const moved = await sender(allowed).post(new URL(`${base}/moved`), {}, "{}");
    assert.deepEqual([moved.statusCode, moved.error], [302, "HTTP 302"]);
    assert.deepEqual(
      requests.map((r) => r.url),
      ["/fail", "/moved"],
    );
  });

  it("gives up on a receiver slower than the timeout", async () => {
    const result = await sender(allowed, 300).post(new URL(`${base}/slow`), {}, "{}");
    assert.equal(result.statusCode, null);
    assert.equal(result.error, "timeout after 300 ms");
  });

  it("checks the address again when connecting, and sends nothing to a refused one", async () => {
    requests.length = 0;
    const result = await sender(new EgressGuard([])).post(new URL(`${base}/hook`), {}, "{}");
    assert.equal(result.statusCode, null);
    assert.match(result.error ?? "", /^EGRESS_REFUSED: .*127\.0\.0\.1, a loopback address/);
    assert.deepEqual(requests, []);
  });

  it("sends URL credentials as Basic auth and keeps them out of errors", async () => {
    requests.length = 0;
    const ok = await sender(allowed).post(new URL(`http://hook:s3cret@${base.slice(7)}/hook`), {}, "{}");
    assert.equal(ok.statusCode, 204);
    assert.equal(
      requests[0]?.headers.authorization,
      `Basic ${Buffer.from("hook:s3cret").toString("base64")}`,
    );
    const refused = await sender(new EgressGuard([])).post(
      new URL(`http://hook:s3cret@${base.slice(7)}/hook`),
      {},
      "{}",
    );
    assert.ok(!(refused.error ?? "").includes("s3cret"));
  });
});
