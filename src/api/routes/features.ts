// App feature routes: list an app's features, and turn one on or off (http-session-affinity).
import { Type } from "typebox";
import type { Core } from "../../core/index.js";
import { appContext } from "../auth.js";
import { AppParams, errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

const FeatureSchema = Type.Object({
  name: Type.String({ description: "The feature's name, e.g. http-session-affinity" }),
  description: Type.String({ description: "What it does, in one line" }),
  enabled: Type.Boolean({ description: "Whether it is on for the app" }),
});

const FeatureParams = Type.Object({
  ...AppParams.properties,
  feature: Type.String({ maxLength: 64 }),
});

export function featureRoutes(server: Server, core: Core): void {
  server.get(
    "/v1/apps/:app/features",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "The features there are, each with whether it is on for the app",
        params: AppParams,
        response: { 200: Type.Array(FeatureSchema), ...errorResponses(404) },
      },
    },
    async (request) => core.features.list(appContext(request).app),
  );

  server.get(
    "/v1/apps/:app/features/:feature",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "One feature, with whether it is on for the app (404 FEATURE_UNKNOWN for an unknown name)",
        params: FeatureParams,
        response: { 200: FeatureSchema, ...errorResponses(404) },
      },
    },
    async (request) => core.features.get(appContext(request).app, request.params.feature),
  );

  server.patch(
    "/v1/apps/:app/features/:feature",
    {
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary:
          "Turn a feature on or off for the app; the router applies it at once, with no restart (404 FEATURE_UNKNOWN for an unknown name)",
        params: FeatureParams,
        body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: FeatureSchema, ...errorResponses(404, 422) },
      },
    },
    async (request) =>
      core.features.set(appContext(request).app, request.params.feature, request.body.enabled),
  );
}
