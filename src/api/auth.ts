// The one hook that authenticates every request and checks the permission its route declares.
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  isPlatformAdmin,
  requireApp,
  requirePlatform,
  type App,
  type Core,
  type Permission,
  type Principal,
} from "../core/index.js";
import { FifteenError } from "../shared/errors.js";

/**
 * What a route must declare: the permission, and whether it applies to the platform, to `:app`, or to either.
 * The exceptions are explicit: `public` (health probes and login: no token), `scrape` (/metrics: the scrape
 * token or a platform admin token) and `self` (a user's own account and tokens, or a platform admin).
 */
export type RouteAccess =
  | { permission: Permission; scope: "platform" | "app" | "any" }
  | { scope: "public" }
  | { scope: "scrape" }
  | { scope: "self" };

export interface AuthOptions {
  /** FIFTEEN_METRICS_TOKEN: accepted by `scrape` routes only. */
  metricsToken?: string | undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

declare module "fastify" {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal | null;
    app: App | null;
    /** Set when the auth hook refused the request (401, 403, or 404 for an app the token cannot see). */
    refused: boolean;
  }
}

/** The token from `Authorization: Bearer T` or, for git, the password of `Basic`. */
export function requestToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, value] = header.split(" ", 2);
  if (!value) return undefined;
  if (scheme?.toLowerCase() === "bearer") return value.trim();
  if (scheme?.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

export function registerAuth(server: FastifyInstance, core: Core, options: AuthOptions = {}): void {
  server.decorateRequest("principal", null);
  server.decorateRequest("app", null);
  server.decorateRequest("refused", false);

  // Refuse to boot with a route that forgot to say what it needs.
  server.addHook("onRoute", (route) => {
    if (route.method === "HEAD" || route.method === "OPTIONS") return;
    if (!route.config?.access)
      throw new Error(`route ${String(route.method)} ${route.url} declares no access`);
    if (route.config.access.scope === "app" && !route.url.includes(":app")) {
      throw new Error(`route ${route.url} has app scope but no :app parameter`);
    }
  });

  server.addHook("onRequest", async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (!access) return; // unknown route: the 404 handler answers
    if (access.scope === "public") return;
    try {
      await authorize(request, reply, access);
    } catch (err) {
      request.refused = true;
      throw err;
    }
  });

  async function authorize(
    request: FastifyRequest,
    reply: FastifyReply,
    access: Exclude<RouteAccess, { scope: "public" }>,
  ): Promise<void> {
    const token = requestToken(request);
    if (access.scope === "scrape" && token !== undefined && options.metricsToken) {
      if (sameSecret(token, options.metricsToken)) return;
    }
    const principal = token === undefined ? undefined : await core.tokens.authenticate(token);
    if (!principal) {
      void reply.header(
        "www-authenticate",
        request.url.includes(".git/") ? 'Basic realm="fifteen"' : "Bearer",
      );
      throw new FifteenError(
        "AUTH_REQUIRED",
        token === undefined
          ? "This request needs a token: send `Authorization: Bearer <token>` (the CLI uses `fifteen login`)."
          : "The token is not valid (wrong, revoked or expired).",
      );
    }
    request.principal = principal;
    if (access.scope === "app") {
      const name = (request.params as { app?: string }).app ?? "";
      request.app = requireApp(principal, await core.apps.find(name), name, access.permission);
    } else if (access.scope === "platform") {
      requirePlatform(principal, access.permission);
    } else if (access.scope === "scrape") {
      requirePlatform(principal, "platform:admin");
    } else if (access.scope === "self") {
      if (!isPlatformAdmin(principal) && (principal.user === null || principal.appId !== null)) {
        throw new FifteenError(
          "FORBIDDEN",
          principal.user === null
            ? "This token belongs to no user: only users and platform admins manage accounts and tokens."
            : "This token is limited to one app; use a login token to manage your account and tokens.",
        );
      }
    } else if (!principal.permissions.has(access.permission)) {
      throw new FifteenError("FORBIDDEN", `This token lacks the ${access.permission} permission.`);
    }
  }
}

/** The authenticated principal and app of a route with app scope (the hook guarantees both). */
export function appContext(request: FastifyRequest): { app: App; principal: Principal } {
  if (!request.app || !request.principal) throw new Error("route has no app scope");
  return { app: request.app, principal: request.principal };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error("route ran without authentication");
  return request.principal;
}
