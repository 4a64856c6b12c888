// Webhooks as a user sees them: a real receiver gets a signed `release` event for each deploy and checks it with
// the function docs/webhooks.md gives; a receiver that answers 500 twice gets the retry that succeeds (the
// delivery log shows 500, 500, 200); formation, crash and add-on events; a pending delivery survives a
// restart; internal URLs and unknown events are refused and change nothing.
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { request } from "undici";
import type { CreatedWebhook, Webhook, WebhookDelivery, WebhookPayload } from "../client/index.js";
import { commitAll, writeNodeApp } from "../testing/apps.js";
import {
  fifteen,
  filesContaining,
  startTestPlatform,
  userEnv,
  type TestPlatform,
} from "../testing/platform.js";

type Verify = (secret: string, header: unknown, rawBody: Buffer | string, nowSeconds?: number) => boolean;

const EGRESS = { FIFTEEN_EGRESS_ALLOW: "127.0.0.1" };

/** An app whose `/crash` makes its process exit 3. */
const server = (body: string) => `
require("http").createServer((req, res) => {
  if (req.url === "/crash") { res.end("bye"); setTimeout(() => process.exit(3), 50); return; }
  res.end(${JSON.stringify(body)});
}).listen(process.env.PORT);
`;

interface Hit {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  payload: WebhookPayload;
  answered: number;
  at: number;
}

/** A webhook receiver that records every request and answers what `answer` says (200 by default). */
async function startHookReceiver() {
  const hits: Hit[] = [];
  let answer: (payload: WebhookPayload, delivery: string) => number = () => 200;
  const http1 = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const payload = JSON.parse(body.toString("utf8")) as WebhookPayload;
      const answered = answer(payload, String(req.headers["fifteen-delivery"]));
      hits.push({ headers: req.headers, body, payload, answered, at: Date.now() });
      res.writeHead(answered).end();
    });
  });
  http1.listen(0, "127.0.0.1");
  await once(http1, "listening");
  return {
    hits,
    port: (http1.address() as AddressInfo).port,
    answerWith(fn: typeof answer) {
      answer = fn;
    },
    close: () => new Promise<void>((resolve) => http1.close(() => resolve())),
  };
}

/** The verification function exactly as docs/webhooks.md prints it, loaded as a module. */
async function documentedVerifier(dir: string): Promise<Verify> {
  const markdown = await readFile(new URL("../../docs/webhooks.md", import.meta.url), "utf8");
  const section = markdown.slice(markdown.indexOf("## Verifying signatures"));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code?.includes("export function verifyFifteenSignature"))
    assert.fail("docs/webhooks.md has no snippet");
  const file = join(dir, "verify.mjs");
  await writeFile(file, code);
  const module = (await import(pathToFileURL(file).href)) as { verifyFifteenSignature: Verify };
  return module.verifyFifteenSignature;
}

