// Auth as a user meets it: 401 without or with a wrong token, 403/404 without the permission, every route guarded.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import { ADMIN_TOKEN, filesContaining, startTestPlatform, type TestPlatform } from "../testing/platform.js";

async function call(
  t: TestPlatform,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  token?: string,
  json?: unknown,
) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (json !== undefined) headers["content-type"] = "application/json";
  const res = await request(`${t.apiUrl}${path}`, {
    method,
    headers,
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

describe("auth", () => {
  let t: TestPlatform;
  before(async () => {
    t = await startTestPlatform();
    assert.equal((await call(t, "POST", "/v1/apps", ADMIN_TOKEN, { name: "alpha" })).status, 201);
    assert.equal((await call(t, "POST", "/v1/apps", ADMIN_TOKEN, { name: "beta" })).status, 201);
  });
  after(() => t.close());

  it("answers 401 AUTH_REQUIRED without a token", async () => {
    const res = await call(t, "GET", "/v1/apps");
    assert.equal(res.status, 401);
    assert.equal(res.body.code, "AUTH_REQUIRED");
    assert.equal(res.headers["www-authenticate"], "Bearer");
  });

  it("answers 401 for a wrong token", async () => {
    const res = await call(t, "GET", "/v1/apps", "fft_wrong_wrong_wrong_wrong");
    assert.equal(res.status, 401);
    assert.match(String(res.body.message), /not valid/);
  });

  it("accepts the admin token", async () => {
    const res = await call(t, "GET", "/v1/apps", ADMIN_TOKEN);
    assert.equal(res.status, 200);
    assert.deepEqual(
      (res.body as unknown as Array<{ name: string }>).map((a) => a.name),
      ["alpha", "beta"],
    );
  });

  it("answers 403 when a valid token lacks the permission", async () => {
    const { token } = await t.platform.core.tokens.create("viewer", ["app:read"], null);
    assert.equal((await call(t, "GET", "/v1/apps/alpha", token)).status, 200);
    const create = await call(t, "POST", "/v1/apps", token, { name: "gamma" });
    assert.equal(create.status, 403);
    assert.equal(create.body.code, "FORBIDDEN");
    const config = await call(t, "GET", "/v1/apps/alpha/config-vars", token);
    assert.equal(config.status, 403);
    const list = await call(t, "GET", "/v1/apps", ADMIN_TOKEN);
    assert.equal((list.body as unknown as unknown[]).length, 2, "the refused create wrote nothing");
  });

  it("answers 404, not 403, for an app outside a token's scope", async () => {
    const alpha = await t.platform.core.apps.find("alpha");
    const { token } = await t.platform.core.tokens.create(
      "alpha-deployer",
      ["app:deploy"],
      alpha?.id ?? null,
    );
    assert.equal((await call(t, "GET", "/v1/apps/alpha/config-vars", token)).status, 200);
    const other = await call(t, "GET", "/v1/apps/beta", token);
    assert.equal(other.status, 404);
    assert.equal(other.body.code, "APP_NOT_FOUND");
    const missing = await call(t, "GET", "/v1/apps/nope", token);
    assert.deepEqual(
      other.body.message?.toString().replace("beta", "X"),
      missing.body.message?.toString().replace("nope", "X"),
    );
    const list = await call(t, "GET", "/v1/apps", token);
    assert.deepEqual(
      (list.body as unknown as Array<{ name: string }>).map((a) => a.name),
      ["alpha"],
    );
  });

  it("guards every route in the OpenAPI document", async () => {
    const doc = await call(t, "GET", "/openapi.json", ADMIN_TOKEN);
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    const routes = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => [m.toUpperCase(), path] as const),
    );
    assert.ok(routes.length >= 15, `expected the full route table, got ${routes.length}`);
    // Routes that need no token (health probes, the manifest schema) say so with `security: []`.
    const isPublic = (method: string, path: string) =>
      (paths[path]?.[method.toLowerCase()] as { security?: unknown[] } | undefined)?.security?.length === 0;
    for (const [method, path] of routes) {
      const url = path.replace(/\{app\}/g, "alpha").replace(/\{[a-z]+\}/g, "1");
      const res = await request(`${t.apiUrl}${url}`, { method: method as "GET" });
      await res.body.dump();
      // Login is public: without a body it is a bad request, never a 401.
      const publicStatus = path === "/v1/login" ? 400 : 200;
      if (isPublic(method, path)) assert.equal(res.statusCode, publicStatus, `${method} ${path} is public`);
      else assert.equal(res.statusCode, 401, `${method} ${path} without a token`);
    }
    const publicRoutes = routes.filter(([m, p]) => isPublic(m, p)).map(([m, p]) => `${m} ${p}`);
    assert.deepEqual(publicRoutes.sort(), [
      "GET /healthz",
      "GET /readyz",
      "GET /schemas/fifteen.json",
      "POST /v1/login",
    ]);
    assert.ok(
      routes.some(([m, p]) => m === "GET" && p === "/metrics"),
      "/metrics is in the route table",
    );
  });

  it("sends security headers on every response, refused ones included", async () => {
    for (const token of [ADMIN_TOKEN, undefined]) {
      const res = await request(`${t.apiUrl}/v1/whoami`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      await res.body.dump();
      assert.equal(res.statusCode, token ? 200 : 401);
      assert.equal(res.headers["x-content-type-options"], "nosniff");
      assert.equal(res.headers["x-frame-options"], "DENY");
      assert.equal(res.headers["referrer-policy"], "no-referrer");
      assert.match(String(res.headers["content-security-policy"]), /default-src 'none'/);
      assert.equal(res.headers["cache-control"], "no-store");
    }
  });

  it("keeps only a hash of tokens on disk", async () => {
    assert.deepEqual(await filesContaining(t.dataDir, ADMIN_TOKEN), []);
  });
});
