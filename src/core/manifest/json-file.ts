// What reading fifteen.json and app.json share: the JSON itself, pointers into it, and one error for its problems.
import { FifteenError } from "../../shared/errors.js";

const MAX_REPORTED = 10;

/** Parses the text of `file` (a leading byte-order mark is allowed); throws MANIFEST_INVALID naming the file. */
export function parseJsonFile(file: string, text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, "")) as unknown;
  } catch (err) {
    throw new FifteenError(
      "MANIFEST_INVALID",
      `${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}.`,
    );
  }
}

/** A JSON pointer (RFC 6901) to a value in the file, e.g. /formation/web/quantity. */
export function pointer(...parts: Array<string | number>): string {
  return parts.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** A MANIFEST_INVALID error listing the file's problems as "PATH message" (the first ten, then how many more). */
export function fileInvalid(file: string, problems: string[]): FifteenError {
  const shown = problems.slice(0, MAX_REPORTED);
  const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : "";
  return new FifteenError("MANIFEST_INVALID", `${file}: ${shown.join("; ")}${more}`);
}
