// The app manifest: its published schema stays equal to the TypeBox one, errors name JSON paths, and required
// config is checked as documented.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { FifteenError } from "../../shared/errors.js";
import {
  checkFormationTypes,
  configProblems,
  describeConfigProblems,
  manifestJsonSchema,
  parseManifest,
  type Manifest,
} from "./index.js";

// dist-…/core/manifest/manifest.test.js → <repo>/docs/
const DOCS = new URL("../../../docs/", import.meta.url);

const parse = (manifest: unknown, cronSeconds = false) =>
  parseManifest(typeof manifest === "string" ? manifest : JSON.stringify(manifest), { cronSeconds });

/** Asserts MANIFEST_INVALID whose message is exactly `fifteen.json: ` + the problems joined by "; ". */
function rejects(manifest: unknown, ...problems: Array<string | RegExp>): void {
  assert.throws(
    () => parse(manifest),
    (err: unknown) => {
      assert.ok(err instanceof FifteenError, String(err));
      assert.equal(err.code, "MANIFEST_INVALID");
      for (const problem of problems) {
        if (typeof problem === "string") assert.ok(err.message.includes(problem), err.message);
        else assert.match(err.message, problem);
      }
      return true;
    },
  );
}

describe("the manifest's JSON Schema", () => {
  it("docs/fifteen.schema.json is the TypeBox schema, as published", async () => {
    const committed: unknown = JSON.parse(await readFile(new URL("fifteen.schema.json", DOCS), "utf8"));
    assert.deepEqual(
      committed,
      manifestJsonSchema(),
      "docs/fifteen.schema.json is stale: run `npm run schema`",
    );
  });

  it("the example in docs/manifest.md is valid", async () => {
    const markdown = await readFile(new URL("manifest.md", DOCS), "utf8");
    const example = /```json\n([\s\S]*?)```/.exec(markdown)?.[1];
    assert.ok(example, "docs/manifest.md has a json example");
    const manifest = parse(example);
    assert.deepEqual(Object.keys(manifest).sort(), [
      "$schema",
      "addons",
      "buildpack",
      "config",
      "cron",
      "formation",
      "healthcheck",
    ]);
  });
});

describe("parseManifest", () => {
  it("accepts every field, and an empty manifest", () => {
    const manifest = {
      buildpack: "node",
      formation: { web: { quantity: 2 }, worker: { quantity: 0 } },
      healthcheck: { path: "/healthz?full=1", timeoutSeconds: 30 },
      config: { STRIPE_KEY: { description: "Stripe key", pattern: "sk_\\w+" }, SENTRY_DSN: "Error reports" },
      addons: [{ kind: "postgres", as: "DATABASE" }, { kind: "redis" }],
      cron: [
        { schedule: "0 3 * * *", command: "node job.js", tz: "Europe/Berlin" },
        { schedule: "@hourly", command: ["node", "-e", "console.log(1)"] },
      ],
    };
    assert.deepEqual(parse(manifest), manifest);
    assert.deepEqual(parse({}), {});
    assert.deepEqual(parse('\uFEFF{ "$schema": "http://127.0.0.1:5050/schemas/fifteen.json" }'), {
      $schema: "http://127.0.0.1:5050/schemas/fifteen.json",
    });
  });

  it("names the JSON path of a bad value", () => {
    rejects(
      { formation: { web: { quantity: 1000 } } },
      /^fifteen\.json: \/formation\/web\/quantity must be an integer from 0 to 100$/,
    );
    rejects(
      { formation: { web: { quantity: 1.5 } } },
      "/formation/web/quantity must be an integer from 0 to 100",
    );
    rejects({ healthcheck: { path: "healthz" } }, "/healthcheck/path must match ^/[!-~]*$");
    rejects({ buildpack: "ruby" }, '/buildpack must be one of "node", "static", "procfile"');
    rejects({ addons: [{ as: "DATABASE" }] }, "/addons/0/kind is required");
    rejects({ cron: [{ schedule: "", command: "x" }] }, "/cron/0/schedule must not be empty");
  });

  it("reports every problem at once, unknown fields and bad names included", () => {
    rejects(
      { formations: {}, formation: { "web server": { quantity: 1 }, web: { quantity: 1, memory: "512M" } } },
      /^fifteen\.json: \/formations is not a known field \(known: \$schema, buildpack, formation, healthcheck, config, addons, cron, features, scripts\); /,
      "/formation/web server is not allowed: names here must match ^[A-Za-z0-9_-]{1,30}$",
      "/formation/web/memory is not a known field (known: quantity, size)",
    );
  });

  it("explains a value of neither accepted type, and only the fitting branch's errors otherwise", () => {
    rejects({ cron: [{ schedule: "@daily", command: 5 }] }, "/cron/0/command must be a string or an array");
    rejects(
      { config: { A: 7, B: { description: "b", required: "yes" }, C: { pattern: "x" } } },
      "/config/A must be a string or an object with description, pattern, required",
      "/config/B/required must be true or false",
      "/config/C/description is required",
    );
    assert.throws(
      () => parse({ config: { B: { description: "b", required: "yes" } } }),
      (err: Error) => {
        assert.doesNotMatch(err.message, /must be a string/);
        return true;
      },
    );
  });

  it("refuses a file that is not JSON, or not an object", () => {
    rejects("{ formation: 1 }", /^fifteen\.json is not valid JSON: /);
    rejects("[]", "fifteen.json: the top level must be an object");
    rejects("x".repeat(70 * 1024), /larger than 64 KiB/);
  });

  it("checks what a schema cannot: patterns, reserved keys, cron jobs, duplicates", () => {
    rejects(
      { config: { PORT: "the port", KEY: { description: "k", pattern: "(" } } },
      "/config/PORT: Config key PORT is set by the platform",
      "/config/KEY/pattern is not a valid regular expression",
    );
    rejects(
      {
        cron: [
          { schedule: "61 * * * *", command: "x" },
          { schedule: "0 3 * * *", command: "x", tz: "Mars/Olympus" },
          { schedule: "0 3 * * *", command: "x" },
          { schedule: "0  3 * * *", command: ["x"] },
        ],
      },
      '/cron/0: "61 * * * *" is not a valid cron schedule',
      '/cron/1: "Mars/Olympus" is not a time zone',
      "/cron/3: the same job as /cron/2",
    );
    rejects(
      {
        addons: [
          { kind: "postgres", as: "DB" },
          { kind: "redis", as: "DB" },
        ],
      },
      "/addons/1/as: DB is already used by /addons/0",
    );
    rejects({ formation: { release: { quantity: 1 } } }, "/formation/release: the release task");
  });

  it("allows a seconds field in cron schedules only when the platform does", () => {
    const manifest = { cron: [{ schedule: "*/5 * * * * *", command: "x" }] };
    rejects(manifest, "/cron/0: ");
    assert.deepEqual(parse(manifest, true), manifest);
  });
});

