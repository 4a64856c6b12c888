// Process routes: ps, formation (ps:scale, ps:resize), restart and stop.
import { Type } from "typebox";
import { can, type Core, type ProcessControl } from "../../core/index.js";
import { FifteenError } from "../../shared/errors.js";
import { maskedCommand } from "../../shared/masked-command.js";
import { treeUsage } from "../../telemetry/proc.js";
import { appContext } from "../auth.js";
import { AppParams, errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

const ProcessSchema = Type.Object({
  name: Type.String(),
  type: Type.String(),
  index: Type.Integer(),
  release: Type.Integer(),
  state: Type.Union([
    Type.Literal("starting"),
    Type.Literal("up"),
    Type.Literal("crashed"),
    Type.Literal("stopping"),
  ]),
  since: Type.String({ format: "date-time" }),
  pid: Type.Union([Type.Integer(), Type.Null()]),
  port: Type.Union([Type.Integer(), Type.Null()]),
  restarts: Type.Integer(),
  command: Type.String({
    description:
      "A one-off's arguments are hidden (`node [arguments hidden]`) unless the caller has app:admin",
  }),
  lastExit: Type.Union([Type.String(), Type.Null()]),
  memoryBytes: Type.Union([Type.Integer(), Type.Null()], {
    description: "Resident memory of the process and everything it started, now; null while it does not run",
  }),
  memoryLimitBytes: Type.Union([Type.Integer(), Type.Null()], {
    description: "Its memory limit (the formation's size, else the platform's default)",
  }),
});

const FormationSchema = Type.Array(
  Type.Object({
    type: Type.String(),
    quantity: Type.Integer(),
    command: Type.String(),
    memory: Type.String({ description: 'Memory limit of each process: "512M", "1G"' }),
    memoryMb: Type.Integer(),
    disk: Type.String({ description: 'Disk (home and tmp) of each process: "1G"' }),
    diskMb: Type.Integer(),
  }),
);

const Target = Type.String({
  pattern: "^[A-Za-z0-9_-]{1,30}(\\.[0-9]{1,3})?$",
  description: "TYPE or TYPE.N",
});

export function processRoutes(server: Server, core: Core, processes: ProcessControl): void {
  server.get(
    "/v1/apps/:app/processes",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "The app's processes: state, since, pid, port, restarts, release, memory",
        params: AppParams,
        response: { 200: Type.Array(ProcessSchema), ...errorResponses(404) },
      },
    },
    async (request) => {
      const { app, principal } = appContext(request);
      const running = processes.list(app.id);
      // Read now from /proc (as the telemetry samples do), not the last 10 s sample: `ps` shows the present.
      const usage = await treeUsage(running.flatMap((p) => (p.pid ? [p.pid] : [])));
      const list = running.map(({ memoryLimitMb, ...p }) => ({
        ...p,
        memoryBytes: p.pid ? (usage.get(p.pid)?.rssBytes ?? null) : null,
        memoryLimitBytes: memoryLimitMb === undefined ? null : memoryLimitMb * 1024 * 1024,
      }));
      if (can(principal, "app:admin", app)) return list;
      return list.map((p) => (p.oneOff ? { ...p, command: maskedCommand(p.command) } : p));
    },
  );

  server.get(
    "/v1/apps/:app/formation",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "How many of each process type should run",
        params: AppParams,
        response: { 200: FormationSchema, ...errorResponses(404) },
      },
    },
    async (request) => core.formation.list(appContext(request).app),
  );

  server.patch(
    "/v1/apps/:app/formation",
    {
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary: "Scale process types: { web: 3, worker: 1 }",
        params: AppParams,
        body: Type.Record(Type.String({ maxLength: 30 }), Type.Integer()),
        response: { 200: FormationSchema, ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => core.formation.scale(appContext(request).app, request.body),
  );

  server.patch(
    "/v1/apps/:app/formation/sizes",
    {
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary:
          'Set memory limits and disks per process type: { web: "512M", worker: { memory: "1G", disk: "4G" } }; their processes restart',
        params: AppParams,
        body: Type.Record(
          Type.String({ maxLength: 30 }),
          Type.Union([
            Type.String({ maxLength: 20, description: "The memory limit" }),
            Type.Object(
              {
                memory: Type.Optional(Type.String({ maxLength: 20 })),
                disk: Type.Optional(Type.String({ maxLength: 20 })),
              },
              { additionalProperties: false },
            ),
          ]),
        ),
        response: { 200: FormationSchema, ...errorResponses(404, 409, 422) },
      },
    },
    async (request) => core.formation.resize(appContext(request).app, request.body),
  );

  server.post(
    "/v1/apps/:app/processes/restart",
    {
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary: "Restart all processes, one type, or one process",
        params: AppParams,
        body: Type.Object({ target: Type.Optional(Target) }, { additionalProperties: false }),
        response: { 200: Type.Object({ restarted: Type.Integer() }), ...errorResponses(404) },
      },
    },
    async (request) => ({
      restarted: await processes.restart(appContext(request).app.id, request.body.target),
    }),
  );

  server.post(
    "/v1/apps/:app/processes/stop",
    {
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary: "Stop one process (TYPE.N); the formation starts a fresh one",
        params: AppParams,
        body: Type.Object({ target: Target }, { additionalProperties: false }),
        response: { 200: Type.Object({ stopped: Type.String() }), ...errorResponses(404) },
      },
    },
    async (request) => {
      if (!request.body.target.includes(".")) {
        throw new FifteenError(
          "PROCESS_NOT_FOUND",
          "ps:stop takes one process, such as web.1; scale a type with ps:scale.",
        );
      }
      await processes.stop(appContext(request).app.id, request.body.target);
      return { stopped: request.body.target };
    },
  );
}
