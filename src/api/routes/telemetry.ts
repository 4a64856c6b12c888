// Telemetry routes: an app's metric history (`fifteen metrics`), the Prometheus scrape, and health probes.
import { Type } from "typebox";
import type { Series } from "../../telemetry/rollups.js";
import { sinceTime } from "./logs.js";
import { appContext } from "../auth.js";
import { streamed } from "../openapi.js";
import { AppParams, errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

export interface HealthCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface TelemetrySource {
  /** Prometheus text exposition of every metric. */
  prometheus(): Promise<{ contentType: string; text: string }>;
  series(appId: string, since: number): Series;
  /** What /readyz checks: the store, the router, the reconciler. */
  readiness(): Promise<HealthCheck[]>;
}

const Quantiles = {
  requests: Type.Integer(),
  rps: Type.Number({ description: "Requests per second" }),
  p50: Type.Union([Type.Number(), Type.Null()], { description: "Latency in ms" }),
  p95: Type.Union([Type.Number(), Type.Null()]),
  p99: Type.Union([Type.Number(), Type.Null()]),
  errorRate: Type.Union([Type.Number(), Type.Null()], { description: "Share of 5xx responses, 0 to 1" }),
};

const SeriesSchema = Type.Object({
  resolution: Type.Integer({ description: "Seconds per point: 10 for the last day, 300 beyond" }),
  points: Type.Array(
    Type.Object({
      time: Type.String({ format: "date-time" }),
      ...Quantiles,
      memory: Type.Record(Type.String(), Type.Integer(), { description: "Resident bytes per process" }),
      websockets: Type.Record(Type.String(), Type.Integer(), {
        description: "Open WebSockets through the router per process (the most in the period)",
      }),
    }),
  ),
  summary: Type.Object(Quantiles),
});

const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("unavailable")]),
  checks: Type.Array(
    Type.Object({ name: Type.String(), ok: Type.Boolean(), detail: Type.Optional(Type.String()) }),
  ),
});

export function telemetryRoutes(server: Server, telemetry: TelemetrySource): void {
  server.get(
    "/v1/apps/:app/metrics",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary:
          "Request rate, latency quantiles, 5xx rate, memory and open WebSockets per process over time",
        params: AppParams,
        querystring: Type.Object({
          since: Type.Optional(
            Type.String({ maxLength: 40, description: "A duration (1h, 30m, 7d) or a time" }),
          ),
        }),
        response: { 200: SeriesSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const since = sinceTime(request.query.since ?? "1h");
      return telemetry.series(appContext(request).app.id, Math.max(since, Date.now() - 30 * 86_400_000));
    },
  );

  server.get(
    "/metrics",
    {
      config: { access: { scope: "scrape" } },
      schema: {
        summary:
          "Prometheus metrics (the scrape token from FIFTEEN_METRICS_TOKEN, or a platform admin token)",
        response: { 200: streamed("text/plain", "Prometheus text format 0.0.4"), ...errorResponses() },
      },
    },
    async (_request, reply) => {
      const { contentType, text } = await telemetry.prometheus();
      return reply.header("content-type", contentType).send(text);
    },
  );

  server.get(
    "/healthz",
    {
      config: { access: { scope: "public" } },
      schema: { summary: "Liveness: the API answers (no token needed)", response: { 200: HealthSchema } },
    },
    async () => ({ status: "ok" as const, checks: [] }),
  );

  server.get(
    "/readyz",
    {
      config: { access: { scope: "public" } },
      schema: {
        summary: "Readiness: store reachable, router up, reconciler caught up (no token needed)",
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_request, reply) => {
      const checks = await telemetry.readiness();
      const ok = checks.every((c) => c.ok);
      return reply.status(ok ? 200 : 503).send({ status: ok ? "ok" : "unavailable", checks });
    },
  );
}