describe("checkFormationTypes", () => {
  it("refuses formation for a type the build did not produce", () => {
    const manifest: Manifest = { formation: { web: { quantity: 1 }, wrker: { quantity: 1 } } };
    assert.throws(
      () => checkFormationTypes(manifest, { web: "node s.js", worker: "node w.js", release: "node m.js" }),
      (err: unknown) =>
        err instanceof FifteenError &&
        err.message ===
          'fifteen.json: /formation/wrker: the app has no process type "wrker" (its types: web, worker)',
    );
    checkFormationTypes(manifest, { web: "a", wrker: "b" });
  });
});

describe("required config", () => {
  const manifest: Manifest = {
    config: {
      STRIPE_KEY: {
        description: "Stripe secret key, from the Stripe dashboard",
        pattern: "sk_(test|live)_\\w+",
      },
      SENTRY_DSN: "Where errors are reported",
      COLOR: { description: "Theme color", pattern: "red|blue", required: false },
    },
  };

  it("lists each missing key and each value not matching its whole pattern", () => {
    assert.deepEqual(configProblems(manifest, { STRIPE_KEY: "sk_test_123", SENTRY_DSN: "x" }), []);
    assert.deepEqual(
      configProblems(manifest, { STRIPE_KEY: "xsk_test_1", COLOR: "reddish" }).map((p) => [p.key, p.problem]),
      [
        ["STRIPE_KEY", "invalid"],
        ["SENTRY_DSN", "missing"],
        ["COLOR", "invalid"],
      ],
    );
    assert.deepEqual(configProblems(null, {}), []);
  });

  it("gives up on a pattern that backtracks catastrophically instead of stalling the platform", () => {
    const evil = { config: { TOKEN: { description: "an api token", pattern: "(a+)+b" } } };
    const started = Date.now();
    const problems = configProblems(evil, { TOKEN: "a".repeat(5000) });
    assert.ok(Date.now() - started < 2000, "checked within its time limit");
    assert.deepEqual(
      problems.map((p) => [p.key, p.problem]),
      [["TOKEN", "slow"]],
    );
    assert.match(
      describeConfigProblems(problems),
      /TOKEN could not be checked: its pattern \(a\+\)\+b takes too long/,
    );
  });

  it("says what each key is for and how to set it, never the values", () => {
    const message = describeConfigProblems(configProblems(manifest, { STRIPE_KEY: "pk_secret_value" }));
    assert.equal(
      message,
      "fifteen.json requires config this release lacks: STRIPE_KEY does not match sk_(test|live)_\\w+ " +
        "(Stripe secret key, from the Stripe dashboard); SENTRY_DSN is missing (Where errors are reported). " +
        "Set it with `fifteen config:set STRIPE_KEY=… SENTRY_DSN=…`; nothing was started.",
    );
    assert.doesNotMatch(message, /pk_secret_value/);
  });
});
