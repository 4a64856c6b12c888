// Apps and config vars through the CLI, as a new user runs them from the README.
import assert from "node:assert/strict";
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  ADMIN_TOKEN,
  fifteen,
  filesContaining,
  run,
  startTestPlatform,
  userEnv,
  type TestPlatform,
} from "../testing/platform.js";

describe("apps and config", () => {
  let t: TestPlatform;
  before(async () => {
    t = await startTestPlatform();
  });
  after(() => t.close());

  const appNames = async () =>
    (JSON.parse((await fifteen(t, ["apps", "--json"])).stdout) as Array<{ name: string }>).map((a) => a.name);

  it("logs in and stores credentials with mode 0600", async () => {
    const res = await fifteen(t, ["login", "--token", ADMIN_TOKEN, "--api", t.apiUrl], {
      env: { FIFTEEN_TOKEN: "" },
    });
    assert.equal(res.code, 0, res.stderr);
    const file = join(t.home, ".config", "fifteen", "credentials.json");
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const whoami = await fifteen(t, ["auth:whoami", "--json"], {
      env: { FIFTEEN_TOKEN: "", FIFTEEN_API_URL: "" },
    });
    assert.equal(whoami.code, 0, whoami.stderr);
    assert.equal((JSON.parse(whoami.stdout) as { name: string }).name, "admin");
  });

  it("refuses a wrong token at login and saves nothing new", async () => {
    const res = await fifteen(t, ["login", "--token", "fft_not_a_real_token_at_all", "--api", t.apiUrl]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /not valid/);
  });

  it("creates an app and refuses bad names without creating anything", async () => {
    const ok = await fifteen(t, ["apps:create", "shop"]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /shop\.git/);
    for (const bad of ["../x", "Shop"]) {
      const res = await fifteen(t, ["apps:create", bad]);
      assert.equal(res.code, 1);
      assert.match(res.stderr, /Invalid app name .* lowercase letters, digits and '-'/);
      assert.match(res.stderr, /APP_NAME_INVALID/);
    }
    const dup = await fifteen(t, ["apps:create", "shop"]);
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /already exists/);
    const reserved = await fifteen(t, ["apps:create", "api"]);
    assert.match(reserved.stderr, /reserved/);
    assert.deepEqual(await appNames(), ["shop"]);
  });

  it("adds a fifteen git remote when created inside a git repository, and uses it for -a", async () => {
    const repo = join(t.home, "repo");
    await mkdir(repo, { recursive: true });
    assert.equal((await run("git", ["init", "-q", "-b", "main"], { cwd: repo, env: userEnv(t) })).code, 0);
    const res = await fifteen(t, ["apps:create", "remote-app"], { cwd: repo });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /added git remote fifteen/);
    const url = await run("git", ["remote", "get-url", "fifteen"], { cwd: repo, env: userEnv(t) });
    assert.equal(url.stdout.trim(), `${t.apiUrl}/remote-app.git`);
    const info = await fifteen(t, ["apps:info", "--json"], { cwd: repo });
    assert.equal((JSON.parse(info.stdout) as { name: string }).name, "remote-app");
    assert.equal((await fifteen(t, ["apps:destroy", "-a", "remote-app", "--confirm", "remote-app"])).code, 0);
  });

  it("sets config vars, shows them with --json, and keeps them encrypted on disk", async () => {
    const set = await fifteen(t, [
      "config:set",
      "GREETING=hello",
      "DATABASE_URL=postgres://u:pw-8c1f2e9d@h/db",
      "-a",
      "shop",
    ]);
    assert.equal(set.code, 0, set.stderr);
    const show = await fifteen(t, ["config", "--json", "-a", "shop"]);
    assert.deepEqual(JSON.parse(show.stdout), {
      DATABASE_URL: "postgres://u:pw-8c1f2e9d@h/db",
      GREETING: "hello",
    });
    const one = await fifteen(t, ["config:get", "GREETING", "-a", "shop"]);
    assert.equal(one.stdout, "hello\n");
    assert.deepEqual(await filesContaining(t.dataDir, "pw-8c1f2e9d"), []);
    assert.deepEqual(await filesContaining(t.dataDir, "postgres://u:"), []);
  });

  it("refuses bad keys and platform keys, changing nothing", async () => {
    for (const [pair, message] of [
      ["1BAD=x", /Invalid config key/],
      ["PORT=80", /set by the platform/],
      ["FIFTEEN_APP=x", /set by the platform/],
      ["NOEQUALS", /is not KEY=VALUE/],
    ] as const) {
      const res = await fifteen(t, ["config:set", pair, "GREETING=changed", "-a", "shop"]);
      assert.equal(res.code, 1, pair);
      assert.match(res.stderr, message);
    }
    const show = await fifteen(t, ["config", "--json", "-a", "shop"]);
    assert.equal((JSON.parse(show.stdout) as Record<string, string>).GREETING, "hello");
  });

  it("unsets config vars", async () => {
    const res = await fifteen(t, ["config:unset", "GREETING", "-a", "shop", "--json"]);
    assert.equal(res.code, 0, res.stderr);
    const show = await fifteen(t, ["config", "--json", "-a", "shop"]);
    assert.deepEqual(Object.keys(JSON.parse(show.stdout) as object), ["DATABASE_URL"]);
    const missing = await fifteen(t, ["config:get", "GREETING", "-a", "shop"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no config var GREETING/);
  });

  it("destroys an app only with --confirm NAME", async () => {
    const refused = await fifteen(t, ["apps:destroy", "-a", "shop"]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /--confirm shop/);
    const wrong = await fifteen(t, ["apps:destroy", "-a", "shop", "--confirm", "other"]);
    assert.equal(wrong.code, 1);
    assert.deepEqual(await appNames(), ["shop"]);
    const ok = await fifteen(t, ["apps:destroy", "-a", "shop", "--confirm", "shop"]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(await appNames(), []);
    const gone = await fifteen(t, ["apps:info", "-a", "shop"]);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /No app named "shop"/);
  });
});
