// Everyday app commands as a user runs them: apps:rename (the app keeps running, under its new host name)
// and config:edit with $EDITOR (a script standing in for the user's editor).
import assert from "node:assert/strict";
import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import type { ProcessInfo } from "../client/index.js";
import { commitAll, writeNodeApp } from "../testing/apps.js";
import { fifteen, run, startTestPlatform, userEnv, type TestPlatform } from "../testing/platform.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("apps:rename and config:edit", () => {
  let t: TestPlatform;
  const get = async (host: string) => {
    const res = await request(t.platform.routerUrl, { headers: { host } });
    return { status: res.statusCode, text: await res.body.text() };
  };
  const until = async (what: string, check: () => Promise<boolean>, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(150);
    }
  };

  before(async () => {
    t = await startTestPlatform();
  });
  after(() => t.close());

  it("apps:rename keeps the processes, config and releases, and moves the host name and the git remote", async () => {
    const dir = join(t.home, "blog");
    const env = userEnv(t);
    await writeNodeApp(dir, { body: "blog" });
    await commitAll(dir, env);
    assert.equal((await fifteen(t, ["apps:create", "blog"], { cwd: dir })).code, 0);
    assert.equal((await fifteen(t, ["config:set", "THEME=dark"], { cwd: dir })).code, 0);
    const push = await run("git", ["push", "fifteen", "main"], { cwd: dir, env });
    assert.equal(push.code, 0, push.stderr);
    assert.deepEqual(await get("blog.localhost"), { status: 200, text: "blog" });
    const before = JSON.parse((await fifteen(t, ["ps", "--json"], { cwd: dir })).stdout) as ProcessInfo[];

    const renamed = await fifteen(t, ["apps:rename", "blog", "journal"], { cwd: dir });
    assert.equal(renamed.code, 0, renamed.stderr);
    assert.match(
      renamed.stderr,
      /Renamed blog to journal: http:\/\/journal\.localhost:\d+; updated git remote fifteen/,
    );
    const remote = await run("git", ["remote", "get-url", "fifteen"], { cwd: dir, env });
    assert.match(remote.stdout.trim(), /\/journal\.git$/);

    await until("the new host answers", async () => (await get("journal.localhost")).status === 200);
    assert.deepEqual(await get("journal.localhost"), { status: 200, text: "blog" });
    assert.equal((await get("blog.localhost")).status, 404);
    // The same processes (same pids) serve, without a restart.
    const after = JSON.parse((await fifteen(t, ["ps", "--json"], { cwd: dir })).stdout) as ProcessInfo[];
    assert.deepEqual(
      after.map((p) => [p.name, p.pid]),
      before.map((p) => [p.name, p.pid]),
    );
    assert.equal((await fifteen(t, ["config:get", "THEME"], { cwd: dir })).stdout, "dark\n");
    const info = JSON.parse((await fifteen(t, ["apps:info", "--json"], { cwd: dir })).stdout) as {
      name: string;
      currentRelease: number;
    };
    assert.equal(info.name, "journal");
    assert.equal(info.currentRelease, 1);

    // The repository moved with it: the next push deploys.
    await writeFile(
      join(dir, "server.js"),
      `require("http").createServer((q, s) => s.end("journal")).listen(process.env.PORT);\n`,
    );
    await commitAll(dir, env, "v2");
    const again = await run("git", ["push", "fifteen", "main"], { cwd: dir, env });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /remote: -----> journal deployed: v2/);
    assert.deepEqual(await get("journal.localhost"), { status: 200, text: "journal" });

    assert.equal((await fifteen(t, ["apps:create", "other", "--no-remote"])).code, 0);
    const taken = await fifteen(t, ["apps:rename", "other", "journal"]);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /An app named "journal" already exists.*\[APP_EXISTS\]/);
  });

  it("config:edit applies what the editor changed, in one release, and nothing when it is unchanged or invalid", async () => {
    const app = ["-a", "journal"];
    assert.equal(
      (await fifteen(t, ["config:set", "GREETING=hi", "OLD_KEY=x", "MULTI=a\nb", ...app])).code,
      0,
    );
    const releases = async () =>
      (JSON.parse((await fifteen(t, ["releases", "--json", ...app])).stdout) as unknown[]).length;
    const count = await releases();

    const seen = join(t.home, "editor-seen.txt");
    const editor = join(t.home, "editor.sh");
    await writeFile(
      editor,
      [
        "#!/bin/sh",
        `stat -c %a "$1" > ${JSON.stringify(seen)}`,
        `printf '%s\\n' "$1" >> ${JSON.stringify(seen)}`,
        `grep -c '^MULTI="a\\\\nb"$' "$1" >> ${JSON.stringify(seen)}`,
        `sed -i -e 's/^GREETING=.*/GREETING=edited value/' -e '/^OLD_KEY=/d' "$1"`,
        `echo 'NEW_KEY=1 + 1 = 2' >> "$1"`,
        "",
      ].join("\n"),
    );
    await chmod(editor, 0o755);
    const edited = await fifteen(t, ["config:edit", ...app], { env: { EDITOR: editor } });
    assert.equal(edited.code, 0, edited.stderr);
    assert.match(
      edited.stderr,
      /Changed journal's config: set GREETING, NEW_KEY; unset OLD_KEY, released v\d+/,
    );
    assert.doesNotMatch(edited.stderr + edited.stdout, /edited value/);
    const [mode, file, multi] = (await readFile(seen, "utf8")).trim().split("\n");
    assert.equal(mode, "600");
    assert.equal(multi, "1");
    await assert.rejects(stat(file as string), /ENOENT/);
    const vars = JSON.parse((await fifteen(t, ["config", "--json", ...app])).stdout) as Record<
      string,
      string
    >;
    assert.equal(vars.GREETING, "edited value");
    assert.equal(vars.NEW_KEY, "1 + 1 = 2");
    assert.equal(vars.MULTI, "a\nb");
    assert.equal(vars.OLD_KEY, undefined);
    assert.equal(await releases(), count + 1);

    const unchanged = await fifteen(t, ["config:edit", ...app], { env: { EDITOR: "true" } });
    assert.equal(unchanged.code, 0, unchanged.stderr);
    assert.match(unchanged.stderr, /No changes; journal's config is as it was/);

    const bad = join(t.home, "bad-editor.sh");
    await writeFile(bad, `#!/bin/sh\necho 'ANOTHER=changed' >> "$1"\necho 'no equals sign' >> "$1"\n`);
    await chmod(bad, 0o755);
    const invalid = await fifteen(t, ["config:edit", ...app], { env: { EDITOR: bad } });
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /error: line \d+ is not KEY=VALUE; nothing was changed/);
    const still = JSON.parse((await fifteen(t, ["config", "--json", ...app])).stdout) as Record<
      string,
      string
    >;
    assert.equal(still.GREETING, "edited value");
    assert.equal(await releases(), count + 1);
  });
});