async function until<T>(what: string, check: () => T | undefined | false, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("webhooks", () => {
  let t: TestPlatform;
  let restarted: TestPlatform | undefined;
  let receiver: Awaited<ReturnType<typeof startHookReceiver>>;
  let verify: Verify;
  let scratch: string;
  let hook: CreatedWebhook;
  const app = "hooks";

  const ctx = () => ({ apiUrl: (restarted ?? t).apiUrl, home: t.home });
  const cli = (args: string[], cwd?: string) => fifteen(ctx(), [...args, "-a", app], cwd ? { cwd } : {});
  const json = async <T>(args: string[]): Promise<T> => {
    const result = await cli([...args, "--json"]);
    assert.equal(result.code, 0, `${args.join(" ")}: ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  };
  const deploy = async (body: string) => {
    const dir = join(t.home, app);
    await writeNodeApp(dir, { files: { "server.js": server(body) } });
    await commitAll(dir, userEnv(ctx()));
    const result = await cli(["deploy"], dir);
    assert.equal(result.code, 0, result.stderr);
  };
  const releaseHits = (version: number) =>
    receiver.hits.filter((h) => h.payload.event === "release" && h.payload.data.version === version);

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), "fifteen-webhooks-"));
    verify = await documentedVerifier(scratch);
    receiver = await startHookReceiver();
    t = await startTestPlatform(EGRESS);
    assert.equal((await fifteen(t, ["apps:create", app])).code, 0);
  });

  after(async () => {
    await restarted?.close();
    await t.close();
    await receiver.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it("refuses unknown events and internal URLs, and adds nothing", async () => {
    const url = `http://127.0.0.1:${receiver.port}/hook`;
    const unknown = await cli(["webhooks:add", url, "--events", "release,deploy"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Unknown webhook event "deploy"; the events are build, release, formation/);
    assert.match(unknown.stderr, /\[WEBHOOK_EVENTS_INVALID\]/);
    const none = await cli(["webhooks:add", url]);
    assert.match(none.stderr, /Name the events to send with --events.*\[WEBHOOK_EVENTS_INVALID\]/);

    // 127.0.0.1 is allowed for the test receiver; the rest of loopback and metadata addresses are not.
    const loopback = await cli([
      "webhooks:add",
      `http://127.0.0.2:${receiver.port}/hook`,
      "--events",
      "release",
    ]);
    assert.equal(loopback.code, 1);
    assert.match(loopback.stderr, /127\.0\.0\.2, a loopback address.*\[EGRESS_REFUSED\]/);
    const metadata = await cli(["webhooks:add", "http://169.254.169.254/latest", "--events", "release"]);
    assert.match(metadata.stderr, /a cloud metadata address.*\[EGRESS_REFUSED\]/);
    const scheme = await cli(["webhooks:add", "ftp://example.com/", "--events", "release"]);
    assert.match(scheme.stderr, /\[URL_INVALID\]/);
    const secret = await cli(["webhooks:add", url, "--events", "release", "--secret", "short"]);
    assert.match(secret.stderr, /\[WEBHOOK_SECRET_INVALID\]/);

    assert.deepEqual(await json<Webhook[]>(["webhooks"]), []);
  });

  it("adds a webhook, shows its secret once and keeps it sealed", async () => {
    const url = `http://127.0.0.1:${receiver.port}/hook?token=abc123`;
    hook = await json<CreatedWebhook>([
      "webhooks:add",
      url,
      "--events",
      "release,build,formation,crash,addon,release",
    ]);
    assert.match(hook.id, /^wh_[0-9a-f]{12}$/);
    assert.match(hook.secret, /^whsec_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(hook.events, ["build", "release", "formation", "crash", "addon"]);
    assert.equal(hook.url, `http://127.0.0.1:${receiver.port}/hook?token=***`);

    const listed = await cli(["webhooks", "--json"]);
    assert.ok(!listed.stdout.includes(hook.secret), "the secret is never listed");
    const [only, ...rest] = JSON.parse(listed.stdout) as Webhook[];
    assert.deepEqual(rest, []);
    assert.deepEqual(Object.keys(only ?? {}).sort(), ["createdAt", "createdBy", "events", "id", "url"]);
    assert.equal(
      (await cli(["webhooks:add", url, "--events", "build"])).stderr.includes("WEBHOOK_EXISTS"),
      true,
    );
    assert.deepEqual(await filesContaining(t.dataDir, hook.secret), [], "the secret is sealed at rest");
    assert.deepEqual(await filesContaining(t.dataDir, "abc123"), [], "the URL is sealed at rest");
  });

  it("sends a signed release event for a deploy, verified as the docs describe", async () => {
    await deploy("one");
    const hit = await until("the release v1 event", () => releaseHits(1)[0]);
    const { payload, headers, body } = hit;
    assert.equal(headers["fifteen-event"], "release");
    assert.equal(headers["content-type"], "application/json");
    assert.match(String(headers["fifteen-delivery"]), /^whd_[0-9a-f]{16}$/);
    assert.match(String(headers["fifteen-signature"]), /^t=\d+,v1=[0-9a-f]{64}$/);

    assert.equal(
      verify(hook.secret, headers["fifteen-signature"], body),
      true,
      "the documented check passes",
    );
    assert.equal(
      verify(hook.secret, headers["fifteen-signature"], Buffer.concat([body, Buffer.from(" ")])),
      false,
    );
    assert.equal(verify(`${hook.secret}x`, headers["fifteen-signature"], body), false);
    const t0 = Number(/t=(\d+)/.exec(String(headers["fifteen-signature"]))?.[1]);
    assert.ok(Math.abs(t0 - Date.now() / 1000) < 60, "t is the time of the attempt");
    assert.equal(verify(hook.secret, headers["fifteen-signature"], body, t0 + 301), false, "replay window");
    assert.equal(verify(hook.secret, headers["fifteen-signature"], body, t0 + 299), true);

    assert.deepEqual(Object.keys(payload), ["id", "event", "action", "app", "createdAt", "data"]);
    assert.match(payload.id, /^evt_[0-9a-f]{16}$/);
    assert.equal(payload.action, "succeeded");
    assert.equal(payload.app.name, app);
    assert.ok(payload.event === "release");
    assert.equal(payload.data.version, 1);
    assert.equal(payload.data.status, "succeeded");
    assert.match(payload.data.description, /^Deploy /);
    assert.ok(payload.data.buildId);

    const build = await until("the build event", () =>
      receiver.hits.find((h) => h.payload.event === "build" && h.payload.data.release === 1),
    );
    assert.equal(build.payload.action, "succeeded");
    assert.equal(verify(hook.secret, build.headers["fifteen-signature"], build.body), true);
  });

  it("retries a delivery the receiver answers 500, with backoff, until it succeeds", async () => {
    const seen = new Map<string, number>();
    receiver.answerWith((payload, delivery) => {
      if (payload.event !== "release" || payload.data.version !== 2) return 200;
      const count = (seen.get(delivery) ?? 0) + 1;
      seen.set(delivery, count);
      return count <= 2 ? 500 : 200;
    });
    await deploy("two");
    await until("the successful retry", () => releaseHits(2).find((h) => h.answered === 200));
    const hits = releaseHits(2);
    assert.deepEqual(
      hits.map((h) => h.answered),
      [500, 500, 200],
    );
    const ids = new Set(hits.map((h) => h.headers["fifteen-delivery"]));
    assert.equal(ids.size, 1, "one delivery, three attempts");
    assert.ok(
      hits.every((h) => h.body.equals(hits[0]?.body ?? Buffer.alloc(0))),
      "the same body each time",
    );
    assert.ok(hits.every((h) => verify(hook.secret, h.headers["fifteen-signature"], h.body)));
    const [a, b, c] = hits.map((h) => h.at) as [number, number, number];
    assert.ok(b - a >= 900, `waited ${b - a} ms after the first failure (1 s)`);
    assert.ok(c - b >= 1900, `waited ${c - b} ms after the second failure (2 s)`);

    const deliveries = await json<WebhookDelivery[]>(["webhooks:deliveries", hook.id]);
    const logged = deliveries.find((d) => d.id === [...ids][0]);
    assert.ok(logged, "the delivery is in the log");
    assert.equal(logged.status, "delivered");
    assert.equal(logged.event, "release");
    assert.deepEqual(
      logged.attempts.map((x) => x.statusCode),
      [500, 500, 200],
    );
    assert.deepEqual(
      logged.attempts.map((x) => x.error),
      ["HTTP 500", "HTTP 500", null],
    );
    const table = await cli(["webhooks:deliveries", hook.id]);
    assert.match(table.stdout, /release\.succeeded\s+delivered\s+500, 500, 200/);

    // One release event per deploy, each delivered once.
    const releases = receiver.hits.filter((h) => h.payload.event === "release");
    assert.equal(new Set(releases.map((h) => h.payload.id)).size, 2);
  });

  it("sends formation, crash and add-on events", async () => {
    receiver.answerWith(() => 200);
    assert.equal((await cli(["ps:scale", "web=2"])).code, 0);
    const formation = await until("the formation event", () =>
      receiver.hits.find((h) => h.payload.event === "formation"),
    );
    assert.equal(formation.payload.action, "updated");
    assert.deepEqual(formation.payload.data, { changes: { web: 2 } });

    const routed = await request(`${t.platform.routerUrl}/crash`, { headers: { host: `${app}.localhost` } });
    await routed.body.text();
    const crash = await until("the crash event", () =>
      receiver.hits.find((h) => h.payload.event === "crash"),
    );
    assert.ok(crash.payload.event === "crash");
    assert.equal(crash.payload.action, "crashed");
    assert.match(crash.payload.data.process, /^web\.[12]$/);
    assert.equal(crash.payload.data.exit, "exit 3");
    assert.equal(crash.payload.data.release, 2);

    const created = await cli([
      "addons:create",
      "url",
      "--url",
      "https://example.com/api",
      "--as",
      "PARTNER",
    ]);
    assert.equal(created.code, 0, created.stderr);
    const addon = await until("the add-on event", () =>
      receiver.hits.find((h) => h.payload.event === "addon"),
    );
    assert.ok(addon.payload.event === "addon");
    assert.equal(addon.payload.action, "created");
    assert.equal(addon.payload.data.kind, "url");
    assert.equal(addon.payload.data.alias, "PARTNER");
    assert.ok(!addon.body.toString().includes("example.com"), "no credentials or config values");
  });

  it("keeps a pending delivery across a restart and makes it then", async () => {
    receiver.answerWith((payload) => (payload.event === "formation" ? 503 : 200));
    assert.equal((await cli(["ps:scale", "web=1"])).code, 0);
    const first = await until("the first attempt", () =>
      receiver.hits.find((h) => h.payload.event === "formation" && h.answered === 503),
    );
    const delivery = String(first.headers["fifteen-delivery"]);
    await t.platform.close();
    receiver.answerWith(() => 200);
    restarted = await startTestPlatform({ ...EGRESS, FIFTEEN_DATA_DIR: t.dataDir });
    assert.equal(dirname(restarted.dataDir) !== dirname(t.dataDir), true);
    await until("the delivery after the restart", () =>
      receiver.hits.find((h) => h.headers["fifteen-delivery"] === delivery && h.answered === 200),
    );
    const logged = (await json<WebhookDelivery[]>(["webhooks:deliveries", hook.id])).find(
      (d) => d.id === delivery,
    );
    assert.equal(logged?.status, "delivered");
    const codes = logged?.attempts.map((x) => x.statusCode) ?? [];
    assert.equal(codes.at(-1), 200);
    assert.ok(
      codes.slice(0, -1).length >= 1 && codes.slice(0, -1).every((code) => code === 503),
      String(codes),
    );
  });

  it("removes a webhook and its log", async () => {
    const removed = await cli(["webhooks:remove", hook.id]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual(await json<Webhook[]>(["webhooks"]), []);
    const again = await cli(["webhooks:remove", hook.id]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /has no webhook wh_.*\[WEBHOOK_NOT_FOUND\]/);
    assert.match((await cli(["webhooks:deliveries", hook.id])).stderr, /\[WEBHOOK_NOT_FOUND\]/);
  });
});
