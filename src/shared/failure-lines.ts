// What to quote from a failed step's output: its last lines without npm's notices, and the line that names
// the error (not npm's update notice or its "complete log" pointer, which come after it).

/** How many of its last lines a failure keeps. */
export const FAILURE_TAIL_LINES = 20;

/** npm's chatter, never the reason something failed. */
const NOISE = /^npm (?:notice|warn|WARN|timing|http|verb)\b|^npm (?:ERR!|error) A complete log of this run/;
/** npm's own boilerplate after a failed script: true but says nothing the exit code does not. */
const NPM_BOILERPLATE =
  /^npm (?:ERR!|error) (?:code|path|errno|command|workspace|location|signal|syscall|Lifecycle script)\b/;
const NPM_ERROR = /^npm (?:ERR!|error)\b/;
const LOOKS_LIKE_ERROR = /\w*Error\b|ERR!|\berror:|\bFATAL\b|\bException\b/;

export function isNoise(line: string): boolean {
  return line.trim() === "" || NOISE.test(line.trim());
}

/** The last `n` lines worth reading (blank lines and npm notices dropped), trimmed and cut to 300 characters. */
export function tailLines(lines: string[], n = FAILURE_TAIL_LINES): string[] {
  return lines
    .filter((line) => !isNoise(line))
    .slice(-n)
    .map((line) => {
      const trimmed = line.trimEnd();
      return trimmed.length > 300 ? `${trimmed.slice(0, 299)}…` : trimmed;
    });
}

/**
 * The line that best says why it failed: the last line that looks like an error from the app itself, else
 * npm's first error line that is not boilerplate, else the last line that is not noise.
 */
export function errorLine(lines: string[]): string | undefined {
  const useful = tailLines(lines, Number.MAX_SAFE_INTEGER).map((line) => line.trim());
  const own = useful.filter((line) => !NPM_ERROR.test(line) && LOOKS_LIKE_ERROR.test(line)).at(-1);
  if (own) return own;
  const npm = useful.find((line) => NPM_ERROR.test(line) && !NPM_BOILERPLATE.test(line));
  return npm ?? useful.at(-1);
}
