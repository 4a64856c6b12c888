// `npm run openapi`: starts a throwaway platform, reads its /openapi.json and writes what is derived from it.
import { writeFile } from "node:fs/promises";
import { openapiDocument } from "../dist.js";
import { CLIENT_TYPES, clientTypes, REFERENCE, referencePage } from "./derived.js";

const doc = await openapiDocument();
await writeFile(REFERENCE, await referencePage(doc));
await writeFile(CLIENT_TYPES, await clientTypes(doc));
