// The authorization matrix, generated from the route table: every registered route is called as every kind of
// caller (platform admins, each app role, a user without a role, a token limited to another app, no token), and
// the answer must be exactly what the route's declared access allows: let through, 401, 403, or 404 for an app
// the caller cannot see. Requests carry a body the schema refuses, so a caller let through gets 400 and nothing
// changes; what matters is whether the auth hook let it through.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { request } from "undici";
import type { Permission, Principal } from "../core/index.js";
import type { RegisteredRoute } from "./openapi.js";
import { ADMIN_TOKEN, startTestPlatform, type TestPlatform } from "../testing/platform.js";

type Outcome = "allowed" | "401" | "403" | "404";

interface Caller {
  name: string;
  token: string | undefined;
  /** What the token holds (any routes check it), capped for users who are not platform admins. */
  grants: readonly string[];
  /** Limited to one app: platform routes refuse it whatever it holds. */
  limited: boolean;
  /** Permissions on app "alpha"; null: alpha is invisible (404). */
  onAlpha: readonly string[] | null;
}

// Written out here, not imported: the test states the policy the code must implement.
const EVERYTHING = ["app:read", "app:deploy", "app:admin", "app:owner", "platform:admin"];
const USER_CAPS = ["app:read", "app:deploy", "app:admin", "app:owner"];
const ROLE: Record<string, readonly string[]> = {
  viewer: ["app:read"],
  deployer: ["app:read", "app:deploy"],
  admin: ["app:read", "app:deploy", "app:admin"],
  owner: ["app:read", "app:deploy", "app:admin", "app:owner"],
};

function expected(route: RegisteredRoute, caller: Caller): Outcome {
  const access = route.access;
  assert.ok(access, `${route.method} ${route.url} declares its access`);
  if (access.scope === "public") return "allowed";
  if (caller.token === undefined) return "401";
  const platformAdmin = !caller.limited && caller.grants.includes("platform:admin");
  switch (access.scope) {
    case "scrape":
      return platformAdmin ? "allowed" : "403";
    case "self":
      // Users and platform admins; a machine token that is neither is refused.
      return caller.name.startsWith("user:") || platformAdmin ? "allowed" : "403";
    case "platform":
      return !caller.limited && caller.grants.includes(access.permission) ? "allowed" : "403";
    case "any":
      return caller.grants.includes(access.permission) ? "allowed" : "403";
    case "app":
      if (caller.onAlpha === null) return "404";
      return caller.onAlpha.includes(access.permission) ? "allowed" : "403";
  }
}

function classify(status: number, code: string | undefined): Outcome {
  if (status === 401) return "401";
  if (status === 403 && code === "FORBIDDEN") return "403";
  if (status === 404 && code === "APP_NOT_FOUND") return "404";
  return "allowed";
}

/** The route's URL with its parameters filled in: the app is always alpha, the rest name nothing that exists. */
function urlOf(route: RegisteredRoute): string {
  return route.url
    .replace(":app", "alpha")
    .replace(":email", "nobody@example.com")
    .replace(":hostname", "nothing.example.com")
    .replace(/:[A-Za-z]+/g, "0");
}

