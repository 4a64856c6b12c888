// App routes: list, create, info, update, rename, destroy.
import { Type } from "typebox";
import type { App, Core } from "../../core/index.js";
import { appContext, principalOf } from "../auth.js";
import { AppInfoSchema, AppParams, AppSchema, errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

/** An app as the API lists it: what the runtime reads besides (uid, maintenance) is not part of it. */
function appJson({ id, name, createdAt }: App) {
  return { id, name, createdAt };
}

export function appRoutes(server: Server, core: Core): void {
  server.get(
    "/v1/apps",
    {
      config: { access: { permission: "app:read", scope: "any" } },
      schema: {
        summary: "List the apps this token can see",
        response: { 200: Type.Array(AppSchema), ...errorResponses() },
      },
    },
    async (request) => (await core.apps.list(principalOf(request))).map(appJson),
  );

  server.post(
    "/v1/apps",
    {
      config: { access: { permission: "app:admin", scope: "platform" } },
      schema: {
        summary: "Create an app",
        body: Type.Object(
          {
            name: Type.String({ maxLength: 64 }),
            deployBranch: Type.Optional(Type.String({ maxLength: 100, description: "Default main" })),
          },
          { additionalProperties: false },
        ),
        response: { 201: AppSchema, ...errorResponses(409, 422) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          appJson(await core.apps.create(request.body.name, principalOf(request), request.body.deployBranch)),
        ),
  );

  server.patch(
    "/v1/apps/:app",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "Change an app's settings: the branch a git push deploys",
        params: AppParams,
        body: Type.Object(
          { deployBranch: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: AppInfoSchema, ...errorResponses(404, 422) },
      },
    },
    async (request) => core.apps.setDeployBranch(appContext(request).app, request.body.deployBranch),
  );

  server.post(
    "/v1/apps/:app/rename",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary:
          "Rename an app: its processes keep running and answer at the new host name; the old one stops answering",
        params: AppParams,
        body: Type.Object(
          { name: Type.String({ maxLength: 64, description: "The new name (a DNS label)" }) },
          { additionalProperties: false },
        ),
        response: { 200: AppInfoSchema, ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => core.apps.rename(appContext(request).app, request.body.name),
  );

  server.get(
    "/v1/apps/:app",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "Show an app",
        params: AppParams,
        response: { 200: AppInfoSchema, ...errorResponses(404) },
      },
    },
    async (request) => core.apps.info(appContext(request).app),
  );

  server.delete(
    "/v1/apps/:app",
    {
      config: { access: { permission: "app:owner", scope: "app" } },
      schema: {
        summary: "Destroy an app: its processes, repository, builds, slugs and config",
        params: AppParams,
        querystring: Type.Object({ confirm: Type.String({ description: "The app's name, to confirm" }) }),
        response: { 204: Type.Null(), ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      await core.apps.destroy(appContext(request).app, request.query.confirm);
      return reply.status(204).send(null);
    },
  );
}
