// Routes about the API itself: who am I, and the OpenAPI document.
import { Type } from "typebox";
import { isPlatformAdmin, type Core } from "../../core/index.js";
import { principalOf } from "../auth.js";
import { errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

export function metaRoutes(server: Server, core: Core): void {
  server.get(
    "/v1/whoami",
    {
      config: { access: { permission: "app:read", scope: "any" } },
      schema: {
        summary: "Who the token acts for: its name or user, permissions and app limit",
        response: {
          200: Type.Object({
            name: Type.String(),
            permissions: Type.Array(Type.String()),
            app: Type.Union([Type.String(), Type.Null()]),
            user: Type.Union([Type.String({ description: "The user's email" }), Type.Null()]),
            platformAdmin: Type.Boolean(),
          }),
          ...errorResponses(),
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const app = principal.appId === null ? null : ((await core.apps.nameOf(principal.appId)) ?? null);
      return {
        name: principal.name,
        permissions: [...principal.permissions].sort(),
        app,
        user: principal.user?.email ?? null,
        platformAdmin: isPlatformAdmin(principal),
      };
    },
  );

  server.get(
    "/openapi.json",
    {
      config: { access: { permission: "app:read", scope: "any" } },
      schema: {
        summary: "This API's OpenAPI 3.1 document",
        response: {
          200: Type.Object({}, { additionalProperties: true, description: "The OpenAPI document" }),
          ...errorResponses(),
        },
      },
    },
    async () => server.swagger(),
  );
}
