// Published JSON Schemas: fifteen.json's, for editors and CI checks. Public: a schema holds no secret.
import { Type } from "typebox";
import { manifestJsonSchema } from "../../core/index.js";
import type { Server } from "../server.js";

export function schemaRoutes(server: Server): void {
  const manifest = manifestJsonSchema();
  server.get(
    "/schemas/fifteen.json",
    {
      config: { access: { scope: "public" } },
      schema: {
        summary: "The JSON Schema (2020-12) of the app manifest, fifteen.json (no token needed)",
        response: {
          200: Type.Object({}, { additionalProperties: true, description: "A JSON Schema document" }),
        },
      },
    },
    async (_request, reply) => reply.type("application/schema+json").send(manifest),
  );
}
