import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PERMISSIONS, expand, isPermission, type Permission } from "./permissions.js";

function sorted(set: ReadonlySet<Permission>): Permission[] {
  return [...set].sort();
}

describe("expand", () => {
  test("platform:admin implies every permission", () => {
    assert.deepEqual(sorted(expand(["platform:admin"])), [...PERMISSIONS].sort());
  });

  test("app:owner implies app:admin and below but not platform:admin", () => {
    assert.deepEqual(sorted(expand(["app:owner"])), ["app:admin", "app:deploy", "app:owner", "app:read"]);
  });

  test("app:admin implies app:deploy and app:read but not app:owner or platform:admin", () => {
    assert.deepEqual(sorted(expand(["app:admin"])), ["app:admin", "app:deploy", "app:read"]);
  });

  test("app:deploy implies app:read but not app:admin", () => {
    const got = expand(["app:deploy"]);
    assert.ok(got.has("app:read"));
    assert.ok(!got.has("app:admin"));
    assert.ok(!got.has("platform:admin"));
    assert.deepEqual(sorted(got), ["app:deploy", "app:read"]);
  });

  test("app:read implies nothing else", () => {
    assert.deepEqual(sorted(expand(["app:read"])), ["app:read"]);
  });

  test("nothing granted expands to nothing", () => {
    assert.equal(expand([]).size, 0);
  });

  test("implication is transitive: every implied permission's own implications are included", () => {
    for (const p of PERMISSIONS) {
      const once = expand([p]);
      assert.deepEqual(sorted(expand(once)), sorted(once), `${p} is not closed under implication`);
    }
  });

  test("combining grants unions their implications", () => {
    assert.deepEqual(sorted(expand(["app:read", "app:deploy", "app:read"])), ["app:deploy", "app:read"]);
  });
});

describe("isPermission", () => {
  test("accepts the known permissions and nothing else", () => {
    for (const p of PERMISSIONS) assert.ok(isPermission(p));
    for (const p of ["", "admin", "app:*", "APP:READ", "app:read "]) assert.ok(!isPermission(p), p);
  });
});
