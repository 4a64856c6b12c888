// App access: the users who hold a role on the app (viewer, deployer, admin, owner).
import { Type } from "typebox";
import type { Core } from "../../core/index.js";
import { appContext } from "../auth.js";
import { AppParams, errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

const RoleSchema = Type.Union([
  Type.Literal("viewer"),
  Type.Literal("deployer"),
  Type.Literal("admin"),
  Type.Literal("owner"),
]);
const MemberSchema = Type.Object({
  email: Type.String(),
  role: RoleSchema,
  since: Type.String({ format: "date-time" }),
});
const MemberParams = Type.Object({
  ...AppParams.properties,
  email: Type.String({ minLength: 3, maxLength: 254 }),
});

export function accessRoutes(server: Server, core: Core): void {
  server.get(
    "/v1/apps/:app/access",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "The users who can use the app, and their roles",
        params: AppParams,
        response: { 200: Type.Array(MemberSchema), ...errorResponses(404) },
      },
    },
    async (request) => core.members.list(appContext(request).app),
  );

  server.put(
    "/v1/apps/:app/access/:email",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "Give a user a role on the app, or change it (only owners grant or change owner)",
        params: MemberParams,
        body: Type.Object({ role: RoleSchema }, { additionalProperties: false }),
        response: { 200: Type.Array(MemberSchema), ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => {
      const { app, principal } = appContext(request);
      return core.members.grant(app, request.params.email, request.body.role, principal);
    },
  );

  server.delete(
    "/v1/apps/:app/access/:email",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "Take a user's role on the app away",
        params: MemberParams,
        response: { 200: Type.Array(MemberSchema), ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => {
      const { app, principal } = appContext(request);
      return core.members.revoke(app, request.params.email, principal);
    },
  );
}
