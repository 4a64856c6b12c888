// The build's side of the app manifest: read fifteen.json from the app's root, if there is one, and validate it.
import { lstat, readFile } from "node:fs/promises";
import { join } from "node:path";
import { MANIFEST_FILE, MAX_MANIFEST_BYTES, parseManifest, type Manifest } from "../core/index.js";
import { FifteenError } from "../shared/errors.js";

/** The app's validated manifest, or null without fifteen.json; throws MANIFEST_INVALID with JSON paths. */
export async function readManifest(
  dir: string,
  log: (text: string) => void,
  options: { cronSeconds: boolean },
): Promise<Manifest | null> {
  const file = join(dir, MANIFEST_FILE);
  const info = await lstat(file).catch(() => undefined);
  if (!info) return null;
  // A symlink could point anywhere on the build machine: only a regular file in the source counts.
  if (!info.isFile()) {
    throw new FifteenError(
      "MANIFEST_INVALID",
      `${MANIFEST_FILE} must be a regular file, not a link or a directory.`,
    );
  }
  if (info.size > MAX_MANIFEST_BYTES) {
    throw new FifteenError(
      "MANIFEST_INVALID",
      `${MANIFEST_FILE} is larger than ${MAX_MANIFEST_BYTES / 1024} KiB; it declares settings, not data.`,
    );
  }
  const manifest = parseManifest(await readFile(file, "utf8"), options);
  const fields = Object.keys(manifest).filter((k) => k !== "$schema");
  log(`-----> Manifest: ${MANIFEST_FILE} is valid (${fields.length > 0 ? fields.join(", ") : "empty"})\n`);
  return manifest;
}
