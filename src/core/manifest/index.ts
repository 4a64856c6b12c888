// The app manifest (fifteen.json): its schema, parsing with JSON-path errors, required config, deploy steps.
export { ManifestSchema, manifestJsonSchema, MANIFEST_SCHEMA_URL, type Manifest } from "./schema.js";
export {
  checkFormationTypes,
  MANIFEST_FILE,
  MAX_MANIFEST_BYTES,
  parseManifest,
  type ParseOptions,
} from "./parse.js";
export { configProblems, describeConfigProblems, type ConfigProblem } from "./required-config.js";
export { MANIFEST_ACTOR, ManifestService } from "./service.js";
export { APP_JSON_FILE, mergeManifests, parseAppJson, type AppJson } from "./app-json.js";
