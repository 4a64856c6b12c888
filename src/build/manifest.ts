// The build's side of the app manifest: read fifteen.json and Heroku's app.json from the app's root, if there,
// validate them, and merge them (fifteen.json wins where both say the same thing).
import { lstat, readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  APP_JSON_FILE,
  MANIFEST_FILE,
  MAX_MANIFEST_BYTES,
  mergeManifests,
  parseAppJson,
  parseManifest,
  type Manifest,
} from "../core/index.js";
import { FifteenError } from "../shared/errors.js";

/** The text of a manifest file in the source, or undefined without one; only a small regular file counts. */
async function readSmallFile(dir: string, name: string): Promise<string | undefined> {
  const file = join(dir, name);
  const info = await lstat(file).catch(() => undefined);
  if (!info) return undefined;
  // A symlink could point anywhere on the build machine: only a regular file in the source counts.
  if (!info.isFile()) {
    throw new FifteenError("MANIFEST_INVALID", `${name} must be a regular file, not a link or a directory.`);
  }
  if (info.size > MAX_MANIFEST_BYTES) {
    throw new FifteenError(
      "MANIFEST_INVALID",
      `${name} is larger than ${MAX_MANIFEST_BYTES / 1024} KiB; it declares settings, not data.`,
    );
  }
  return readFile(file, "utf8");
}

const fieldsOf = (manifest: Manifest, empty = "empty") => {
  const fields = Object.keys(manifest).filter((k) => k !== "$schema");
  return fields.length > 0 ? fields.join(", ") : empty;
};

/** The app's validated manifest, or null without either file; throws MANIFEST_INVALID with JSON paths. */
export async function readManifest(
  dir: string,
  log: (text: string) => void,
  options: { cronSeconds: boolean },
): Promise<Manifest | null> {
  const ownText = await readSmallFile(dir, MANIFEST_FILE);
  const herokuText = await readSmallFile(dir, APP_JSON_FILE);
  const own = ownText === undefined ? null : parseManifest(ownText, options);
  if (own) log(`-----> Manifest: ${MANIFEST_FILE} is valid (${fieldsOf(own)})\n`);
  if (herokuText === undefined) return own;
  const heroku = parseAppJson(herokuText);
  for (const note of heroku.notes) log(`-----> Manifest: ${APP_JSON_FILE}: ${note}\n`);
  log(
    `-----> Manifest: ${APP_JSON_FILE} read (${fieldsOf(heroku.manifest, "nothing this platform uses")})${own ? `; ${MANIFEST_FILE} wins where both say the same thing` : ""}\n`,
  );
  if (!own && Object.keys(heroku.manifest).length === 0) return null;
  return mergeManifests(heroku.manifest, own);
}
