// Heroku's app.json as the manifest it means: env, formation, addons and scripts.postdeploy; fifteen.json wins.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FifteenError } from "../../shared/errors.js";
import { checkFormationTypes, configProblems, describeConfigProblems, parseManifest } from "./index.js";
import { mergeManifests, parseAppJson } from "./app-json.js";

const invalid = (text: string, pattern: RegExp) =>
  assert.throws(
    () => parseAppJson(text),
    (err: unknown) =>
      err instanceof FifteenError && err.code === "MANIFEST_INVALID" && pattern.test(err.message),
  );

describe("app.json", () => {
  it("reads env, formation, addons and scripts.postdeploy, and ignores everything else", () => {
    const { manifest, notes } = parseAppJson(
      JSON.stringify({
        name: "sample",
        description: "ignored",
        repository: "https://example.com/x",
        buildpacks: [{ url: "heroku/nodejs" }],
        env: {
          API_KEY: { description: "The upstream API's key" },
          WEB_CONCURRENCY: "2",
          SECRET_TOKEN: { description: "Signs cookies", generator: "secret" },
          DEBUG: { required: false },
          PORT: { value: "3000" },
        },
        formation: { web: { quantity: 2, size: "standard-2x" }, worker: { quantity: 1, size: "256M" } },
        addons: ["heroku-postgresql:essential-0", { plan: "heroku-redis:mini", as: "cache" }, "papertrail"],
        scripts: { postdeploy: "node seed.js", "pr-predestroy": "ignored" },
      }),
    );
    assert.deepEqual(manifest, {
      config: {
        API_KEY: { description: "from app.json: The upstream API's key" },
        WEB_CONCURRENCY: { description: "from app.json: ", value: "2" },
        SECRET_TOKEN: { description: "from app.json: Signs cookies", generator: "secret" },
        DEBUG: { description: "from app.json: ", required: false },
      },
      formation: { web: { quantity: 2, size: "1G" }, worker: { quantity: 1, size: "256M" } },
      addons: [{ kind: "postgres" }, { kind: "redis", as: "CACHE" }],
      scripts: { postdeploy: "node seed.js" },
    });
    assert.deepEqual(notes, [
      "/env/PORT: PORT is set by the platform; ignored",
      "/addons/2: papertrail has no equivalent here (postgres, redis, url); not provisioned",
    ]);
  });

  it("says what is wrong: bad JSON, and each used field of the wrong shape with its path", () => {
    invalid("{ nope", /^app\.json is not valid JSON: /);
    invalid("[]", /^app\.json: the file must be a JSON object/);
    invalid(
      JSON.stringify({ env: { "1BAD": "x" }, formation: { web: { quantity: -1, size: "huge" } } }),
      /^app\.json: \/env\/1BAD: not a config key.*; \/formation\/web\/quantity must be an integer from 0 to 100; \/formation\/web\/size: "huge" is neither a dyno size/,
    );
    invalid(JSON.stringify({ scripts: { postdeploy: 3 } }), /\/scripts\/postdeploy must be a command line/);
  });

  it("fifteen.json wins where both say the same thing", () => {
    const own = parseManifest(
      JSON.stringify({
        config: { API_KEY: "Key, as fifteen.json describes it" },
        formation: { web: { quantity: 3 } },
        addons: [{ kind: "postgres", as: "DATABASE" }],
        scripts: { postdeploy: "node own-seed.js" },
      }),
      { cronSeconds: false },
    );
    const heroku = parseAppJson(
      JSON.stringify({
        env: { API_KEY: { description: "app.json's" }, OTHER: { value: "1" } },
        formation: { web: { quantity: 1, size: "512M" }, worker: { quantity: 1 } },
        addons: ["heroku-postgresql", "heroku-redis"],
        scripts: { postdeploy: "node seed.js" },
      }),
    ).manifest;
    assert.deepEqual(mergeManifests(heroku, own), {
      config: {
        API_KEY: "Key, as fifteen.json describes it",
        OTHER: { description: "from app.json: ", value: "1" },
      },
      formation: { web: { quantity: 3, size: "512M" }, worker: { quantity: 1 } },
      addons: [{ kind: "postgres", as: "DATABASE" }, { kind: "redis" }],
      scripts: { postdeploy: "node own-seed.js" },
    });
  });

  it("names app.json in the failures its entries cause", () => {
    const manifest = mergeManifests(
      parseAppJson(JSON.stringify({ env: { API_KEY: {} }, formation: { clock: { quantity: 1 } } })).manifest,
      null,
    );
    assert.equal(
      describeConfigProblems(configProblems(manifest, {})),
      "app.json requires config this release lacks: API_KEY is missing. Set it with `fifteen config:set API_KEY=…`; nothing was started.",
    );
    assert.throws(
      () => checkFormationTypes(manifest, { web: "node server.js" }),
      /^Error: app\.json: \/formation\/clock: the app has no process type "clock"|app\.json: \/formation\/clock/,
    );
  });
});
