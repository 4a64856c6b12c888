// Users and per-app roles, as people use them: an admin creates users, they log in with a password, an app's
// creator owns it, roles decide what each member may do, and someone without a role sees the app as missing on
// every verb (API, logs, run, config, git push).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { request } from "undici";
import { commitAll, writeNodeApp } from "../testing/apps.js";
import {
  CLI,
  fifteen,
  run,
  startTestPlatform,
  userEnv,
  type CliResult,
  type TestPlatform,
} from "../testing/platform.js";

/** The CLI with text on stdin (what a person types at the prompts, or a script pipes). */
function fifteenWithInput(
  t: TestPlatform,
  args: string[],
  input: string,
  env: Record<string, string>,
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: t.home, env: userEnv(t, env) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function api(t: TestPlatform, method: string, path: string, token: string, body?: unknown) {
  const res = await request(`${t.apiUrl}${path}`, {
    method: method as "GET",
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe("users and app roles", () => {
  let t: TestPlatform;
  const passwords: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ env: { FIFTEEN_TOKEN: tokens[who] ?? "" } });

  before(async () => {
    t = await startTestPlatform();
  });
  after(() => t.close());

  it("lets a platform admin create users, with a generated password shown once and only a hash kept", async () => {
    for (const who of ["ann", "bob"]) {
      const created = await fifteen(t, ["users:create", `${who}@example.com`]);
      assert.equal(created.code, 0, created.stderr);
      passwords[who] = created.stdout.trim();
      assert.ok((passwords[who] ?? "").length >= 20, "a strong generated password on stdout");
    }
    const again = await fifteen(t, ["users:create", "ANN@example.com"]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
    const bad = await fifteen(t, ["users:create", "not-an-email"]);
    assert.match(bad.stderr, /not an email address/);
    const list = await fifteen(t, ["users", "--json"]);
    assert.deepEqual(
      (JSON.parse(list.stdout) as Array<{ email: string }>).map((u) => u.email),
      ["ann@example.com", "bob@example.com"],
    );
    const db = new Database(join(t.dataDir, "fifteen.db"), { readonly: true });
    const hashes = db.prepare("SELECT password_hash FROM users").all() as Array<{ password_hash: string }>;
    db.close();
    for (const { password_hash } of hashes) assert.match(password_hash, /^scrypt\$32768\$8\$1\$/);
    assert.ok(!hashes.some((h) => h.password_hash.includes(passwords.ann ?? "?")));
  });

  it("logs users in with email and password from the prompts, and saves their token", async () => {
    for (const who of ["ann", "bob"]) {
      const login = await fifteenWithInput(t, ["login"], `${who}@example.com\n${passwords[who]}\n`, {
        FIFTEEN_TOKEN: "",
      });
      assert.equal(login.code, 0, login.stderr);
      assert.match(login.stderr, new RegExp(`as ${who}@example.com`));
      const me = await fifteen(t, ["auth:whoami", "--json"], { env: { FIFTEEN_TOKEN: "" } });
      const whoami = JSON.parse(me.stdout) as { user: string; platformAdmin: boolean };
      assert.equal(whoami.user, `${who}@example.com`);
      assert.equal(whoami.platformAdmin, false);
      const saved = await run("cat", [join(t.home, ".config", "fifteen", "credentials.json")], {
        env: userEnv(t),
      });
      tokens[who] = (JSON.parse(saved.stdout) as { token: string }).token;
      assert.match(tokens[who] ?? "", /^fft_/);
    }
    const none = await fifteenWithInput(t, ["login", "--email", "ann@example.com"], "", {
      FIFTEEN_TOKEN: "",
    });
    assert.equal(none.code, 1, "no password on stdin");
    assert.match(none.stderr, /No password given/);
  });

  it("rate-limits failed logins, even when the right password follows", async () => {
    const attempt = (password: string) =>
      request(`${t.apiUrl}/v1/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "bob@example.com", password }),
      });
    for (let i = 0; i < 5; i++) {
      const res = await attempt("wrong password!");
      assert.equal(res.statusCode, 401);
      assert.equal(((await res.body.json()) as { code: string }).code, "LOGIN_FAILED");
    }
    const limited = await attempt(passwords.bob ?? "");
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers["retry-after"]) > 0, "says when to retry");
    assert.equal(((await limited.body.json()) as { code: string }).code, "LOGIN_RATE_LIMITED");
    const unknown = await attempt("whatever it is");
    await unknown.body.dump();
    assert.equal(unknown.statusCode, 429);
    // Guesses sent all at once are counted before any password is checked: at most 5 get an answer.
    const parallel = await Promise.all(
      Array.from({ length: 30 }, () =>
        request(`${t.apiUrl}/v1/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: "nobody@example.com", password: "guess guess guess" }),
        }).then(async (res) => (await res.body.dump(), res.statusCode)),
      ),
    );
    assert.ok(parallel.filter((s) => s === 401).length <= 5, JSON.stringify(parallel));
    assert.equal(parallel.filter((s) => s !== 401 && s !== 429).length, 0);
  });

  it("makes the creator of an app its owner; another user gets 404 for it on every verb", async () => {
    assert.equal((await fifteen(t, ["apps:create", "ann-shop"], as("ann"))).code, 0);
    const access = await fifteen(t, ["access", "-a", "ann-shop", "--json"], as("ann"));
    assert.deepEqual(JSON.parse(access.stdout), [
      {
        email: "ann@example.com",
        role: "owner",
        since: (JSON.parse(access.stdout) as [{ since: string }])[0].since,
      },
    ]);
    const dir = join(t.home, "ann-shop");
    await writeNodeApp(dir, { body: "ann's shop" });
    const deploy = await fifteen(t, ["deploy", dir, "-a", "ann-shop"], as("ann"));
    assert.equal(deploy.code, 0, deploy.stderr);

    const apps = await fifteen(t, ["apps", "--json"], as("bob"));
    assert.deepEqual(JSON.parse(apps.stdout), [], "bob sees no apps");
    for (const args of [
      ["apps:info"],
      ["config"],
      ["config:set", "X=1"],
      ["logs", "-n", "5"],
      ["releases"],
      ["ps"],
      ["ps:scale", "web=2"],
      ["run", "--", "true"],
      ["run", "--detached", "--", "true"],
      ["domains:add", "bob.example.com"],
      ["access"],
      ["access:add", "bob@example.com", "--role", "owner"],
      ["apps:destroy", "--confirm", "ann-shop"],
    ]) {
      const [command = "", ...rest] = args;
      const result = await fifteen(t, [command, "-a", "ann-shop", ...rest], as("bob"));
      assert.notEqual(result.code, 0, args.join(" "));
      assert.match(result.stderr, /No app named "ann-shop"/, `${args.join(" ")}: ${result.stderr}`);
      assert.doesNotMatch(result.stderr, /permission|FORBIDDEN/i, args.join(" "));
    }
    // git push with bob's token as the password
    await commitAll(dir, userEnv(t));
    const url = `${t.apiUrl.replace("http://", `http://bob:${tokens.bob}@`)}/ann-shop.git`;
    const push = await run("git", ["push", url, "main"], { cwd: dir, env: userEnv(t) });
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /not found/i, push.stderr);
    const releases = await fifteen(t, ["releases", "-a", "ann-shop", "--json"], as("ann"));
    assert.equal((JSON.parse(releases.stdout) as unknown[]).length, 1, "nothing bob did made a release");
    const config = await fifteen(t, ["config", "-a", "ann-shop", "--json"], as("ann"));
    assert.equal((JSON.parse(config.stdout) as { X?: string }).X, undefined);
    // Each refusal is in the audit log as bob's denied attempt, reads included.
    const audit = await fifteen(t, ["audit", "-n", "200", "--json"]);
    const denied = (
      JSON.parse(audit.stdout) as Array<{ actor: string; action: string; status: number; outcome: string }>
    ).filter((e) => e.actor === "bob@example.com" && e.outcome === "denied");
    for (const action of [
      "GET /v1/apps/:app/config-vars",
      "PATCH /v1/apps/:app/config-vars",
      "GET /v1/apps/:app/logs",
      "DELETE /v1/apps/:app",
    ]) {
      assert.ok(
        denied.some((e) => e.action === action && e.status === 404),
        `${action} recorded as denied: ${JSON.stringify(denied.map((e) => e.action))}`,
      );
    }
  });

  it("gives each role what it allows and refuses the rest with 403", async () => {
    const grant = async (role: string) => {
      const r = await fifteen(
        t,
        ["access:add", "bob@example.com", "--role", role, "-a", "ann-shop"],
        as("ann"),
      );
      assert.equal(r.code, 0, r.stderr);
    };
    const bob = (command: string, ...args: string[]) =>
      fifteen(t, [command, "-a", "ann-shop", ...args], as("bob"));

    await grant("viewer");
    assert.equal((await bob("releases")).code, 0, "a viewer reads releases");
    assert.equal((await bob("logs", "-n", "1")).code, 0, "and logs");
    const viewerConfig = await bob("config");
    assert.equal(viewerConfig.code, 1);
    assert.match(viewerConfig.stderr, /role on "ann-shop" is viewer/);

    await grant("deployer");
    assert.equal((await bob("config:set", "FROM_BOB=1")).code, 0, "a deployer changes config");
    const run1 = await bob("run", "--", "node", "-e", "console.log(process.env.FROM_BOB)");
    assert.equal(run1.stdout.trim(), "1");
    assert.match((await bob("domains:add", "bob.example.com")).stderr, /deployer/);
    assert.match((await bob("access:add", "ann@example.com", "--role", "viewer")).stderr, /deployer/);

    await grant("admin");
    assert.equal((await bob("domains:add", "bob.example.com")).code, 0, "an admin manages domains");
    const makeOwner = await bob("access:add", "bob@example.com", "--role", "owner");
    assert.match(makeOwner.stderr, /Only an owner/);
    const demoteAnn = await bob("access:add", "ann@example.com", "--role", "viewer");
    assert.match(demoteAnn.stderr, /Only an owner/);
    const destroy = await bob("apps:destroy", "--confirm", "ann-shop");
    assert.match(destroy.stderr, /role on "ann-shop" is admin, which does not include app:owner/);

    const lastOwner = await fifteen(t, ["access:remove", "ann@example.com", "-a", "ann-shop"], as("ann"));
    assert.match(lastOwner.stderr, /last owner/);
    await grant("owner");
    const access = await fifteen(t, ["access", "-a", "ann-shop", "--json"], as("bob"));
    assert.deepEqual(
      (JSON.parse(access.stdout) as Array<{ email: string; role: string }>).map((m) => [m.email, m.role]),
      [
        ["ann@example.com", "owner"],
        ["bob@example.com", "owner"],
      ],
    );
    assert.equal(
      (await fifteen(t, ["access:remove", "bob@example.com", "-a", "ann-shop"], as("ann"))).code,
      0,
    );
    assert.match((await bob("releases")).stderr, /No app named "ann-shop"/, "removed access is gone at once");
  });

  it("caps a user's own scoped token by the token's permissions", async () => {
    await fifteen(t, ["access:add", "bob@example.com", "--role", "deployer", "-a", "ann-shop"], as("ann"));
    const created = await fifteen(
      t,
      ["tokens:create", "bob-read", "--app", "ann-shop", "--permission", "app:read", "--json"],
      as("bob"),
    );
    assert.equal(created.code, 0, created.stderr);
    const readOnly = (JSON.parse(created.stdout) as { token: string; user: string }).token;
    assert.equal((JSON.parse(created.stdout) as { user: string }).user, "bob@example.com");
    const config = await api(t, "GET", "/v1/apps/ann-shop/config-vars", readOnly);
    assert.equal(config.status, 403);
    const releases = await api(t, "GET", "/v1/apps/ann-shop/releases", readOnly);
    assert.equal(releases.status, 200);
    const adminToken = await api(t, "POST", "/v1/tokens", tokens.bob ?? "", {
      name: "escalate",
      permissions: ["platform:admin"],
    });
    assert.equal(adminToken.status, 403, "a user cannot mint a platform admin token");
    const mine = await fifteen(t, ["tokens", "--json"], as("bob"));
    const names = (JSON.parse(mine.stdout) as Array<{ name: string; user: string }>).map((x) => x.user);
    assert.ok(names.length >= 2 && names.every((u) => u === "bob@example.com"), "bob lists only his tokens");
    assert.equal((await api(t, "GET", "/v1/users", tokens.bob ?? "")).status, 403);
  });

  it("shows a user only the pipelines of their apps, and lets them change only what they administer", async () => {
    const ann = (...args: string[]) => fifteen(t, args, as("ann"));
    assert.equal((await ann("pipelines:create", "ann-pipe")).code, 0);
    assert.equal((await ann("pipelines:add", "ann-shop", "-p", "ann-pipe", "-s", "production")).code, 0);
    // bob is a deployer on ann-shop: he sees the pipeline but may neither destroy it nor join it.
    const bob = (...args: string[]) => fifteen(t, args, as("bob"));
    const seen = JSON.parse((await bob("pipelines", "--json")).stdout) as Array<{ name: string }>;
    assert.deepEqual(
      seen.map((p) => p.name),
      ["ann-pipe"],
    );
    assert.match((await bob("pipelines:destroy", "ann-pipe")).stderr, /need app:admin on every app/);
    assert.equal((await bob("apps:create", "bob-app")).code, 0);
    const join = await bob("pipelines:add", "bob-app", "-p", "ann-pipe", "-s", "staging");
    assert.match(join.stderr, /need app:admin on one of its apps/);
    // carol has no role on any of its apps: for her it does not exist.
    const created = await fifteen(t, ["users:create", "carol@example.com", "--json"]);
    const carolPassword = (JSON.parse(created.stdout) as { password: string }).password;
    const carol = (await t.platform.core.users.login("carol@example.com", carolPassword, "10.0.0.3")).token;
    const theirs = await api(t, "GET", "/v1/pipelines", carol);
    assert.deepEqual(theirs.body, []);
    for (const [method, path] of [
      ["GET", "/v1/pipelines/ann-pipe"],
      ["DELETE", "/v1/pipelines/ann-pipe"],
    ] as const) {
      const res = await api(t, method, path, carol);
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(res.body.code, "PIPELINE_NOT_FOUND");
    }
    const info = JSON.parse((await ann("pipelines:info", "ann-pipe", "--json")).stdout) as {
      apps: Array<{ app: string }>;
    };
    assert.deepEqual(
      info.apps.map((a) => a.app),
      ["ann-shop"],
      "nothing joined or left",
    );
  });

  it("stops a removed user's tokens at once", async () => {
    assert.equal((await fifteen(t, ["users:remove", "bob@example.com"])).code, 0);
    const after = await api(t, "GET", "/v1/whoami", tokens.bob ?? "");
    assert.equal(after.status, 401);
    const access = await fifteen(t, ["access", "-a", "ann-shop", "--json"], as("ann"));
    assert.deepEqual(
      (JSON.parse(access.stdout) as Array<{ email: string }>).map((m) => m.email),
      ["ann@example.com"],
    );
  });
});
