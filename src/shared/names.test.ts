import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FifteenError, type ErrorCode } from "./errors.js";
import { assertAppName, assertConfigKey, assertConfigValue } from "./names.js";

function rejects(fn: () => void, code: ErrorCode, message?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof FifteenError, `expected a FifteenError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  });
}

describe("assertAppName", () => {
  for (const name of ["shop", "my-api", "a1", "ab", "a".repeat(30), "a--b"]) {
    test(`accepts ${JSON.stringify(name)}`, () => {
      assert.doesNotThrow(() => assertAppName(name));
    });
  }

  const invalid: [string, string][] = [
    ["../x", "path traversal"],
    ["Shop", "upper case"],
    ["x", "too short"],
    ["a".repeat(31), "31 characters"],
    ["shop-", "trailing dash"],
    ["1shop", "leading digit"],
    ["-shop", "leading dash"],
    ["", "empty"],
    ["my_api", "underscore"],
    ["shop ", "trailing space"],
    ["shop\n", "trailing newline"],
    ["my.api", "dot"],
  ];
  for (const [name, why] of invalid) {
    test(`rejects ${JSON.stringify(name)} (${why}) with APP_NAME_INVALID`, () => {
      rejects(() => assertAppName(name), "APP_NAME_INVALID");
    });
  }

  test("the invalid-name message quotes the name and says what to use", () => {
    rejects(
      () => assertAppName("Shop"),
      "APP_NAME_INVALID",
      /"Shop".*lowercase letters, digits and '-'.*starting with a letter.*"shop"/s,
    );
  });

  test("the invalid-name error maps to HTTP 422", () => {
    assert.throws(
      () => assertAppName("../x"),
      (err: unknown) => err instanceof FifteenError && err.status === 422,
    );
  });

  for (const name of ["api", "fifteen", "admin", "git", "www"]) {
    test(`rejects reserved name ${JSON.stringify(name)} with APP_NAME_RESERVED`, () => {
      rejects(() => assertAppName(name), "APP_NAME_RESERVED", new RegExp(`"${name}" is reserved`));
    });
  }

  test("a name that merely contains a reserved word is allowed", () => {
    assert.doesNotThrow(() => assertAppName("my-api"));
    assert.doesNotThrow(() => assertAppName("fifteen-docs"));
  });
});

describe("assertConfigKey", () => {
  for (const key of ["GREETING", "_X", "a1", "DATABASE_URL", "port", "K".repeat(256)]) {
    test(`accepts ${JSON.stringify(key.length > 20 ? `${key.slice(0, 5)}…(${key.length})` : key)}`, () => {
      assert.doesNotThrow(() => assertConfigKey(key));
    });
  }

  for (const key of ["1A", "A-B", "", "A B", "A=B", "A\0", "K".repeat(257)]) {
    test(`rejects ${JSON.stringify(key.length > 20 ? `${key.slice(0, 5)}…(${key.length})` : key)} with CONFIG_KEY_INVALID`, () => {
      rejects(() => assertConfigKey(key), "CONFIG_KEY_INVALID", /letters, digits and '_'/);
    });
  }

  for (const key of ["PORT", "FIFTEEN_APP", "FIFTEEN_"]) {
    test(`rejects platform-owned ${key} with CONFIG_KEY_RESERVED`, () => {
      rejects(() => assertConfigKey(key), "CONFIG_KEY_RESERVED", new RegExp(`${key} is set by the platform`));
    });
  }
});

describe("assertConfigValue", () => {
  test("accepts ordinary text, unicode, newlines and the empty string", () => {
    for (const value of ["hello", "héllo ✓ 🎉", "line1\nline2", ""]) {
      assert.doesNotThrow(() => assertConfigValue("K", value));
    }
  });

  test("rejects a NUL byte with CONFIG_VALUE_INVALID naming the key", () => {
    rejects(() => assertConfigValue("SECRET", "a\0b"), "CONFIG_VALUE_INVALID", /SECRET.*NUL/);
  });

  test("accepts exactly 32 KiB and rejects one byte more", () => {
    assert.doesNotThrow(() => assertConfigValue("K", "x".repeat(32 * 1024)));
    rejects(() => assertConfigValue("K", "x".repeat(32 * 1024 + 1)), "CONFIG_VALUE_INVALID", /32 KiB/);
  });

  test("measures the limit in UTF-8 bytes, not characters", () => {
    // "é" is two bytes: 16 Ki of them is exactly 32 KiB, one more is over.
    assert.doesNotThrow(() => assertConfigValue("K", "é".repeat(16 * 1024)));
    rejects(() => assertConfigValue("K", "é".repeat(16 * 1024 + 1)), "CONFIG_VALUE_INVALID");
  });
});
