// Small file checks shared by the buildpacks. Build steps run as the app's uid and may leave links behind, so
// the platform reads an app's files only when they are regular files of their own (never through a link).
import { access, open } from "node:fs/promises";
import { constants } from "node:fs";
import { join } from "node:path";
import { FifteenError } from "../../shared/errors.js";
import { parseProcfile } from "../procfile.js";

const MAX_READ_BYTES = 1024 * 1024;

export async function exists(dir: string, name: string): Promise<boolean> {
  return access(join(dir, name)).then(
    () => true,
    () => false,
  );
}

/**
 * The text of dir/name, or undefined when there is no such file. Throws when it is a link, not a regular
 * file, or larger than 1 MiB: a planted `Procfile -> /etc/shadow` must never be read by the platform.
 */
export async function readAppFile(dir: string, name: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(join(dir, name), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ELOOP") throw unsafe(`${name} is a symbolic link`);
    throw err;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw unsafe(`${name} is not a regular file`);
    if (info.size > MAX_READ_BYTES) throw unsafe(`${name} is larger than 1 MiB`);
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

function unsafe(what: string): FifteenError {
  return new FifteenError(
    "SOURCE_UNSAFE",
    `${what}; the platform reads it only as a regular file of the app's own.`,
  );
}

/** The Procfile's process types, or undefined when the app has none. */
export async function readProcfile(dir: string): Promise<Record<string, string> | undefined> {
  const text = await readAppFile(dir, "Procfile");
  return text === undefined ? undefined : parseProcfile(text);
}
