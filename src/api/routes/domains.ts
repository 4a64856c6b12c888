// Domain routes: custom host names the router sends to the app.
import { Type } from "typebox";
import type { Core } from "../../core/index.js";
import { appContext } from "../auth.js";
import { AppParams, errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

const DomainSchema = Type.Object({
  hostname: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
});

export function domainRoutes(server: Server, core: Core): void {
  server.get(
    "/v1/apps/:app/domains",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "The app's custom domains",
        params: AppParams,
        response: { 200: Type.Array(DomainSchema), ...errorResponses(404) },
      },
    },
    async (request) => core.domains.list(appContext(request).app),
  );

  server.post(
    "/v1/apps/:app/domains",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "Route a host name to the app",
        params: AppParams,
        body: Type.Object({ hostname: Type.String({ maxLength: 253 }) }, { additionalProperties: false }),
        response: { 201: DomainSchema, ...errorResponses(404, 409, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await core.domains.add(appContext(request).app, request.body.hostname)),
  );

  server.delete(
    "/v1/apps/:app/domains/:hostname",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "Stop routing a host name to the app",
        params: Type.Object({
          app: Type.String({ maxLength: 64 }),
          hostname: Type.String({ maxLength: 253 }),
        }),
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await core.domains.remove(appContext(request).app, request.params.hostname);
      return reply.status(204).send(null);
    },
  );
}
