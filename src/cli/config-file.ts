// The KEY=VALUE text config:edit hands to $EDITOR, and reading it back: one line per var, JSON quotes for
// values a line cannot hold as they are (newlines, surrounding spaces, a leading quote).
import { FifteenError } from "../shared/errors.js";
import { assertConfigKey } from "../shared/names.js";

export const CONFIG_FILE_HEADER =
  "# One KEY=VALUE per line. Delete a line to unset the var. A value in double quotes is read as a JSON\n" +
  "# string (\\n for newlines). Lines starting with # are ignored. Save and quit to apply; nothing changes\n" +
  "# if the file is unchanged.\n";

function needsQuotes(value: string): boolean {
  return /[\n\r]/.test(value) || value !== value.trim() || value.startsWith('"');
}

export function formatConfigFile(vars: Record<string, string>): string {
  const lines = Object.keys(vars)
    .sort()
    .map((key) => {
      const value = vars[key] ?? "";
      return `${key}=${needsQuotes(value) ? JSON.stringify(value) : value}`;
    });
  return `${CONFIG_FILE_HEADER}${lines.join("\n")}${lines.length > 0 ? "\n" : ""}`;
}

/** Reads the file back; throws naming the first bad line (by number, never its value: it may be a secret). */
export function parseConfigFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  const lines = text.split("\n");
  lines.forEach((raw, index) => {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "" || line.trimStart().startsWith("#")) return;
    const at = `line ${index + 1}`;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`${at} is not KEY=VALUE`);
    const key = line.slice(0, eq).trim();
    try {
      assertConfigKey(key);
    } catch (err) {
      throw new Error(`${at}: ${err instanceof FifteenError ? err.message : String(err)}`);
    }
    if (Object.hasOwn(vars, key)) throw new Error(`${at} sets ${key} a second time`);
    const rest = line.slice(eq + 1);
    if (rest.startsWith('"')) {
      try {
        const value: unknown = JSON.parse(rest);
        if (typeof value !== "string") throw new Error("not a string");
        vars[key] = value;
      } catch {
        throw new Error(`${at}: the value of ${key} starts with " but is not a JSON string`);
      }
    } else vars[key] = rest;
  });
  return vars;
}

/** What turns `before` into `after`: sets for new and changed keys, null for removed ones. */
export function configDiff(
  before: Record<string, string>,
  after: Record<string, string>,
): Record<string, string | null> {
  const changes: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(after)) if (before[key] !== value) changes[key] = value;
  for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) changes[key] = null;
  return changes;
}
