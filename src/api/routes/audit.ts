// The audit log: the hook that records every change and every refused request, and the routes that read and
// verify it (platform admins).
import { Type } from "typebox";
import type { Core } from "../../core/index.js";
import { errorResponses, Nullable } from "../schemas.js";
import type { Server } from "../server.js";

const EntrySchema = Type.Object({
  seq: Type.Integer(),
  time: Type.String({ format: "date-time" }),
  actor: Type.String({ description: "The token's name, or anonymous" }),
  tokenId: Nullable(Type.String()),
  action: Type.String({ description: "METHOD /route/template" }),
  target: Nullable(Type.String({ description: "The app (or pipeline) the request named" })),
  sourceIp: Type.String(),
  status: Type.Integer(),
  outcome: Type.Union([Type.Literal("allowed"), Type.Literal("denied")]),
  hash: Type.String(),
});

/** Records, after the response, every request that can change something, and every one that was refused. */
export function registerAuditHook(server: Server, core: Core): void {
  core.audit.reportFailuresTo((err) => server.log.error({ err }, "could not write the audit log"));
  server.addHook("onResponse", async (request, reply) => {
    const status = reply.statusCode;
    const denied = request.refused || status === 401 || status === 403;
    const route = request.routeOptions.url;
    // Opening a shell is a change (it can change anything the app can): attach and exec are GETs, recorded too.
    const attach = (route?.endsWith("/processes/attach") || route?.endsWith("/processes/exec")) ?? false;
    if (!denied && !attach && ["GET", "HEAD", "OPTIONS"].includes(request.method)) return;
    const params = (request.params ?? {}) as { app?: string; pipeline?: string };
    await core.audit
      .record({
        actor: request.principal?.name ?? "anonymous",
        tokenId: request.principal?.tokenId ?? null,
        action: `${request.method} ${route ?? request.url.split("?")[0] ?? ""}`,
        target: params.app ?? params.pipeline ?? null,
        sourceIp: request.ip,
        status,
        denied,
      })
      .catch((err: unknown) => request.log.error({ err }, "could not write the audit log"));
  });
}

export function auditRoutes(server: Server, core: Core): void {
  server.get(
    "/v1/audit",
    {
      config: { access: { permission: "platform:admin", scope: "platform" } },
      schema: {
        summary: "The audit log, newest first: every change and every refused request",
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })) }),
        response: { 200: Type.Array(EntrySchema), ...errorResponses() },
      },
    },
    async (request) => core.audit.recent(request.query.limit ?? 100),
  );

  server.get(
    "/v1/audit/verify",
    {
      config: { access: { permission: "platform:admin", scope: "platform" } },
      schema: {
        summary: "Check the audit log's hash chain from its first entry",
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            checked: Type.Integer({ description: "Entries that hold, from the first" }),
            firstBroken: Nullable(Type.Object({ seq: Type.Integer(), reason: Type.String() })),
          }),
          ...errorResponses(),
        },
      },
    },
    async () => core.audit.verify(),
  );
}
