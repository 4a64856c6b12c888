// Request bodies are held to their schema exactly, before the validator that also serves query strings and
// path parameters (which coerces types, as those arrive as text) sees them: `{"name": true}` is refused,
// never read as the app name "true", and `{"command": "ls"}` is not quietly turned into ["ls"].
import Value from "typebox/value";
import { FifteenError } from "../shared/errors.js";
import type { Server } from "./server.js";

function isStream(body: unknown): boolean {
  return typeof body === "object" && body !== null && typeof (body as { pipe?: unknown }).pipe === "function";
}

export function registerStrictBodies(server: Server): void {
  server.addHook("preValidation", async (request) => {
    const schema = request.routeOptions.schema?.body;
    // No body at all is left to the schema validator, which names what is missing.
    if (schema === undefined || request.body === undefined || isStream(request.body)) return;
    const [first] = Value.Errors(schema as Parameters<typeof Value.Errors>[0], request.body);
    if (first) {
      const where = `body${first.instancePath}`;
      throw new FifteenError("REQUEST_INVALID", `Invalid request: ${where} ${first.message}.`);
    }
  });
}
