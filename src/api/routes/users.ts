// Users (platform admins manage them), logging in with a password (no token: it makes one), and one's own account.
import { Type } from "typebox";
import type { Core } from "../../core/index.js";
import { FifteenError } from "../../shared/errors.js";
import { principalOf } from "../auth.js";
import { errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  platformAdmin: Type.Boolean(),
  createdAt: Type.String({ format: "date-time" }),
});
const EmailParams = Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }) });
const Password = Type.String({ minLength: 1, maxLength: 256 });

export function userRoutes(server: Server, core: Core): void {
  server.get(
    "/v1/users",
    {
      config: { access: { permission: "platform:admin", scope: "platform" } },
      schema: {
        summary: "Every user of the platform",
        response: { 200: Type.Array(UserSchema), ...errorResponses() },
      },
    },
    async () => core.users.list(),
  );

  server.post(
    "/v1/users",
    {
      config: { access: { permission: "platform:admin", scope: "platform" } },
      schema: {
        summary: "Create a user; without a password one is generated and shown in this response only",
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 254 }),
            password: Type.Optional(Password),
            platformAdmin: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            ...UserSchema.properties,
            password: Type.Optional(Type.String({ description: "The generated password: shown once" })),
          }),
          ...errorResponses(409, 422),
        },
      },
    },
    async (request, reply) => {
      const { email, password, platformAdmin } = request.body;
      const user = await core.users.create({ email, password, platformAdmin: platformAdmin ?? false });
      return reply.status(201).header("cache-control", "no-store").send(user);
    },
  );

  server.delete(
    "/v1/users/:email",
    {
      config: { access: { permission: "platform:admin", scope: "platform" } },
      schema: {
        summary: "Remove a user: their roles go and their tokens stop working at once",
        params: EmailParams,
        response: { 204: Type.Null(), ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      await core.users.remove(request.params.email);
      return reply.status(204).send(null);
    },
  );

  server.post(
    "/v1/login",
    {
      config: { access: { scope: "public" } },
      bodyLimit: 4096,
      schema: {
        summary: "Log in with email and password: a new token for the user (rate-limited)",
        body: Type.Object(
          {
            email: Type.String({ minLength: 1, maxLength: 254 }),
            password: Password,
            tokenName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            token: Type.String({ description: "The secret: shown in this response only" }),
            id: Type.String(),
            email: Type.String(),
            expiresAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
          }),
          ...errorResponses(401, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const { email, password, tokenName } = request.body;
      const issued = await core.users.login(email, password, request.ip, tokenName).catch((err: unknown) => {
        if (err instanceof FifteenError && err.code === "LOGIN_RATE_LIMITED")
          void reply.header(
            "retry-after",
            String(Math.max(1, core.users.retryAfterSeconds(email, request.ip))),
          );
        throw err;
      });
      return reply.status(201).header("cache-control", "no-store").send(issued);
    },
  );

  server.put(
    "/v1/account/password",
    {
      config: { access: { scope: "self" } },
      schema: {
        summary: "Change your own password (the current one is checked)",
        body: Type.Object({ current: Password, password: Password }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses(401, 422) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (!principal.user) throw new FifteenError("FORBIDDEN", "This token belongs to no user.");
      await core.users.changePassword(principal, request.body.current, request.body.password);
      return reply.status(204).send(null);
    },
  );
}
