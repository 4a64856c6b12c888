// Pipelines as a user runs them: stages, promotion of staging's exact slug to production with production's
// own config and no build, and promotions that are refused without changing anything.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import type { Build, LogLine, Pipeline, PipelineInfo, Promotion, Release } from "../client/index.js";
import { commitAll, writeNodeApp } from "../testing/apps.js";
import { ApiClient } from "../client/index.js";
import { ADMIN_TOKEN, fifteen, startTestPlatform, userEnv, type TestPlatform } from "../testing/platform.js";

const SERVER = `require("http").createServer((q, s) => s.end(String(process.env.GREETING))).listen(process.env.PORT);\n`;
const RELEASE_TASK = `console.log("release phase of " + process.env.FIFTEEN_APP + " with GREETING=" + process.env.GREETING);\n`;

describe("pipelines", () => {
  let t: TestPlatform;
  let dir: string;
  const cli = (args: string[], env?: Record<string, string>) => fifteen(t, args, env ? { env } : {});
  const json = async <T>(args: string[]): Promise<T> => {
    const res = await cli([...args, "--json"]);
    assert.equal(res.code, 0, res.stderr);
    return JSON.parse(res.stdout) as T;
  };
  const releases = (app: string) => json<Release[]>(["releases", "-a", app]);
  const builds = (app: string) => json<Build[]>(["builds", "-a", app]);
  const served = async (app: string) => {
    const res = await request(t.platform.routerUrl, { headers: { host: `${app}.localhost` } });
    return { status: res.statusCode, body: await res.body.text() };
  };
  /** A refused command: exit 1, the code on stderr, and the releases of `unchanged` exactly as before. */
  const refused = async (args: string[], code: string, message: RegExp, unchanged: string[] = []) => {
    const before = await Promise.all(unchanged.map(releases));
    const res = await cli(args);
    assert.equal(res.code, 1, res.stdout);
    assert.match(res.stderr, new RegExp(`\\[${code}\\]`));
    assert.match(res.stderr, message);
    assert.deepEqual(await Promise.all(unchanged.map(releases)), before);
    return res;
  };

  before(async () => {
    t = await startTestPlatform();
    dir = join(t.home, "shop");
    await writeNodeApp(dir, {
      procfile: "web: node server.js\nrelease: node release.js\n",
      files: { "server.js": SERVER, "release.js": RELEASE_TASK },
    });
    await commitAll(dir, userEnv(t));
    for (const app of ["shop-dev", "shop-staging", "shop-prod", "loner", "solo"]) {
      assert.equal((await cli(["apps:create", app, "--no-remote"])).code, 0);
    }
    // Config set before any deploy makes no release: each app has its own value from the start.
    assert.equal((await cli(["config:set", "GREETING=from-staging", "-a", "shop-staging"])).code, 0);
    assert.equal((await cli(["config:set", "GREETING=from-production", "-a", "shop-prod"])).code, 0);
  });
  after(() => t.close());

  it("creates a pipeline, validating its name like an app name", async () => {
    const created = await json<Pipeline>(["pipelines:create", "shop"]);
    assert.equal(created.name, "shop");
    assert.equal(created.appCount, 0);
    await refused(["pipelines:create", "shop"], "PIPELINE_EXISTS", /already exists/);
    await refused(
      ["pipelines:create", "Bad_Name"],
      "PIPELINE_NAME_INVALID",
      /Invalid pipeline name "Bad_Name"/,
    );
    assert.equal((await cli(["pipelines:create", "solo"])).code, 0);
    const names = (await json<Pipeline[]>(["pipelines"])).map((p) => p.name);
    assert.deepEqual(names, ["shop", "solo"]);
  });

  it("adds apps by stage; an app is in one pipeline at most; stages are checked", async () => {
    const added = await json<{ stage: string }>([
      "pipelines:add",
      "shop-staging",
      "-p",
      "shop",
      "--stage",
      "staging",
    ]);
    assert.equal(added.stage, "staging");
    assert.equal((await cli(["pipelines:add", "-a", "shop-prod", "-p", "shop", "-s", "production"])).code, 0);
    assert.equal((await cli(["pipelines:add", "shop-dev", "-p", "shop", "-s", "development"])).code, 0);
    assert.equal((await cli(["pipelines:add", "solo", "-p", "solo", "-s", "staging"])).code, 0);
    await refused(["pipelines:add", "shop-prod", "-p", "solo", "-s", "staging"], "APP_IN_PIPELINE", /"shop"/);
    await refused(["pipelines:add", "loner", "-p", "shop", "-s", "qa"], "PIPELINE_STAGE_INVALID", /"qa"/);
    await refused(["pipelines:add", "loner", "-p", "nope", "-s", "staging"], "PIPELINE_NOT_FOUND", /"nope"/);
    const info = await json<PipelineInfo>(["pipelines:info", "shop"]);
    assert.deepEqual(
      info.apps.map((a) => [a.stage, a.app, a.release]),
      [
        ["development", "shop-dev", null],
        ["staging", "shop-staging", null],
        ["production", "shop-prod", null],
      ],
    );
    await refused(["pipelines:info", "nope"], "PIPELINE_NOT_FOUND", /No pipeline named "nope"/);
  });

  it("refuses to promote an app without a live release, and changes nothing", async () => {
    await refused(["pipelines:promote", "-a", "shop-staging"], "PROMOTE_INVALID", /no live release/, [
      "shop-staging",
      "shop-prod",
    ]);
  });

  it("promotes staging to production: same slug, production's config, release phase, no build", async () => {
    const deploy = await fifteen(t, ["deploy", "-a", "shop-staging"], { cwd: dir });
    assert.equal(deploy.code, 0, deploy.stderr);
    assert.deepEqual(await served("shop-staging"), { status: 200, body: "from-staging" });
    const [staging] = await releases("shop-staging");
    assert.ok(staging?.current);
    assert.deepEqual(await builds("shop-prod"), []);
    const prodConfig = await new ApiClient(t.apiUrl, ADMIN_TOKEN).config("shop-prod");

    const res = await cli(["pipelines:promote", "-a", "shop-staging"]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /Promoting shop-staging v1 \(sha256:[0-9a-f]{12}\) to production: shop-prod/);
    assert.match(res.stderr, /shop-prod: released v1/);

    const [prod, ...older] = await releases("shop-prod");
    assert.deepEqual(older, []);
    assert.equal(prod?.status, "succeeded");
    assert.equal(prod?.current, true);
    assert.equal(prod?.slugDigest, staging?.slugDigest);
    assert.equal(prod?.commit, staging?.commit);
    assert.deepEqual(prod?.processTypes, staging?.processTypes);
    assert.equal(prod?.description, "Promote shop-staging v1");
    assert.equal(prod?.promotedFromApp, "shop-staging");
    assert.equal(prod?.promotedFromRelease, 1);
    assert.equal(prod?.buildId, null);
    assert.equal(prod?.configVersion, prodConfig.version);
    // Production's own config, seen from outside: the app answers with its GREETING through the router.
    assert.deepEqual(await served("shop-prod"), { status: 200, body: "from-production" });
    assert.deepEqual(await served("shop-staging"), { status: 200, body: "from-staging" });
    // No build ran on production, and staging got no new release.
    assert.deepEqual(await builds("shop-prod"), []);
    assert.deepEqual(
      (await releases("shop-staging")).map((r) => r.version),
      [1],
    );
    // The release phase ran on production, in production's env.
    const lines = (await cli(["logs", "-a", "shop-prod", "-s", "app", "-n", "500", "--json"])).stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);
    assert.ok(
      lines.some((l) => l.text.includes("release phase of shop-prod with GREETING=from-production")),
      lines.map((l) => l.text).join("\n"),
    );
    const info = await cli(["releases:info", "v1", "-a", "shop-prod"]);
    assert.match(info.stdout, /Promoted from:\s+shop-staging v1/);
    const pipeline = await json<PipelineInfo>(["pipelines:info", "shop"]);
    const prodApp = pipeline.apps.find((a) => a.app === "shop-prod");
    assert.equal(prodApp?.release?.version, 1);
    assert.equal(prodApp?.release?.slugDigest, staging?.slugDigest);
  });

  it("reports the new release of every target with --json", async () => {
    // A second promotion of the same release makes production v2, again without a build.
    const promotion = await json<Promotion>(["pipelines:promote", "-a", "shop-staging"]);
    assert.equal(promotion.stage, "production");
    assert.deepEqual(promotion.source.app, "shop-staging");
    assert.deepEqual(
      promotion.releases.map((r) => [r.app, r.version, r.status]),
      [["shop-prod", 2, "succeeded"]],
    );
    assert.deepEqual(await builds("shop-prod"), []);
  });

  it("refuses promotions that have nowhere to go, and changes nothing", async () => {
    await refused(
      ["pipelines:promote", "-a", "shop-prod"],
      "PROMOTE_INVALID",
      /production stage.*no later stage/,
      ["shop-prod"],
    );
    await refused(["pipelines:promote", "-a", "loner"], "PROMOTE_INVALID", /"loner" is not in a pipeline/);
    await refused(["pipelines:promote", "-a", "solo"], "PROMOTE_INVALID", /no apps in its production stage/, [
      "solo",
    ]);
  });

  it("refuses a token that cannot see a target app, and promotes nothing", async () => {
    const staging = await t.platform.core.apps.find("shop-staging");
    const { token } = await t.platform.core.tokens.create("ci-staging", ["app:deploy"], staging?.id ?? null);
    const before = await releases("shop-prod");
    const res = await cli(["pipelines:promote", "-a", "shop-staging"], { FIFTEEN_TOKEN: token });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /\[FORBIDDEN\]/);
    assert.match(
      res.stderr,
      /cannot see 1 app\(s\) in the production stage of pipeline "shop".*Nothing was promoted/,
    );
    assert.deepEqual(await releases("shop-prod"), before);
    // Such a token sees only its own app's pipeline, and only its own app in it.
    const listed = JSON.parse(
      (await cli(["pipelines", "--json"], { FIFTEEN_TOKEN: token })).stdout,
    ) as Pipeline[];
    assert.deepEqual(
      listed.map((p) => [p.name, p.appCount]),
      [["shop", 1]],
    );
    const hidden = await cli(["pipelines:info", "solo"], { FIFTEEN_TOKEN: token });
    assert.match(hidden.stderr, /\[PIPELINE_NOT_FOUND\]/);
    const created = await cli(["pipelines:create", "mine"], { FIFTEEN_TOKEN: token });
    assert.match(created.stderr, /\[FORBIDDEN\]/);
  });

  it("removes apps, drops members of destroyed apps, and destroys pipelines without touching their apps", async () => {
    assert.equal((await cli(["pipelines:remove", "shop-dev"])).code, 0);
    await refused(["pipelines:remove", "shop-dev"], "APP_NOT_IN_PIPELINE", /not in a pipeline/);
    assert.equal((await cli(["pipelines:add", "shop-dev", "-p", "shop", "-s", "development"])).code, 0);
    assert.equal((await cli(["apps:destroy", "-a", "shop-dev", "--confirm", "shop-dev"])).code, 0);
    const info = await json<PipelineInfo>(["pipelines:info", "shop"]);
    assert.deepEqual(
      info.apps.map((a) => a.app),
      ["shop-staging", "shop-prod"],
    );
    const destroyed = await cli(["pipelines:destroy", "shop"]);
    assert.equal(destroyed.code, 0, destroyed.stderr);
    assert.match(destroyed.stderr, /Destroyed pipeline shop; shop-prod, shop-staging left it/);
    await refused(["pipelines:promote", "-a", "shop-staging"], "PROMOTE_INVALID", /not in a pipeline/);
    assert.deepEqual(await served("shop-prod"), { status: 200, body: "from-production" });
    assert.deepEqual(
      (await json<Pipeline[]>(["pipelines"])).map((p) => p.name),
      ["solo"],
    );
  });
});
