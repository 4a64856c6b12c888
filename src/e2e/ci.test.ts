// Deploying from CI as docs/ci.md says: a token limited to one app and app:deploy, the shell recipe from the
// docs run as written (exit 0 and a JSON result for a good app, non-zero for a broken one), and the deploy
// branch that git push honours.
import assert from "node:assert/strict";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { inheritedEnv } from "../config/index.js";
import { commitAll, writeNodeApp } from "../testing/apps.js";
import {
  ADMIN_TOKEN,
  CLI,
  fifteen,
  run,
  startTestPlatform,
  userEnv,
  type TestPlatform,
} from "../testing/platform.js";

/** The ```sh block under "### Shell recipe" in docs/ci.md, exactly as users copy it. */
async function shellRecipe(): Promise<string> {
  const markdown = await readFile(new URL("../../docs/ci.md", import.meta.url), "utf8");
  const section = markdown.slice(markdown.indexOf("### Shell recipe"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block?.startsWith("#!/bin/sh"), "docs/ci.md has the shell recipe");
  return block ?? "";
}

interface DeployResult {
  ok: boolean;
  app: string;
  build: { status: string; errorCode: string | null };
  release: { version: number; status: string } | null;
}

describe("deploying from CI", () => {
  let t: TestPlatform;
  let bin: string;
  let token: string;
  const gitUrl = (app: string, secret = ADMIN_TOKEN) =>
    `${t.apiUrl.replace("http://", `http://ci:${secret}@`)}/${app}.git`;

  before(async () => {
    t = await startTestPlatform();
    // The CI machine's PATH has the `fifteen` CLI.
    bin = join(t.home, "bin");
    await mkdir(bin, { recursive: true });
    await symlink(CLI, join(bin, "fifteen"));
    for (const app of ["shop", "other"]) assert.equal((await fifteen(t, ["apps:create", app])).code, 0);
  });
  after(() => t.close());

  it("issues a deploy token limited to one app and app:deploy, shown once", async () => {
    const created = await fifteen(t, [
      "tokens:create",
      "ci-shop",
      "--app",
      "shop",
      "--permission",
      "app:deploy",
    ]);
    assert.equal(created.code, 0, created.stderr);
    token = created.stdout.trim();
    assert.match(token, /^fft_[A-Za-z0-9_-]{20,}$/);
    assert.match(created.stderr, /only time the token is shown/);
    const listed = await fifteen(t, ["tokens", "--json"]);
    assert.ok(!listed.stdout.includes(token), "the secret is never listed");
    const ci = JSON.parse(listed.stdout) as Array<{
      name: string;
      app: string | null;
      permissions: string[];
    }>;
    assert.deepEqual(
      ci.find((x) => x.name === "ci-shop"),
      { ...ci.find((x) => x.name === "ci-shop"), app: "shop", permissions: ["app:deploy"] },
    );
    const unscoped = await fifteen(t, ["tokens:create", "ci-everything"]);
    assert.notEqual(unscoped.code, 0);
    assert.match(unscoped.stderr, /Limit the token to one app with --app APP/);
    const bad = await fifteen(t, ["tokens:create", "bad name!", "--app", "shop"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /TOKEN_INVALID/);

    const asCi = { FIFTEEN_TOKEN: token };
    assert.equal((await fifteen(t, ["releases", "-a", "shop"], { env: asCi })).code, 0);
    const other = await fifteen(t, ["releases", "-a", "other"], { env: asCi });
    assert.match(other.stderr, /No app named "other"/, "another app does not exist for this token");
    const config = await fifteen(t, ["config:set", "X=1", "-a", "other"], { env: asCi });
    assert.match(config.stderr, /No app named "other"/, "nor change its config");
    const addon = await fifteen(t, ["addons:create", "url", "--url", "https://example.com", "-a", "shop"], {
      env: asCi,
    });
    assert.match(addon.stderr, /FORBIDDEN/, "a deploy token cannot manage add-ons");
    assert.match((await fifteen(t, ["apps:create", "sneaky"], { env: asCi })).stderr, /FORBIDDEN/);
  });

  it("runs the documented shell recipe: exit 0 and a JSON result, then non-zero for a broken app", async () => {
    const recipe = join(t.home, "deploy.sh");
    await writeFile(recipe, await shellRecipe());
    const checkout = join(t.home, "checkout");
    await writeNodeApp(checkout, { body: "from ci" });
    const env = userEnv(t, {
      PATH: `${bin}:${inheritedEnv().PATH ?? ""}`,
      FIFTEEN_TOKEN: token,
      FIFTEEN_APP: "shop",
    });
    await commitAll(checkout, env);

    const good = await run("sh", [recipe], { cwd: checkout, env });
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /^deployed: \{/);
    const result = JSON.parse(await readFile(join(checkout, "fifteen-deploy.json"), "utf8")) as DeployResult;
    assert.equal(result.ok, true);
    assert.equal(result.app, "shop");
    assert.equal(result.build.status, "succeeded");
    assert.deepEqual(result.release && [result.release.version, result.release.status], [1, "succeeded"]);

    await writeFile(join(checkout, "Procfile"), "this is not a procfile\n");
    await commitAll(checkout, env, "broken");
    const broken = await run("sh", [recipe], { cwd: checkout, env });
    assert.notEqual(broken.code, 0, "a broken app fails the job");
    const failed = JSON.parse(await readFile(join(checkout, "fifteen-deploy.json"), "utf8")) as DeployResult;
    assert.equal(failed.ok, false);
    assert.equal(failed.build.status, "failed");
    assert.equal(failed.release, null);
    const releases = await fifteen(t, ["releases", "--json", "-a", "shop"]);
    assert.equal((JSON.parse(releases.stdout) as unknown[]).length, 1, "the failed build left no release");

    const missing = await run("sh", [recipe], { cwd: checkout, env: { ...env, FIFTEEN_APP: "" } });
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /set FIFTEEN_APP/);
  });

  it("deploys only the app's deploy branch on git push, and names it when refusing another", async () => {
    const dir = join(t.home, "other-app");
    await writeNodeApp(dir, { body: "other" });
    const env = userEnv(t);
    await commitAll(dir, env);
    const feature = await run("git", ["push", gitUrl("other"), "main:feature"], { cwd: dir, env });
    assert.notEqual(feature.code, 0);
    assert.match(feature.stderr, /other deploys only its branch main; rejected: feature/);

    const bad = await fifteen(t, ["apps:update", "--deploy-branch", "../evil", "-a", "other"]);
    assert.match(bad.stderr, /BRANCH_INVALID/);
    const changed = await fifteen(t, ["apps:update", "--deploy-branch", "release/prod", "-a", "other"]);
    assert.equal(changed.code, 0, changed.stderr);
    const info = JSON.parse((await fifteen(t, ["apps:info", "--json", "-a", "other"])).stdout) as {
      deployBranch: string;
    };
    assert.equal(info.deployBranch, "release/prod");

    const main = await run("git", ["push", gitUrl("other"), "main"], { cwd: dir, env });
    assert.notEqual(main.code, 0);
    assert.match(main.stderr, /deploys only its branch release\/prod; rejected: main/);
    const release = await run("git", ["push", gitUrl("other"), "main:release/prod"], { cwd: dir, env });
    assert.equal(release.code, 0, release.stderr);
    assert.match(release.stderr, /other deployed: v1/);
  });

  it("refuses to revoke the last platform admin token", async () => {
    const tokens = JSON.parse((await fifteen(t, ["tokens", "--json"])).stdout) as Array<{
      id: string;
      name: string;
    }>;
    const admin = tokens.find((x) => x.name === "admin");
    assert.ok(admin);
    const refused = await fifteen(t, ["tokens:revoke", admin.id]);
    assert.match(refused.stderr, /last platform admin token.*TOKEN_LAST_ADMIN/);
    assert.equal((await fifteen(t, ["auth:whoami"])).code, 0, "the admin token still works");
    const ci = tokens.find((x) => x.name === "ci-shop");
    assert.ok(ci);
    assert.equal((await fifteen(t, ["tokens:revoke", ci.id])).code, 0);
    const revoked = await fifteen(t, ["releases", "-a", "shop"], { env: { FIFTEEN_TOKEN: token } });
    assert.match(revoked.stderr, /not valid/, "a revoked token stops working at once");
  });
});
