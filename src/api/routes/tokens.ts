// Token routes (users their own, platform admins all): list, issue (the secret is in this one response only), revoke.
import { Type } from "typebox";
import { PERMISSIONS, type Core } from "../../core/index.js";
import { principalOf } from "../auth.js";
import { errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const tokenFields = {
  id: Type.String(),
  name: Type.String(),
  permissions: Type.Array(Type.String()),
  app: Nullable(Type.String({ description: "The one app the token is limited to" })),
  user: Nullable(Type.String({ description: "The user the token acts for (null: a machine token)" })),
  createdAt: Type.String({ format: "date-time" }),
  expiresAt: Nullable(Type.String({ format: "date-time" })),
};
const TokenSchema = Type.Object(tokenFields);

export function tokenRoutes(server: Server, core: Core): void {
  server.get(
    "/v1/tokens",
    {
      config: { access: { scope: "self" } },
      schema: {
        summary: "API tokens (never their secrets): a user's own, or every token for a platform admin",
        response: { 200: Type.Array(TokenSchema), ...errorResponses() },
      },
    },
    async (request) => core.tokens.list(principalOf(request)),
  );

  server.post(
    "/v1/tokens",
    {
      config: { access: { scope: "self" } },
      schema: {
        summary: "Issue a token: some permissions, optionally one app only, optionally expiring",
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 64 }),
            permissions: Type.Array(Type.Union(PERMISSIONS.map((p) => Type.Literal(p))), {
              minItems: 1,
              maxItems: PERMISSIONS.length,
              uniqueItems: true,
            }),
            app: Type.Optional(Type.String({ maxLength: 64 })),
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            ...tokenFields,
            token: Type.String({ description: "The secret: shown in this response only" }),
          }),
          ...errorResponses(404, 422),
        },
      },
    },
    async (request, reply) => {
      const { name, permissions, app, expiresInDays } = request.body;
      const issued = await core.tokens.issue(
        {
          name,
          permissions,
          app: app ?? null,
          expiresInDays: expiresInDays ?? null,
        },
        principalOf(request),
      );
      return reply.status(201).header("cache-control", "no-store").send(issued);
    },
  );

  server.delete(
    "/v1/tokens/:id",
    {
      config: { access: { scope: "self" } },
      schema: {
        summary: "Revoke a token: it stops working at once",
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await core.tokens.revoke(request.params.id, principalOf(request));
      return reply.status(204).send(null);
    },
  );
}