describe("the authorization matrix", () => {
  let t: TestPlatform;
  const callers: Caller[] = [];

  before(async () => {
    t = await startTestPlatform();
    const core = t.platform.core;
    const machine: Principal = {
      tokenId: "",
      name: "matrix",
      permissions: new Set<Permission>([
        "platform:admin",
        "app:owner",
        "app:admin",
        "app:deploy",
        "app:read",
      ]),
      appId: null,
      user: null,
      roles: null,
    };
    await core.apps.create("alpha", machine);
    const beta = await core.apps.create("beta", machine);
    const alpha = await core.apps.find("alpha");
    assert.ok(alpha);
    const login = async (email: string, platformAdmin = false) => {
      await core.users.create({ email, password: "correct horse battery", platformAdmin });
      return (await core.users.login(email, "correct horse battery", "127.0.0.1")).token;
    };
    callers.push({
      name: "machine:admin",
      token: ADMIN_TOKEN,
      grants: EVERYTHING,
      limited: false,
      onAlpha: EVERYTHING,
    });
    callers.push({
      name: "user:platform-admin",
      token: await login("root@example.com", true),
      grants: EVERYTHING,
      limited: false,
      onAlpha: EVERYTHING,
    });
    for (const role of ["owner", "admin", "deployer", "viewer"] as const) {
      const email = `${role}@example.com`;
      const token = await login(email);
      await core.members.grant(alpha, email, role, machine);
      callers.push({
        name: `user:${role}`,
        token,
        grants: USER_CAPS,
        limited: false,
        onAlpha: ROLE[role] ?? [],
      });
    }
    callers.push({
      name: "user:no-role",
      token: await login("stranger@example.com"),
      grants: USER_CAPS,
      limited: false,
      onAlpha: null,
    });
    const other = await core.tokens.create("beta-owner", ["app:owner"], beta.id);
    callers.push({
      name: "machine:beta-only",
      token: other.token,
      grants: ROLE.owner ?? [],
      limited: true,
      onAlpha: null,
    });
    callers.push({ name: "anonymous", token: undefined, grants: [], limited: false, onAlpha: null });
  });
  after(() => t.close());

  it("lets through exactly whom each route's declared access allows, on every route", async () => {
    const routes = t.platform.routes;
    assert.ok(routes.length >= 80, `the whole route table: ${routes.length}`);
    const mismatches: string[] = [];
    const seen = new Map<string, Set<Outcome>>();
    for (const route of routes) {
      const name = `${route.method} ${route.url}`;
      const outcomes = new Set<Outcome>();
      seen.set(name, outcomes);
      for (const caller of callers) {
        const res = await request(`${t.apiUrl}${urlOf(route)}`, {
          method: route.method as "GET",
          headers: {
            ...(caller.token ? { authorization: `Bearer ${caller.token}` } : {}),
            ...(route.hasBody ? { "content-type": "application/json" } : {}),
          },
          // An array is never a valid body here: a caller let through gets 400, and nothing changes.
          body: route.hasBody ? "[]" : undefined,
        });
        const text = await res.body.text();
        let code: string | undefined;
        try {
          code = (JSON.parse(text) as { code?: string }).code;
        } catch {
          code = undefined;
        }
        if (res.statusCode >= 500) mismatches.push(`${name} as ${caller.name}: ${res.statusCode} ${text}`);
        const got = classify(res.statusCode, code);
        const want = expected(route, caller);
        outcomes.add(got);
        if (got !== want) {
          mismatches.push(
            `${name} as ${caller.name}: expected ${want}, got ${res.statusCode} ${code ?? text.slice(0, 80)}`,
          );
        }
      }
    }
    assert.deepEqual(mismatches, []);
    assert.equal(seen.size, routes.length, "every route was called");
    for (const [name, outcomes] of seen) {
      const route = routes.find((r) => `${r.method} ${r.url}` === name);
      if (route?.access?.scope === "public") continue;
      assert.ok(outcomes.has("allowed"), `${name}: someone is allowed`);
      assert.ok(outcomes.size >= 2, `${name}: someone is refused`);
    }
  });

  it("covers every role, both sides of every app permission", () => {
    const appRoutes = t.platform.routes.filter((r) => r.access?.scope === "app");
    for (const permission of ["app:read", "app:deploy", "app:admin", "app:owner"]) {
      assert.ok(
        appRoutes.some((r) => r.access?.scope === "app" && r.access.permission === permission),
        `some route needs ${permission}`,
      );
    }
    assert.deepEqual(
      callers.map((c) => c.name),
      [
        "machine:admin",
        "user:platform-admin",
        "user:owner",
        "user:admin",
        "user:deployer",
        "user:viewer",
        "user:no-role",
        "machine:beta-only",
        "anonymous",
      ],
    );
  });
});
