import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { FifteenError } from "../shared/errors.js";
import { closestSetting, loadCliEnv, loadPlatformConfig, unknownSettingWarning } from "./index.js";

type Env = Record<string, string>;

function settingInvalid(env: Env, message: RegExp): void {
  assert.throws(
    () => loadPlatformConfig(env, "/tmp/x"),
    (err: unknown) => {
      assert.ok(err instanceof FifteenError, `expected a FifteenError, got ${String(err)}`);
      assert.equal(err.code, "SETTING_INVALID");
      assert.match(err.message, message);
      return true;
    },
  );
}

describe("loadPlatformConfig", () => {
  test("defaults", () => {
    const cfg = loadPlatformConfig({}, "/tmp/x");
    assert.equal(cfg.apiHost, "127.0.0.1");
    assert.equal(cfg.apiPort, 5050);
    assert.equal(cfg.dataDir, "/tmp/x/.fifteen");
    assert.equal(cfg.graceSeconds, 30);
    assert.equal(cfg.bootTimeoutSeconds, 60);
    assert.equal(cfg.buildTimeoutSeconds, 900);
    assert.equal(cfg.maxSourceBytes, 512 * 1024 * 1024);
    assert.equal(cfg.maxUnpackedBytes, 2048 * 1024 * 1024);
    assert.equal(cfg.logLevel, "info");
    assert.equal(cfg.databaseUrl, undefined);
    assert.equal(cfg.masterKey, undefined);
    assert.equal(cfg.adminToken, undefined);
    assert.deepEqual(cfg.unknownSettings, []);
  });

  test("empty strings count as unset", () => {
    const cfg = loadPlatformConfig(
      { FIFTEEN_API_PORT: "", FIFTEEN_API_HOST: "", FIFTEEN_MASTER_KEY: "", FIFTEEN_ADMIN_TOKEN: "" },
      "/tmp/x",
    );
    assert.equal(cfg.apiPort, 5050);
    assert.equal(cfg.apiHost, "127.0.0.1");
    assert.equal(cfg.masterKey, undefined);
    assert.equal(cfg.adminToken, undefined);
  });

  test("reads overrides", () => {
    const cfg = loadPlatformConfig(
      {
        FIFTEEN_API_HOST: "0.0.0.0",
        FIFTEEN_API_PORT: "8080",
        FIFTEEN_DATA_DIR: "state",
        FIFTEEN_GRACE_SECONDS: "0",
        FIFTEEN_BOOT_TIMEOUT_SECONDS: "5",
        FIFTEEN_BUILD_TIMEOUT_SECONDS: "60",
        FIFTEEN_MAX_SOURCE_MB: "2",
        FIFTEEN_LOG_LEVEL: "debug",
        FIFTEEN_DATABASE_URL: "postgres://u@db:5432/fifteen",
      },
      "/tmp/x",
    );
    assert.equal(cfg.apiHost, "0.0.0.0");
    assert.equal(cfg.apiPort, 8080);
    assert.equal(cfg.dataDir, "/tmp/x/state");
    assert.equal(cfg.graceSeconds, 0);
    assert.equal(cfg.bootTimeoutSeconds, 5);
    assert.equal(cfg.buildTimeoutSeconds, 60);
    assert.equal(cfg.maxSourceBytes, 2 * 1024 * 1024);
    assert.equal(cfg.logLevel, "debug");
    assert.equal(cfg.databaseUrl, "postgres://u@db:5432/fifteen");
  });

  test("an absolute FIFTEEN_DATA_DIR is used as is", () => {
    assert.equal(
      loadPlatformConfig({ FIFTEEN_DATA_DIR: "/var/lib/fifteen" }, "/tmp/x").dataDir,
      "/var/lib/fifteen",
    );
  });

  test("port 0 (pick a free port) and 65535 are accepted", () => {
    assert.equal(loadPlatformConfig({ FIFTEEN_API_PORT: "0" }, "/tmp/x").apiPort, 0);
    assert.equal(loadPlatformConfig({ FIFTEEN_API_PORT: "65535" }, "/tmp/x").apiPort, 65535);
  });

  for (const port of ["abc", "70000", "-1", "65536", "80.5", " 80", "1e3", "0x50"]) {
    test(`FIFTEEN_API_PORT=${JSON.stringify(port)} is refused, naming the variable and the range`, () => {
      settingInvalid(
        { FIFTEEN_API_PORT: port },
        /^FIFTEEN_API_PORT=.* is invalid: expected an integer from 0 to 65535/,
      );
    });
  }

  test("other integer settings are range-checked too", () => {
    settingInvalid({ FIFTEEN_BUILD_TIMEOUT_SECONDS: "0" }, /FIFTEEN_BUILD_TIMEOUT_SECONDS/);
    settingInvalid({ FIFTEEN_BOOT_TIMEOUT_SECONDS: "0" }, /FIFTEEN_BOOT_TIMEOUT_SECONDS/);
    settingInvalid({ FIFTEEN_GRACE_SECONDS: "3601" }, /FIFTEEN_GRACE_SECONDS/);
    settingInvalid({ FIFTEEN_MAX_SOURCE_MB: "0" }, /FIFTEEN_MAX_SOURCE_MB/);
    settingInvalid({ FIFTEEN_MAX_UNPACKED_MB: "0" }, /FIFTEEN_MAX_UNPACKED_MB/);
    settingInvalid({ FIFTEEN_RELEASE_TIMEOUT_SECONDS: "0" }, /FIFTEEN_RELEASE_TIMEOUT_SECONDS/);
  });

  test("add-on admin URLs are checked by scheme and never echoed", () => {
    const cfg = loadPlatformConfig(
      { FIFTEEN_POSTGRES_URL: "postgres://admin:pw@db:5432/postgres", FIFTEEN_REDIS_URL: "rediss://h:6380" },
      "/tmp/x",
    );
    assert.equal(cfg.postgresUrl, "postgres://admin:pw@db:5432/postgres");
    assert.equal(cfg.redisUrl, "rediss://h:6380");
    assert.equal(loadPlatformConfig({}, "/tmp/x").postgresUrl, undefined);
    settingInvalid(
      { FIFTEEN_POSTGRES_URL: "mysql://admin:hunter2@db/x" },
      /^FIFTEEN_POSTGRES_URL="<redacted>" is invalid/,
    );
    settingInvalid(
      { FIFTEEN_REDIS_URL: "http://admin:hunter2@h" },
      /^FIFTEEN_REDIS_URL="<redacted>" is invalid: expected a redis:\/\/ or rediss:\/\/ URL/,
    );
  });

  test("FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT is an http(s) base URL, for the platform and the router", () => {
    assert.equal(loadPlatformConfig({}, "/tmp/x").otlpEndpoint, undefined);
    const cfg = loadPlatformConfig(
      { FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" },
      "/tmp/x",
    );
    assert.equal(cfg.otlpEndpoint, "http://collector:4318");
    assert.equal(cfg.router.otlpEndpoint, "http://collector:4318");
    assert.deepEqual(cfg.unknownSettings, []);
    settingInvalid(
      { FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4317" },
      /^FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT="collector:4317" is invalid: expected the http:\/\/ or https:\/\/ base URL/,
    );
    settingInvalid(
      { FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT: "https://u:secret@collector/?x=1" },
      /^FIFTEEN_OTEL_EXPORTER_OTLP_ENDPOINT="<redacted>" is invalid/,
    );
  });

  test("FIFTEEN_CRON_SECONDS is a boolean, off by default", () => {
    assert.equal(loadPlatformConfig({}, "/tmp/x").cronSeconds, false);
    assert.equal(loadPlatformConfig({ FIFTEEN_CRON_SECONDS: "true" }, "/tmp/x").cronSeconds, true);
    assert.equal(loadPlatformConfig({ FIFTEEN_CRON_SECONDS: "0" }, "/tmp/x").cronSeconds, false);
    settingInvalid({ FIFTEEN_CRON_SECONDS: "yes" }, /FIFTEEN_CRON_SECONDS="yes" is invalid: expected true/);
  });

  test("FIFTEEN_MASTER_KEY accepts 64 hex digits", () => {
    const key = randomBytes(32);
    const cfg = loadPlatformConfig({ FIFTEEN_MASTER_KEY: key.toString("hex") }, "/tmp/x");
    assert.deepEqual(cfg.masterKey, key);
    const upper = loadPlatformConfig({ FIFTEEN_MASTER_KEY: key.toString("hex").toUpperCase() }, "/tmp/x");
    assert.deepEqual(upper.masterKey, key);
  });

  test("FIFTEEN_MASTER_KEY accepts base64 of 32 bytes", () => {
    const key = randomBytes(32);
    const cfg = loadPlatformConfig({ FIFTEEN_MASTER_KEY: key.toString("base64") }, "/tmp/x");
    assert.deepEqual(cfg.masterKey, key);
  });

  test("a short FIFTEEN_MASTER_KEY is refused without echoing it", () => {
    for (const raw of [randomBytes(16).toString("hex"), randomBytes(31).toString("base64"), "a".repeat(63)]) {
      settingInvalid({ FIFTEEN_MASTER_KEY: raw }, /^FIFTEEN_MASTER_KEY is invalid: expected 32 bytes/);
      assert.throws(
        () => loadPlatformConfig({ FIFTEEN_MASTER_KEY: raw }, "/tmp/x"),
        (err: unknown) => err instanceof Error && !err.message.includes(raw),
      );
    }
  });

  test("FIFTEEN_MASTER_KEY with characters that are neither hex nor base64 is refused", () => {
    const key = randomBytes(32).toString("base64");
    settingInvalid({ FIFTEEN_MASTER_KEY: `!${key}` }, /FIFTEEN_MASTER_KEY/);
    settingInvalid({ FIFTEEN_MASTER_KEY: `${key.slice(0, 20)} ${key.slice(20)}` }, /FIFTEEN_MASTER_KEY/);
  });

  test("a long FIFTEEN_MASTER_KEY is refused", () => {
    settingInvalid({ FIFTEEN_MASTER_KEY: randomBytes(48).toString("hex") }, /FIFTEEN_MASTER_KEY/);
  });

  test("FIFTEEN_LOG_LEVEL=loud is refused, listing the levels", () => {
    settingInvalid(
      { FIFTEEN_LOG_LEVEL: "loud" },
      /FIFTEEN_LOG_LEVEL="loud" is invalid: expected .*info.*debug/,
    );
  });

  test("FIFTEEN_ADMIN_TOKEN shorter than 16 characters is refused", () => {
    settingInvalid({ FIFTEEN_ADMIN_TOKEN: "a".repeat(15) }, /^FIFTEEN_ADMIN_TOKEN is invalid/);
    assert.equal(
      loadPlatformConfig({ FIFTEEN_ADMIN_TOKEN: "a".repeat(16) }, "/tmp/x").adminToken,
      "a".repeat(16),
    );
  });

  test("FIFTEEN_ADMIN_TOKEN with whitespace is refused", () => {
    settingInvalid({ FIFTEEN_ADMIN_TOKEN: "abcdefgh ijklmnopq" }, /FIFTEEN_ADMIN_TOKEN/);
  });

  test("FIFTEEN_DATABASE_URL must be a postgres URL", () => {
    settingInvalid({ FIFTEEN_DATABASE_URL: "mysql://u@db/x" }, /FIFTEEN_DATABASE_URL/);
    settingInvalid({ FIFTEEN_DATABASE_URL: "not a url" }, /FIFTEEN_DATABASE_URL/);
  });

  test("a malformed FIFTEEN_DATABASE_URL is not echoed (it may hold a password)", () => {
    assert.throws(
      () => loadPlatformConfig({ FIFTEEN_DATABASE_URL: "postgres//user:s3cretpw@db" }, "/tmp/x"),
      (err: unknown) => err instanceof FifteenError && !err.message.includes("s3cretpw"),
    );
  });

  test("FIFTEEN_API_HOST with shell or URL characters is refused", () => {
    settingInvalid({ FIFTEEN_API_HOST: "localhost; rm -rf /" }, /FIFTEEN_API_HOST/);
    settingInvalid({ FIFTEEN_API_HOST: "http://localhost" }, /FIFTEEN_API_HOST/);
  });

  test("unknown FIFTEEN_* settings are reported, other variables are not", () => {
    const cfg = loadPlatformConfig({ FIFTEEN_FOO: "1", FIFTEEN_API_PORT: "5050", HOME: "/root" }, "/tmp/x");
    assert.deepEqual(cfg.unknownSettings, ["FIFTEEN_FOO"]);
  });

  test("an unknown setting's warning names the closest known setting", () => {
    assert.equal(
      unknownSettingWarning("FIFTEEN_ROUTER_PRT"),
      "FIFTEEN_ROUTER_PRT is not a setting; did you mean FIFTEEN_ROUTER_PORT? It is ignored.",
    );
    assert.equal(closestSetting("FIFTEEN_DATADIR"), "FIFTEEN_DATA_DIR");
    assert.equal(closestSetting("FIFTEEN_API_POTR"), "FIFTEEN_API_PORT");
    assert.equal(closestSetting("FIFTEEN_DISK_LIMT"), "FIFTEEN_DISK_LIMIT");
    // Nothing close: no guess.
    assert.equal(closestSetting("FIFTEEN_ZZZZZZZZZZZZ"), undefined);
    assert.match(unknownSettingWarning("FIFTEEN_ZZZZZZZZZZZZ"), /is not a setting and is ignored/);
  });

  test("the CLI's own variables are not unknown settings", () => {
    const cfg = loadPlatformConfig(
      { FIFTEEN_APP: "shop", FIFTEEN_TOKEN: "t", FIFTEEN_API_URL: "http://x", FIFTEEN_DATADIR: "/x" },
      "/tmp/x",
    );
    assert.deepEqual(cfg.unknownSettings, ["FIFTEEN_DATADIR"]);
  });

  test("FIFTEEN_DISK_LIMIT is a size, 1G by default", () => {
    assert.equal(loadPlatformConfig({}, "/tmp/x").diskLimitMb, 1024);
    assert.equal(loadPlatformConfig({ FIFTEEN_DISK_LIMIT: "2G" }, "/tmp/x").diskLimitMb, 2048);
    settingInvalid({ FIFTEEN_DISK_LIMIT: "lots" }, /FIFTEEN_DISK_LIMIT/);
  });

  test("the returned config is frozen", () => {
    const cfg = loadPlatformConfig({}, "/tmp/x");
    assert.ok(Object.isFrozen(cfg));
    assert.ok(Object.isFrozen(cfg.childEnv));
    assert.ok(Object.isFrozen(cfg.unknownSettings));
    assert.throws(() => {
      (cfg as { apiPort: number }).apiPort = 1;
    }, TypeError);
  });

  test("childEnv passes PATH and LANG but never platform secrets", () => {
    const cfg = loadPlatformConfig(
      {
        PATH: "/usr/bin:/bin",
        FIFTEEN_MASTER_KEY: randomBytes(32).toString("hex"),
        FIFTEEN_ADMIN_TOKEN: "x".repeat(20),
        FIFTEEN_DATABASE_URL: "postgres://u:pw@db/x",
        AWS_SECRET_ACCESS_KEY: "nope",
      },
      "/tmp/x",
    );
    assert.deepEqual(Object.keys(cfg.childEnv).sort(), ["LANG", "PATH"]);
    assert.match(cfg.childEnv.PATH ?? "", /:\/usr\/bin:\/bin$/);
  });
});

describe("loadCliEnv", () => {
  test("credentials live under XDG_CONFIG_HOME when it is set", () => {
    const env = loadCliEnv({ XDG_CONFIG_HOME: "/xdg", HOME: "/home/u" });
    assert.equal(env.credentialsFile, "/xdg/fifteen/credentials.json");
  });

  test("otherwise under HOME/.config", () => {
    assert.equal(loadCliEnv({ HOME: "/home/u" }).credentialsFile, "/home/u/.config/fifteen/credentials.json");
    assert.equal(
      loadCliEnv({ HOME: "/home/u", XDG_CONFIG_HOME: "" }).credentialsFile,
      "/home/u/.config/fifteen/credentials.json",
    );
  });

  test("reads FIFTEEN_API_URL, FIFTEEN_TOKEN, FIFTEEN_APP and PORT", () => {
    const env = loadCliEnv({
      HOME: "/home/u",
      FIFTEEN_API_URL: "http://127.0.0.1:5050",
      FIFTEEN_TOKEN: "tok",
      FIFTEEN_APP: "shop",
      PORT: "3000",
    });
    assert.equal(env.apiUrl, "http://127.0.0.1:5050");
    assert.equal(env.token, "tok");
    assert.equal(env.app, "shop");
    // PORT is passed through as given; `fifteen static`, the one command that serves, validates it.
    assert.equal(env.port, "3000");
    assert.ok(Object.isFrozen(env));
  });

  test("unset or empty values are undefined", () => {
    for (const env of [
      loadCliEnv({ HOME: "/home/u" }),
      loadCliEnv({ HOME: "/home/u", FIFTEEN_API_URL: "", FIFTEEN_TOKEN: "", FIFTEEN_APP: "", PORT: "" }),
    ]) {
      assert.equal(env.apiUrl, undefined);
      assert.equal(env.token, undefined);
      assert.equal(env.app, undefined);
      assert.equal(env.port, undefined);
    }
  });
});
