// Config var routes: read all, read one, set and unset (one new version per change).
import { Type } from "typebox";
import type { Core } from "../../core/index.js";
import { appContext } from "../auth.js";
import { AppParams, ConfigChangeSchema, ConfigSchema, errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

export function configRoutes(server: Server, core: Core): void {
  server.get(
    "/v1/apps/:app/config-vars",
    {
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary: "The app's config vars (values are secrets: needs app:deploy)",
        params: AppParams,
        response: { 200: ConfigSchema, ...errorResponses(404) },
      },
    },
    async (request) => core.config.current(appContext(request).app),
  );

  server.get(
    "/v1/apps/:app/config-vars/:key",
    {
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary: "One config var",
        params: Type.Object({ app: Type.String({ maxLength: 64 }), key: Type.String({ maxLength: 256 }) }),
        response: { 200: Type.Object({ key: Type.String(), value: Type.String() }), ...errorResponses(404) },
      },
    },
    async (request) => ({
      key: request.params.key,
      value: await core.config.get(appContext(request).app, request.params.key),
    }),
  );

  server.patch(
    "/v1/apps/:app/config-vars",
    {
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary: "Set (string) or unset (null) config vars; a deployed app gets a new release",
        description:
          "With runtimeOnly=true the keys set are runtime-only: processes and one-offs get them, build steps never do. A key stays runtime-only until it is unset.",
        params: AppParams,
        querystring: Type.Object({ runtimeOnly: Type.Optional(Type.Boolean()) }),
        // Null first: with type coercion on, a string branch tried first would turn null into "".
        body: Type.Record(Type.String(), Type.Union([Type.Null(), Type.String()])),
        response: { 200: ConfigChangeSchema, ...errorResponses(404, 422) },
      },
    },
    async (request) => {
      const { app, principal } = appContext(request);
      return core.config.update(app, request.body, principal, {
        runtimeOnly: request.query.runtimeOnly === true,
      });
    },
  );
}
