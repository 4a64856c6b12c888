// git as a user runs it after `fifteen login`: the remote apps:create adds, the credential helper, master-only
// repositories, and the app's URL (in the push output, apps:info and `fifteen open`).
import assert from "node:assert/strict";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { commitAll, writeNodeApp } from "../testing/apps.js";
import {
  ADMIN_TOKEN,
  CLI,
  fifteen,
  filesContaining,
  run,
  startTestPlatform,
  userEnv,
  type TestPlatform,
} from "../testing/platform.js";

describe("git push fifteen main", () => {
  let t: TestPlatform;
  // A logged-in user's shell: the token comes from `fifteen login`, not the environment.
  const loggedIn = { FIFTEEN_TOKEN: "" };
  const env = () => userEnv(t, loggedIn);
  const cli = (args: string[], cwd?: string, extra: Record<string, string> = {}) =>
    fifteen(t, args, { ...(cwd ? { cwd } : {}), env: { ...loggedIn, ...extra } });
  const get = async (app: string) => {
    const res = await request(t.platform.routerUrl, { headers: { host: `${app}.localhost` } });
    return { status: res.statusCode, text: await res.body.text() };
  };

  before(async () => {
    t = await startTestPlatform();
    const login = await cli(["login", "--token", ADMIN_TOKEN, "--api", t.apiUrl]);
    assert.equal(login.code, 0, login.stderr);
  });
  after(() => t.close());

  it("apps:create adds the remote; the push deploys with no token in .git/config", async () => {
    const dir = join(t.home, "shop");
    await writeNodeApp(dir, { body: "shop via git", dependencies: { ms: "2.1.3" } });
    await commitAll(dir, env());
    const created = await cli(["apps:create", "shop"], dir);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stderr, /Created shop; added git remote fifteen/);

    const push = await run("git", ["push", "fifteen", "main"], { cwd: dir, env: env() });
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /remote: -----> shop deployed: v1/);
    const port = new URL(t.platform.routerUrl).port;
    assert.match(push.stderr, new RegExp(`remote: +http://shop\\.localhost:${port} deployed to Fifteen`));
    assert.deepEqual(await get("shop"), { status: 200, text: "shop via git" });

    const config = await readFile(join(dir, ".git", "config"), "utf8");
    assert.match(config, /\[remote "fifteen"\]/);
    assert.match(config, /git:credential/);
    assert.deepEqual(await filesContaining(join(dir, ".git"), ADMIN_TOKEN), []);

    const info = await cli(["apps:info"], dir);
    assert.match(info.stdout, new RegExp(`Web URL: +http://shop\\.localhost:${port}`));
  });

  it("a repository with only master deploys master, and says so", async () => {
    const dir = join(t.home, "legacy");
    await writeNodeApp(dir, { body: "from master" });
    await commitAll(dir, env());
    assert.equal((await run("git", ["branch", "-m", "main", "master"], { cwd: dir, env: env() })).code, 0);
    assert.equal((await cli(["apps:create", "legacy"], dir)).code, 0);
    const push = await run("git", ["push", "fifteen", "master"], { cwd: dir, env: env() });
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /this repository has no main, so master deploys/);
    assert.match(push.stderr, /remote: -----> legacy deployed: v1/);
    assert.deepEqual(await get("legacy"), { status: 200, text: "from master" });
  });

  it("git:remote replaces a remote that carried the token, and the helper answers only its API", async () => {
    const dir = join(t.home, "clone");
    await writeNodeApp(dir, { body: "shop v2", dependencies: { ms: "2.1.3" } });
    await commitAll(dir, env());
    const withToken = `${t.apiUrl.replace("http://", `http://x:${ADMIN_TOKEN}@`)}/shop.git`;
    assert.equal(
      (await run("git", ["remote", "add", "fifteen", withToken], { cwd: dir, env: env() })).code,
      0,
    );
    const set = await cli(["git:remote", "-a", "shop"], dir);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stderr, /Updated git remote fifteen: http:\/\/127\.0\.0\.1:\d+\/shop\.git/);
    assert.deepEqual(await filesContaining(join(dir, ".git"), ADMIN_TOKEN), []);
    const push = await run("git", ["push", "--force", "fifteen", "main"], { cwd: dir, env: env() });
    assert.equal(push.code, 0, push.stderr);
    assert.deepEqual(await get("shop"), { status: 200, text: "shop v2" });

    const api = new URL(t.apiUrl);
    const ask = (input: string) =>
      new Promise<string>((resolve) => {
        const child = run(
          "sh",
          ["-c", `printf '${input}' | "$0" "$1" git:credential get`, process.execPath, CLI],
          {
            env: env(),
          },
        );
        void child.then((r) => resolve(r.stdout));
      });
    assert.equal(
      await ask(`protocol=http\\nhost=${api.host}\\npath=shop.git\\n\\n`),
      `username=fifteen\npassword=${ADMIN_TOKEN}\n`,
    );
    assert.equal(await ask(`protocol=http\\nhost=elsewhere.example:${api.port}\\n\\n`), "");
    assert.equal(await ask(`protocol=https\\nhost=${api.host}\\n\\n`), "");
  });

  it("open runs $BROWSER with the app's URL, and prints it when there is no browser", async () => {
    const record = join(t.home, "opened.txt");
    const browser = join(t.home, "browser.sh");
    await writeFile(browser, `#!/bin/sh\nprintf '%s\\n' "$@" > ${JSON.stringify(record)}\n`);
    await chmod(browser, 0o755);
    const opened = await cli(["open", "-a", "shop"], undefined, { BROWSER: browser });
    assert.equal(opened.code, 0, opened.stderr);
    const url = `http://shop.localhost:${new URL(t.platform.routerUrl).port}`;
    let recorded = "";
    for (let i = 0; i < 50 && recorded === ""; i++) {
      recorded = await readFile(record, "utf8").catch(() => "");
      if (recorded === "") await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(recorded, `${url}\n`);

    const printed = await cli(["open", "-a", "shop"], undefined, {
      BROWSER: "",
      DISPLAY: "",
      WAYLAND_DISPLAY: "",
    });
    assert.equal(printed.code, 0, printed.stderr);
    assert.equal(printed.stdout, `${url}\n`);
  });
});
