// `npm run openapi`: starts a throwaway platform, reads its /openapi.json and writes what is derived from it.
import { writeFile } from "node:fs/promises";
import { ADMIN_TOKEN, startTestPlatform } from "../testing/platform.js";
import { CLIENT_TYPES, clientTypes, REFERENCE, referencePage } from "./derived.js";
import type { OpenApiDocument } from "./reference.js";

const t = await startTestPlatform();
try {
  const res = await fetch(`${t.apiUrl}/openapi.json`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const doc = (await res.json()) as OpenApiDocument;
  await writeFile(REFERENCE, await referencePage(doc));
  await writeFile(CLIENT_TYPES, await clientTypes(doc));
} finally {
  await t.close();
}
