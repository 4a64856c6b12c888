// Pipeline routes: pipelines, an app's place in one, and promotion to the next stage.
import { Type } from "typebox";
import type { Core } from "../../core/index.js";
import { appContext, principalOf } from "../auth.js";
import { AppParams, errorResponses, Nullable, ReleaseSchema } from "../schemas.js";
import type { Server } from "../server.js";

const Stage = Type.Union([Type.Literal("development"), Type.Literal("staging"), Type.Literal("production")]);
const PipelineParams = Type.Object({ pipeline: Type.String({ maxLength: 64 }) });

const PipelineSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  appCount: Type.Integer({ description: "Apps in the pipeline that this token can see" }),
  createdBy: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
});

const PipelineInfoSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
  apps: Type.Array(
    Type.Object({
      app: Type.String(),
      stage: Stage,
      release: Nullable(
        Type.Object({
          version: Type.Integer(),
          description: Type.String(),
          slugDigest: Type.String(),
          createdAt: Type.String({ format: "date-time" }),
        }),
      ),
    }),
  ),
});

const MembershipSchema = Type.Object({ pipeline: Type.String(), app: Type.String(), stage: Stage });

const PromotionSchema = Type.Object({
  pipeline: Type.String(),
  source: Type.Object({
    app: Type.String(),
    stage: Stage,
    release: Type.Integer(),
    slugDigest: Type.String(),
  }),
  stage: Stage,
  releases: Type.Array(ReleaseSchema, { description: "One new release per app of the next stage" }),
});

export function pipelineRoutes(server: Server, core: Core): void {
  server.get(
    "/v1/pipelines",
    {
      config: { access: { permission: "app:read", scope: "any" } },
      schema: {
        summary: "Pipelines (a token limited to one app sees only that app's)",
        response: { 200: Type.Array(PipelineSchema), ...errorResponses() },
      },
    },
    async (request) => core.pipelines.list(principalOf(request)),
  );

  server.post(
    "/v1/pipelines",
    {
      config: { access: { permission: "app:admin", scope: "platform" } },
      schema: {
        summary: "Create a pipeline",
        body: Type.Object({ name: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
        response: { 201: PipelineSchema, ...errorResponses(409, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await core.pipelines.create(request.body.name, principalOf(request))),
  );

  server.get(
    "/v1/pipelines/:pipeline",
    {
      config: { access: { permission: "app:read", scope: "any" } },
      schema: {
        summary: "A pipeline's apps by stage, each with its current release",
        params: PipelineParams,
        response: { 200: PipelineInfoSchema, ...errorResponses(404) },
      },
    },
    async (request) => core.pipelines.info(request.params.pipeline, principalOf(request)),
  );

  server.delete(
    "/v1/pipelines/:pipeline",
    {
      config: { access: { permission: "app:admin", scope: "platform" } },
      schema: {
        summary: "Destroy a pipeline; its apps leave it and are otherwise untouched",
        params: PipelineParams,
        response: {
          200: Type.Object({ pipeline: Type.String(), removedApps: Type.Array(Type.String()) }),
          ...errorResponses(404),
        },
      },
    },
    async (request) => ({
      pipeline: request.params.pipeline,
      removedApps: await core.pipelines.destroy(request.params.pipeline, principalOf(request)),
    }),
  );

  server.put(
    "/v1/apps/:app/pipeline",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "Put the app in a pipeline at a stage, or move it to another stage",
        params: AppParams,
        body: Type.Object(
          {
            pipeline: Type.String({ maxLength: 64 }),
            stage: Type.String({ maxLength: 32, description: "development, staging or production" }),
          },
          { additionalProperties: false },
        ),
        response: { 200: MembershipSchema, ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => {
      const { app, principal } = appContext(request);
      return core.pipelines.add(app, request.body.pipeline, request.body.stage, principal);
    },
  );

  server.delete(
    "/v1/apps/:app/pipeline",
    {
      config: { access: { permission: "app:admin", scope: "app" } },
      schema: {
        summary: "Take the app out of its pipeline",
        params: AppParams,
        response: { 200: MembershipSchema, ...errorResponses(404) },
      },
    },
    async (request) => core.pipelines.remove(appContext(request).app),
  );

  server.post(
    "/v1/apps/:app/promotions",
    {
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary: "Promote the app's current release to every app of its pipeline's next stage",
        params: AppParams,
        response: { 201: PromotionSchema, ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      const { app, principal } = appContext(request);
      return reply.status(201).send(await core.promotions.promote(app, principal));
    },
  );
}
