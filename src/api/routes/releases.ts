// Release routes: list, show, and roll back (a new release from an old one).
import { Type } from "typebox";
import type { Core } from "../../core/index.js";
import { appContext } from "../auth.js";
import { AppParams, errorResponses, ReleaseSchema } from "../schemas.js";
import type { Server } from "../server.js";

export function releaseRoutes(server: Server, core: Core): void {
  server.get(
    "/v1/apps/:app/releases",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "Releases, newest first",
        params: AppParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }),
        response: { 200: Type.Array(ReleaseSchema), ...errorResponses(404) },
      },
    },
    async (request) => core.releases.list(appContext(request).app, request.query.limit),
  );

  server.get(
    "/v1/apps/:app/releases/:version",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "One release",
        params: Type.Object({
          app: Type.String({ maxLength: 64 }),
          version: Type.String({ pattern: "^v?[0-9]{1,9}$" }),
        }),
        response: { 200: ReleaseSchema, ...errorResponses(404) },
      },
    },
    async (request) =>
      core.releases.get(appContext(request).app, Number(request.params.version.replace(/^v/, ""))),
  );

  server.post(
    "/v1/apps/:app/rollbacks",
    {
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary: "Roll back: a new release with an earlier release's slug and config",
        params: AppParams,
        body: Type.Object(
          {
            version: Type.Optional(
              Type.Integer({ minimum: 1, description: "Default: the release before the current" }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: ReleaseSchema, ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      const { app, principal } = appContext(request);
      return reply.status(201).send(await core.releases.rollback(app, request.body.version, principal));
    },
  );
}
