// Keeps what `npm run openapi` writes current: docs/api.md and the client's types are what the running API's
// /openapi.json renders to.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { openapiDocument } from "../dist.js";
import { CLIENT_TYPES, clientTypes, REFERENCE, referencePage } from "./derived.js";

test("docs/api.md and the client's types are what /openapi.json says (regenerate both with `npm run openapi`)", async () => {
  const doc = await openapiDocument();
  const stale = "is out of date: run `npm run openapi`";
  assert.equal(await readFile(REFERENCE, "utf8"), await referencePage(doc), `docs/api.md ${stale}`);
  assert.equal(
    await readFile(CLIENT_TYPES, "utf8"),
    await clientTypes(doc),
    `src/client/generated/openapi.ts ${stale}`,
  );
});
