// git smart HTTP: clone and push at /NAME.git; a push runs the build and streams it back as `remote:` lines.
import type { Readable } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { requireApp } from "../../core/index.js";
import { serveGit } from "../../git/http-backend.js";
import { FifteenError } from "../../shared/errors.js";
import type { GitRepos } from "../../git/repos.js";
import { appContext, requestToken } from "../auth.js";
import { streamed } from "../openapi.js";
import { errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

export interface GitBackendOptions {
  repos: GitRepos;
  env: Readonly<Record<string, string>>;
  /** The API's own URL, for the pre-receive hook to submit the pushed commit as a build. */
  apiUrl(): string;
}

const GitParams = Type.Object({ app: Type.String({ maxLength: 64 }) });

export function gitRoutes(server: Server, options: GitBackendOptions): void {
  const serve = async (request: FastifyRequest, reply: FastifyReply, service: string) => {
    const { app, principal } = appContext(request);
    // Only discovery creates the repository: a git client always starts there, so a stray POST makes nothing.
    if (service === "info/refs") await options.repos.ensure(app.name);
    else if (!(await options.repos.exists(app.name))) {
      throw new FifteenError(
        "REQUEST_INVALID",
        `${app.name}.git has no repository yet: git starts with GET /${app.name}.git/info/refs?service=${service}.`,
      );
    }
    reply.hijack();
    const query = request.url.includes("?") ? request.url.slice(request.url.indexOf("?") + 1) : "";
    await serveGit(
      {
        method: request.method,
        pathInfo: `/${app.name}.git/${service}`,
        query,
        headers: request.headers,
        remoteUser: principal.name,
        remoteAddr: request.ip,
        body: request.body as Readable | undefined,
      },
      reply.raw,
      {
        projectRoot: options.repos.reposDir,
        env: {
          ...options.env,
          FIFTEEN_HOOK_API_URL: options.apiUrl(),
          FIFTEEN_HOOK_TOKEN: requestToken(request) ?? "",
          FIFTEEN_HOOK_APP: app.name,
        },
      },
    );
  };

  server.get(
    "/:app.git/info/refs",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "git smart HTTP discovery (clone needs app:read, push needs app:deploy)",
        params: GitParams,
        // Smart HTTP only: git clients always name the service.
        querystring: Type.Object({
          service: Type.Union([Type.Literal("git-upload-pack"), Type.Literal("git-receive-pack")]),
        }),
        response: {
          200: streamed(
            "application/x-git-upload-pack-advertisement",
            "The ref advertisement (git smart HTTP)",
          ),
          ...errorResponses(404),
        },
      },
    },
    async (request, reply) => {
      if (request.query.service === "git-receive-pack") {
        const { app, principal } = appContext(request);
        requireApp(principal, app, app.name, "app:deploy");
      }
      await serve(request, reply, "info/refs");
    },
  );

  server.post(
    "/:app.git/git-upload-pack",
    {
      config: {
        access: { permission: "app:read", scope: "app" },
        uploads: ["application/x-git-upload-pack-request"],
      },
      schema: {
        summary: "git fetch/clone",
        params: GitParams,
        response: {
          200: streamed("application/x-git-upload-pack-result", "The pack (git smart HTTP)"),
          ...errorResponses(404),
        },
      },
    },
    async (request, reply) => serve(request, reply, "git-upload-pack"),
  );

  server.post(
    "/:app.git/git-receive-pack",
    {
      config: {
        access: { permission: "app:deploy", scope: "app" },
        uploads: ["application/x-git-receive-pack-request"],
      },
      schema: {
        summary: "git push: builds and releases the pushed deploy branch",
        params: GitParams,
        response: {
          200: streamed(
            "application/x-git-receive-pack-result",
            "The push report, with build output as `remote:` lines",
          ),
          ...errorResponses(404),
        },
      },
    },
    async (request, reply) => serve(request, reply, "git-receive-pack"),
  );
}
