// Build routes: upload a source (starts a build), list, show, stream output, cancel.
import { Readable } from "node:stream";
import { Type } from "typebox";
import type { Core } from "../../core/index.js";
import { FifteenError } from "../../shared/errors.js";
import { appContext } from "../auth.js";
import { AppParams, BuildSchema, errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

const BuildParams = Type.Object({
  app: Type.String({ maxLength: 64 }),
  build: Type.String({ maxLength: 64 }),
});

export function buildRoutes(server: Server, core: Core): void {
  server.post(
    "/v1/apps/:app/builds",
    {
      config: {
        access: { permission: "app:deploy", scope: "app" },
        uploads: ["application/gzip", "application/x-gzip", "application/octet-stream"],
      },
      schema: {
        summary: "Upload a source tarball (application/gzip body) and queue its build",
        params: AppParams,
        querystring: Type.Object({
          kind: Type.Optional(Type.Union([Type.Literal("tarball"), Type.Literal("git")])),
          commit: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: { 201: BuildSchema, ...errorResponses(404, 413, 422) },
      },
    },
    async (request, reply) => {
      const { app, principal } = appContext(request);
      if (!(request.body instanceof Readable)) {
        throw new FifteenError(
          "SOURCE_INVALID",
          "Send the source as a gzip tarball with Content-Type: application/gzip.",
        );
      }
      const meta = { kind: request.query.kind ?? "tarball", commit: request.query.commit ?? null };
      return reply.status(201).send(await core.builds.submit(app, request.body, meta, principal));
    },
  );

  server.get(
    "/v1/apps/:app/builds",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "Builds, newest first",
        params: AppParams,
        response: { 200: Type.Array(BuildSchema), ...errorResponses(404) },
      },
    },
    async (request) => core.builds.list(appContext(request).app),
  );

  server.get(
    "/v1/apps/:app/builds/:build",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "One build, by id or number",
        params: BuildParams,
        response: { 200: BuildSchema, ...errorResponses(404) },
      },
    },
    async (request) => core.builds.get(appContext(request).app, request.params.build),
  );

  server.get(
    "/v1/apps/:app/builds/:build/output",
    {
      config: {
        access: { permission: "app:read", scope: "app" },
        streams: { mediaType: "text/plain", description: "The build output, streamed" },
      },
      schema: {
        summary: "The build's output as text; with follow=true it streams until the build ends",
        params: BuildParams,
        querystring: Type.Object({ follow: Type.Optional(Type.Boolean()) }),
        response: errorResponses(404),
      },
    },
    async (request, reply) => {
      const { app } = appContext(request);
      const build = await core.builds.get(app, request.params.build);
      const stream = Readable.from(core.builds.output(build, request.query.follow ?? false));
      return reply
        .header("content-type", "text/plain; charset=utf-8")
        .header("cache-control", "no-cache")
        .header("x-content-type-options", "nosniff")
        .send(stream);
    },
  );

  server.post(
    "/v1/apps/:app/builds/:build/cancel",
    {
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary: "Cancel a queued or running build; no release is made",
        params: BuildParams,
        response: { 200: BuildSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => core.builds.cancel(appContext(request).app, request.params.build),
  );
}
