// Small file checks shared by the buildpacks.
import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseProcfile } from "../procfile.js";

export async function exists(dir: string, name: string): Promise<boolean> {
  return access(join(dir, name)).then(
    () => true,
    () => false,
  );
}

/** The Procfile's process types, or undefined when the app has none. */
export async function readProcfile(dir: string): Promise<Record<string, string> | undefined> {
  const text = await readFile(join(dir, "Procfile"), "utf8").catch(() => undefined);
  return text === undefined ? undefined : parseProcfile(text);
}
