// Log drain routes: list (with live delivery status), add and remove.
import { Type } from "typebox";
import type { Core, DrainMonitor } from "../../core/index.js";
import { appContext } from "../auth.js";
import { AppParams, errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

const DrainSchema = Type.Object({
  id: Type.String(),
  url: Type.String({ description: "The URL with its user name, password and query values masked" }),
  createdAt: Type.String({ format: "date-time" }),
  state: Type.Union([
    Type.Literal("idle"),
    Type.Literal("delivering"),
    Type.Literal("retrying"),
    Type.Literal("stopped"),
  ]),
  pending: Type.Integer({ description: "Lines waiting to be delivered" }),
  delivered: Type.Integer(),
  dropped: Type.Integer({ description: "Lines dropped because the drain's buffer was full" }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastErrorAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  lastDeliveredAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});

export function drainRoutes(server: Server, core: Core, monitor: DrainMonitor): void {
  server.get(
    "/v1/apps/:app/drains",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "The app's log drains with their delivery status",
        params: AppParams,
        response: { 200: Type.Array(DrainSchema), ...errorResponses(404) },
      },
    },
    async (request) =>
      (await core.drains.list(appContext(request).app)).map((drain) => {
        const live = monitor.status(drain.id);
        return live ? { ...drain, ...live } : { ...drain, state: "stopped" as const, pending: 0 };
      }),
  );

  server.post(
    "/v1/apps/:app/drains",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "Send the app's log lines to a URL (https://, http://, syslog:// or syslog+tls://)",
        params: AppParams,
        body: Type.Object(
          { url: Type.String({ minLength: 1, maxLength: 2048 }) },
          { additionalProperties: false },
        ),
        response: { 201: DrainSchema, ...errorResponses(404, 409, 422) },
      },
    },
    async (request, reply) => {
      const drain = await core.drains.add(appContext(request).app, request.body.url);
      return reply.status(201).send({ ...drain, state: "idle", pending: 0 });
    },
  );

  server.delete(
    "/v1/apps/:app/drains/:id",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "Stop sending the app's logs to a drain",
        params: Type.Object({ app: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await core.drains.remove(appContext(request).app, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
