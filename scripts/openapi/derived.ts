// What is derived from the OpenAPI document and committed: docs/api.md (the reference page) and
// src/client/generated/openapi.ts (the types the typed client is built on). `npm run openapi` writes both;
// derived.test.ts checks that both match the running API.
import openapiTS, { astToString } from "openapi-typescript";
import { format, resolveConfig } from "prettier";
import { renderReference, type OpenApiDocument } from "./reference.js";

// dist-scripts/openapi/derived.js → <repo>/
export const REFERENCE = new URL("../../docs/api.md", import.meta.url);
export const CLIENT_TYPES = new URL("../../src/client/generated/openapi.ts", import.meta.url);

/** docs/api.md, formatted as the repository formats Markdown. */
export async function referencePage(doc: OpenApiDocument): Promise<string> {
  return format(renderReference(doc), { ...(await resolveConfig(REFERENCE)), parser: "markdown" });
}

/** src/client/generated/openapi.ts: the `paths` type of every route, request and response. */
export async function clientTypes(doc: OpenApiDocument): Promise<string> {
  const ast = await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0], { alphabetize: true });
  const header =
    "// Generated from /openapi.json by `npm run openapi`: do not edit. scripts/openapi/derived.test.ts keeps it current.\n";
  return format(header + astToString(ast), { ...(await resolveConfig(CLIENT_TYPES)), parser: "typescript" });
}
