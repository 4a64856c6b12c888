// What the OpenAPI document says beyond the route schemas Fastify validates with: uploaded and streamed
// bodies (Fastify never validates a stream), the WebSocket route (which @fastify/websocket hides), and which
// routes need no token. Also the list of registered routes, so a test can hold the document to all of them.
import type { FastifyInstance, FastifySchema, RouteOptions } from "fastify";
import type { RouteAccess } from "./auth.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** Media types of a streamed request body (documented as binary; never parsed or validated). */
    uploads?: string[];
    /** A streamed 200 response (documented as text of that media type; never serialised by Fastify). */
    streams?: { mediaType: string; description: string };
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  hasBody: boolean;
  /** Declared `{ scope: "public" }`: answered without a token. */
  public: boolean;
  /** What the route declared (the authorization matrix test is generated from it). */
  access: RouteAccess | undefined;
}

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Records every route as it is registered (HEAD routes Fastify adds by itself are left out). */
export function recordRoutes(server: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  registered.set(server, routes);
  server.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) {
      if (method === "HEAD" || method === "OPTIONS") continue;
      routes.push({
        method,
        url: route.url,
        hasBody: Boolean(route.schema?.body ?? route.config?.uploads),
        public: route.config?.access?.scope === "public",
        access: route.config?.access,
      });
    }
  });
}

export function registeredRoutes(server: FastifyInstance): readonly RegisteredRoute[] {
  return registered.get(server) ?? [];
}

type Schema = Record<string, unknown>;

/** A 200 response of another media type than JSON, streamed (for routes that hijack the reply, like git's). */
export function streamed(mediaType: string, description: string): Schema {
  return { description, content: { [mediaType]: { schema: { type: "string" } } } };
}

function describeAccess(access: RouteAccess | undefined): string {
  if (!access || access.scope === "public") return "none (no token)";
  if (access.scope === "scrape") return "the scrape token (FIFTEEN_METRICS_TOKEN) or platform:admin";
  if (access.scope === "self") return "a user (their own) or platform:admin";
  return access.scope === "app" ? `${access.permission} on the app` : access.permission;
}

/** The resource a route belongs to: `/v1/apps/:app/builds/:build` → builds. */
function tagOf(url: string): string {
  if (url.includes(".git")) return "git";
  if (["/metrics", "/healthz", "/readyz"].includes(url)) return "telemetry";
  const parts = url.split("/").filter((p) => p !== "" && p !== "v1" && !p.startsWith(":"));
  const [first = "meta", second] = parts;
  if (first !== "apps") return ["whoami", "openapi.json"].includes(first) ? "meta" : first;
  if (second === undefined) return "apps";
  const aliases: Record<string, string> = {
    "addon-attachments": "addons",
    pipeline: "pipelines",
    promotions: "pipelines",
    rollbacks: "releases",
  };
  return aliases[second] ?? second;
}

/** @fastify/swagger's per-route transform: completes what the validation schema cannot say. */
export function documentRoute({
  schema,
  url,
  route,
}: {
  schema: FastifySchema;
  url: string;
  route: RouteOptions;
}): { schema: FastifySchema; url: string } {
  const config = (route.config ?? {}) as {
    access?: RouteAccess;
    uploads?: string[];
    streams?: { mediaType: string; description: string };
  };
  const out: Schema = { ...(schema as Schema) };
  if (config.uploads) {
    out.body = {
      type: "string",
      format: "binary",
      description: `The body, streamed (${config.uploads.join(", ")})`,
    };
    out.consumes = config.uploads;
  }
  if (config.streams) {
    out.response = {
      200: streamed(config.streams.mediaType, config.streams.description),
      ...(schema.response as Schema | undefined),
    };
  }
  if ((route as { websocket?: boolean }).websocket) {
    out.hide = false;
    out.response = {
      101: { type: "null", description: "Switching Protocols: the WebSocket is open" },
      ...(schema.response as Schema | undefined),
    };
  }
  if (config.access?.scope === "public") out.security = [];
  out["x-fifteen-access"] = describeAccess(config.access);
  out.tags = [tagOf(url)];
  return { schema: out, url };
}
