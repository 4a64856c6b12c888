// Maintenance mode routes: the router answers the app's requests with a 503 page while its processes run on.
import { Type } from "typebox";
import type { Core } from "../../core/index.js";
import { appContext } from "../auth.js";
import { AppParams, errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

const MaintenanceSchema = Type.Object({
  maintenance: Type.Boolean({
    description: "Whether the router answers every request with the maintenance page",
  }),
});

export function maintenanceRoutes(server: Server, core: Core): void {
  server.get(
    "/v1/apps/:app/maintenance",
    {
      config: { access: { permission: "app:read", scope: "app" } },
      schema: {
        summary: "Whether the app is in maintenance mode",
        params: AppParams,
        response: { 200: MaintenanceSchema, ...errorResponses(404) },
      },
    },
    async (request) => ({ maintenance: appContext(request).app.maintenance }),
  );

  server.put(
    "/v1/apps/:app/maintenance",
    {
      config: { access: { permission: "app:deploy", scope: "app" } },
      schema: {
        summary:
          "Turn maintenance mode on or off: while on, the router answers every request with 503 and a maintenance page (the processes keep running); off restores routing at once",
        params: AppParams,
        body: Type.Object({ maintenance: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: MaintenanceSchema, ...errorResponses(404, 422) },
      },
    },
    async (request) => core.apps.setMaintenance(appContext(request).app, request.body.maintenance),
  );
}
