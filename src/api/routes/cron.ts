// Cron routes: scheduled jobs, each run a one-off (scheduler.N) in the release live at that moment.
import { Type } from "typebox";
import type { Core, CronRunner } from "../../core/index.js";
import { appContext } from "../auth.js";
import { AppParams, errorResponses, Nullable } from "../schemas.js";
import type { Server } from "../server.js";

const CronJobSchema = Type.Object({
  number: Type.Integer({ description: "What cron:remove and cron:run take" }),
  schedule: Type.String(),
  timezone: Type.String(),
  command: Type.Array(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
  nextRunAt: Nullable(Type.String({ format: "date-time" })),
  lastRunAt: Nullable(Type.String({ format: "date-time" })),
  lastProcess: Nullable(Type.String()),
  lastOutcome: Nullable(Type.String({ description: '"exit 0", "SIGKILL", "running"…' })),
});

const JobParams = Type.Object({
  app: Type.String({ maxLength: 64 }),
  number: Type.Integer({ minimum: 1 }),
});

export function cronRoutes(server: Server, core: Core, runner: CronRunner): void {
  server.get(
    "/v1/apps/:app/cron",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "The app's cron jobs, with their next run and the outcome of the last one",
        params: AppParams,
        response: { 200: Type.Array(CronJobSchema), ...errorResponses(404) },
      },
    },
    async (request) => core.cron.list(appContext(request).app),
  );

  server.post(
    "/v1/apps/:app/cron",
    {
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary: "Schedule a command: 5 cron fields, in UTC unless a time zone is given",
        params: AppParams,
        body: Type.Object(
          {
            schedule: Type.String({ maxLength: 200, description: 'e.g. "*/10 * * * *" or "@daily"' }),
            timezone: Type.Optional(Type.String({ maxLength: 64, description: "IANA name; default UTC" })),
            command: Type.Array(Type.String({ maxLength: 8192 }), { minItems: 1, maxItems: 256 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: CronJobSchema, ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      const { app, principal } = appContext(request);
      return reply.status(201).send(await core.cron.add(app, request.body, principal.name));
    },
  );

  server.delete(
    "/v1/apps/:app/cron/:number",
    {
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary: "Remove a cron job (a run in progress is not stopped)",
        params: JobParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await core.cron.remove(appContext(request).app, request.params.number);
      return reply.status(204).send(null);
    },
  );

  server.post(
    "/v1/apps/:app/cron/:number/run",
    {
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary: "Run a cron job now, as scheduler.N (refused while its previous run is still going)",
        params: JobParams,
        response: { 201: Type.Object({ process: Type.String() }), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const process = await runner.runNow(appContext(request).app, request.params.number);
      return reply.status(201).send({ process });
    },
  );
}
