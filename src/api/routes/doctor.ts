// `fifteen doctor`: how this platform is set up, each part with whether it is as it should be and what to do.
import { Type } from "typebox";
import { errorResponses } from "../schemas.js";
import type { Server } from "../server.js";

export interface DoctorCheck {
  name: string;
  ok: boolean;
  /** What is in place, e.g. "bubblewrap: read-only release directory, private /tmp". */
  detail: string;
  /** What to do when it is not ok. */
  advice?: string;
}

export function doctorRoutes(server: Server, checks: () => Promise<DoctorCheck[]>): void {
  server.get(
    "/v1/doctor",
    {
      config: { access: { permission: "platform:admin", scope: "platform" } },
      schema: {
        summary: "How the platform is set up: isolation, store, router, add-on servers, telemetry",
        response: {
          200: Type.Array(
            Type.Object({
              name: Type.String(),
              ok: Type.Boolean(),
              detail: Type.String(),
              advice: Type.Optional(Type.String()),
            }),
          ),
          ...errorResponses(),
        },
      },
    },
    async () => checks(),
  );
}
