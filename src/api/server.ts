// The HTTP API: a thin Fastify adapter over core. Every route has a schema and declares its access.
import https from "node:https";
import swagger from "@fastify/swagger";
import websocket from "@fastify/websocket";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Tracer } from "@opentelemetry/api";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyServerFactory,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from "fastify";
import type { Logger } from "pino";
import type { Core, CronRunner, DrainMonitor, LogReader, ProcessControl } from "../core/index.js";
import { FifteenError } from "../shared/errors.js";
import { registerAuth } from "./auth.js";
import { registerStrictBodies } from "./strict-body.js";
import { documentRoute, recordRoutes } from "./openapi.js";
import { registerTracing } from "./tracing.js";
import { addonRoutes } from "./routes/addons.js";
import { appRoutes } from "./routes/apps.js";
import { buildRoutes } from "./routes/builds.js";
import { configRoutes } from "./routes/config.js";
import { cronRoutes } from "./routes/cron.js";
import { certRoutes } from "./routes/certs.js";
import { domainRoutes } from "./routes/domains.js";
import { keyRoutes } from "./routes/keys.js";
import { drainRoutes } from "./routes/drains.js";
import { logRoutes } from "./routes/logs.js";
import { processRoutes } from "./routes/processes.js";
import { gitRoutes, type GitBackendOptions } from "./routes/git.js";
import { metaRoutes } from "./routes/meta.js";
import { pipelineRoutes } from "./routes/pipelines.js";
import { releaseRoutes } from "./routes/releases.js";
import { runRoutes } from "./routes/run.js";
import { schemaRoutes } from "./routes/schemas.js";
import { tokenRoutes } from "./routes/tokens.js";
import { userRoutes } from "./routes/users.js";
import { accessRoutes } from "./routes/access.js";
import { auditRoutes, registerAuditHook } from "./routes/audit.js";
import { featureRoutes } from "./routes/features.js";
import { maintenanceRoutes } from "./routes/maintenance.js";
import { doctorRoutes, type DoctorCheck } from "./routes/doctor.js";
import { telemetryRoutes, type TelemetrySource } from "./routes/telemetry.js";
import { webhookRoutes } from "./routes/webhooks.js";

export type Server = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface ApiOptions {
  core: Core;
  log: Logger;
  git: GitBackendOptions;
  processes: ProcessControl;
  cron: CronRunner;
  logs: LogReader;
  drains: DrainMonitor;
  /** What `fifteen doctor` reports. */
  doctor?: () => Promise<DoctorCheck[]>;
  telemetry: TelemetrySource;
  /** FIFTEEN_METRICS_TOKEN, accepted by /metrics. */
  metricsToken?: string | undefined;
  version: string;
  /** Makes a SERVER span per request; none without it. */
  tracer?: Tracer;
  /** Serve HTTPS with this PEM certificate chain and key (FIFTEEN_API_TLS_CERT, FIFTEEN_API_TLS_KEY). */
  tls?: { cert: Buffer; key: Buffer } | undefined;
}

export async function createApi(options: ApiOptions): Promise<Server> {
  const { tls } = options;
  const serverFactory: FastifyServerFactory<RawServerDefault> | undefined = tls
    ? (handler) => https.createServer({ ...tls }, handler)
    : undefined;
  const server = Fastify({
    loggerInstance: options.log as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    ...(serverFactory ? { serverFactory } : {}),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await server.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Fifteen API", version: options.version },
      components: { securitySchemes: { token: { type: "http", scheme: "bearer" } } },
      security: [{ token: [] }],
    },
    transform: documentRoute,
  });
  recordRoutes(server);

  await server.register(websocket, { options: { maxPayload: 1024 * 1024 } });
  // Before auth, so refused requests have spans too.
  if (options.tracer) registerTracing(server, options.tracer);
  registerAuth(server, options.core, { metricsToken: options.metricsToken });
  registerAuditHook(server, options.core);
  registerStrictBodies(server);
  // Every response: not sniffable, not frameable, not cached by intermediaries, no referrer to follow.
  server.addHook("onSend", async (_request, reply) => {
    void reply.header("x-content-type-options", "nosniff");
    void reply.header("x-frame-options", "DENY");
    void reply.header("referrer-policy", "no-referrer");
    void reply.header("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
    void reply.header("cross-origin-resource-policy", "same-origin");
    if (!reply.hasHeader("cache-control")) void reply.header("cache-control", "no-store");
  });

  server.setErrorHandler((error: FastifyError | FifteenError, request, reply) => {
    if (error instanceof FifteenError) {
      return reply.status(error.status).send({ code: error.code, message: error.message });
    }
    if (error.validation) {
      return reply
        .status(400)
        .send({ code: "REQUEST_INVALID", message: `Invalid request: ${error.message}.` });
    }
    if (error.statusCode === 413 || error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return reply.status(413).send({ code: "PAYLOAD_TOO_LARGE", message: "The request body is too large." });
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(400).send({ code: "REQUEST_INVALID", message: error.message });
    }
    request.log.error({ err: error }, "request failed");
    return reply
      .status(500)
      .send({ code: "INTERNAL", message: "Internal error; the platform log has the details." });
  });

  server.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      code: "ROUTE_NOT_FOUND",
      message: `No route ${request.method} ${request.url.split("?")[0]}; see /openapi.json.`,
    }),
  );

  // Uploads (source tarballs, git packs) are streamed to their handler, never buffered.
  server.addContentTypeParser(
    [
      "application/gzip",
      "application/x-gzip",
      "application/octet-stream",
      "application/x-git-upload-pack-request",
      "application/x-git-receive-pack-request",
    ],
    (_request, payload, done) => done(null, payload),
  );

  metaRoutes(server, options.core);
  schemaRoutes(server);
  tokenRoutes(server, options.core);
  userRoutes(server, options.core);
  auditRoutes(server, options.core);
  keyRoutes(server, options.core);
  doctorRoutes(server, options.doctor ?? (async () => []));
  appRoutes(server, options.core);
  maintenanceRoutes(server, options.core);
  featureRoutes(server, options.core);
  accessRoutes(server, options.core);
  configRoutes(server, options.core);
  buildRoutes(server, options.core);
  releaseRoutes(server, options.core);
  processRoutes(server, options.core, options.processes);
  runRoutes(server, options.processes);
  cronRoutes(server, options.core, options.cron);
  addonRoutes(server, options.core);
  logRoutes(server, options.logs);
  drainRoutes(server, options.core, options.drains);
  webhookRoutes(server, options.core);
  telemetryRoutes(server, options.telemetry);
  domainRoutes(server, options.core);
  certRoutes(server, options.core);
  pipelineRoutes(server, options.core);
  gitRoutes(server, options.git);
  return server;
}
