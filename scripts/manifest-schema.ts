// `npm run schema`: writes docs/fifteen.schema.json, the manifest's JSON Schema, from its TypeBox definition.
// src/core/manifest/manifest.test.ts fails while the committed file differs.
import { writeFile } from "node:fs/promises";
import { format, resolveConfig } from "prettier";
import { manifestJsonSchema } from "./dist.js";

// dist-scripts/manifest-schema.js → <repo>/docs/
const SCHEMA = new URL("../docs/fifteen.schema.json", import.meta.url);

const text = JSON.stringify(await manifestJsonSchema(), null, 2);
await writeFile(SCHEMA, await format(text, { ...(await resolveConfig(SCHEMA)), parser: "json" }));
