// Add-on routes: backing services provisioned for, attached to, rotated in and destroyed with apps.
import { Type } from "typebox";
import type { Core } from "../../core/index.js";
import { appContext } from "../auth.js";
import { AppParams, errorResponses, Nullable, ReleaseSchema } from "../schemas.js";
import type { Server } from "../server.js";

const AddonSchema = Type.Object({
  name: Type.String(),
  kind: Type.String(),
  owner: Type.String({ description: "The app that created it" }),
  attachments: Type.Array(
    Type.Object({ app: Type.String(), alias: Type.String(), vars: Type.Array(Type.String()) }),
  ),
  resource: Type.Record(Type.String(), Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
  rotatedAt: Nullable(Type.String({ format: "date-time" })),
  url: Nullable(Type.String({ description: "The credentials; only for a token with app:admin" })),
});

const ChangeSchema = Type.Object({
  addon: AddonSchema,
  releases: Type.Array(ReleaseSchema),
  warnings: Type.Array(Type.String()),
});

const AddonParams = Type.Object({
  app: Type.String({ maxLength: 64 }),
  name: Type.String({ maxLength: 64 }),
});

const Alias = Type.String({ maxLength: 40, description: "Variable prefix: REPORTING → REPORTING_URL" });

export function addonRoutes(server: Server, core: Core): void {
  server.get(
    "/v1/apps/:app/addons",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "The add-ons attached to the app",
        params: AppParams,
        response: { 200: Type.Array(AddonSchema), ...errorResponses(404) },
      },
    },
    async (request) => {
      const { app, principal } = appContext(request);
      return core.addons.list(app, principal);
    },
  );

  server.post(
    "/v1/apps/:app/addons",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "Provision an add-on (postgres, redis, url) and attach it to the app: a new release",
        params: AppParams,
        body: Type.Object(
          {
            kind: Type.String({
              maxLength: 30,
              description: "postgres, redis or url; KIND:PLAN picks a plan (redis:mini, redis:shared)",
            }),
            as: Type.Optional(Alias),
            name: Type.Optional(Type.String({ maxLength: 64 })),
            url: Type.Optional(
              Type.String({ maxLength: 4096, description: "url add-ons: the service's URL" }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: ChangeSchema, ...errorResponses(404, 409, 422, 502, 503) },
      },
    },
    async (request, reply) => {
      const { app, principal } = appContext(request);
      return reply.status(201).send(await core.addons.create(app, request.body, principal));
    },
  );

  server.get(
    "/v1/apps/:app/addons/:name",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "One add-on attached to the app; its credentials only with app:admin",
        params: AddonParams,
        response: { 200: AddonSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { app, principal } = appContext(request);
      return core.addons.info(app, request.params.name, principal);
    },
  );

  server.post(
    "/v1/apps/:app/addon-attachments",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "Attach an existing add-on to this app (a new release here)",
        params: AppParams,
        body: Type.Object(
          { addon: Type.String({ maxLength: 64 }), as: Type.Optional(Alias) },
          { additionalProperties: false },
        ),
        response: { 201: ChangeSchema, ...errorResponses(404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { app, principal } = appContext(request);
      return reply
        .status(201)
        .send(await core.addons.attach(app, request.body.addon, request.body.as, principal));
    },
  );

  server.delete(
    "/v1/apps/:app/addons/:name/attachment",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "Detach an add-on from this app (a new release here); it stays attached elsewhere",
        params: AddonParams,
        response: { 200: ChangeSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const { app, principal } = appContext(request);
      return core.addons.detach(app, request.params.name, principal);
    },
  );

  server.post(
    "/v1/apps/:app/addons/:name/rotate",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "New credentials; the old ones stop working; every attached app gets a new release",
        params: AddonParams,
        response: { 200: ChangeSchema, ...errorResponses(404, 422, 503) },
      },
    },
    async (request) => {
      const { app, principal } = appContext(request);
      return core.addons.rotate(app, request.params.name, principal);
    },
  );

  server.delete(
    "/v1/apps/:app/addons/:name",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "Destroy an add-on and its data (refused while other apps use it)",
        params: AddonParams,
        querystring: Type.Object({ confirm: Type.String({ maxLength: 64 }) }),
        response: { 200: ChangeSchema, ...errorResponses(404, 409, 422, 503) },
      },
    },
    async (request) => {
      const { app, principal } = appContext(request);
      return core.addons.destroy(app, request.params.name, request.query.confirm, principal);
    },
  );
}
