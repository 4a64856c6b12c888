// Why a build step failed, in one line with the fix: npm's own reason (EUSAGE, ERESOLVE, E404...) lifted out of
// its output, never one of its `notice` lines, and never a path on the server.

/** The last bytes of a step's output kept to explain its failure. */
export const FAILURE_TAIL_BYTES = 64 * 1024;

const NPM_LINE = /^npm (?:error|ERR!) ?(.*)$/;

/** The text of npm's error lines (`npm error ...`), without the prefix, in order. */
function npmErrors(output: string): string[] {
  const lines: string[] = [];
  for (const raw of output.split("\n")) {
    const match = NPM_LINE.exec(raw.trim());
    if (match) lines.push((match[1] ?? "").trim());
  }
  return lines;
}

/** The first line after the code that says something (not blank, not the code, not a path or a log note). */
function firstReason(lines: string[]): string | undefined {
  return lines.find(
    (line) =>
      line !== "" &&
      !/^code\b/.test(line) &&
      !/^(?:A complete log|Log files were not written|For a full report see)/.test(line) &&
      !/^\/\S+$/.test(line) &&
      !/^404$/.test(line),
  );
}

/** A line the user can act on for a failed npm step, or undefined when npm said nothing recognisable. */
export function npmReason(output: string, lockfile = "package-lock.json"): string | undefined {
  const lines = npmErrors(output);
  const code = lines.map((l) => /^code (\S+)/.exec(l)?.[1]).find(Boolean);
  if (!code && lines.length === 0) return undefined;
  if (code === "EUSAGE" && lines.some((l) => /in sync/.test(l))) {
    const missing = lines.filter((l) => /^(?:Missing|Invalid):/.test(l)).slice(0, 3);
    return (
      `package.json and ${lockfile} are out of sync${missing.length > 0 ? ` (${missing.join("; ")})` : ""}. ` +
      `Run \`npm install\` in the app directory, commit ${lockfile}, and deploy again.`
    );
  }
  if (code !== undefined && /^\d+$/.test(code) && lines.includes("command failed")) {
    // A dependency's own install script (node-gyp, prebuild-install, postinstall) exited non-zero.
    const path = lines.map((l) => /^path (.+)$/.exec(l)?.[1]).find(Boolean);
    const pkg = path?.split("node_modules/").at(-1);
    const command = lines.map((l) => /^command sh -c (.+)$/.exec(l)?.[1]).find(Boolean);
    const gyp = lines.map((l) => /gyp ERR! stack Error: (.+)$/.exec(l)?.[1]?.trim()).find(Boolean);
    return (
      `The install script of ${pkg ?? "a dependency"} failed${command ? ` (\`${command}\`)` : ""}` +
      `${gyp ? `: node-gyp: ${gyp}` : ""}.` +
      (/node-gyp|prebuild/.test(command ?? "")
        ? " A native module compiles with node-gyp on the build host, which needs python3, make and a C++ compiler, and Node's headers (or a prebuilt binary the build can download)."
        : "")
    );
  }
  if (code === "ERESOLVE") {
    const found = lines.find((l) => /^Found: /.test(l));
    const peer = lines[lines.findIndex((l) => /^Could not resolve dependency:/.test(l)) + 1];
    const detail = [found, peer && peer !== "" ? `needs ${peer}` : undefined].filter(Boolean).join(", ");
    return (
      `npm could not resolve a peer dependency conflict${detail ? ` (${detail})` : ""}. ` +
      "Fix the conflicting versions in package.json and the lockfile, or add `legacy-peer-deps=true` to the " +
      "app's .npmrc."
    );
  }
  if (code === "E404") {
    const what = lines.map((l) => /'([^']+)'/.exec(l)?.[1]).find(Boolean);
    return (
      `${what ? `${what} is` : "A package is"} not in the npm registry (E404). ` +
      "Check its name and version in package.json (a private package needs the registry's credentials in FIFTEEN_NPMRC)."
    );
  }
  if (code === "ETARGET") {
    const what = lines.find((l) => /No matching version/.test(l));
    return `${what ?? "No matching version of a dependency was found"} (ETARGET). Pick a version that exists, run \`npm install\` and commit ${lockfile}.`;
  }
  if (code === "E401" || code === "E403" || code === "ENEEDAUTH") {
    return `The registry refused npm (${code}): a private package needs the registry's credentials (FIFTEEN_NPMRC on the platform).`;
  }
  const reason = firstReason(lines);
  if (code && reason) return `npm failed with ${code}: ${reason}`;
  return reason ? `npm said: ${reason}` : code ? `npm failed with ${code}` : undefined;
}

/** The last line of output that is not blank and not one of npm's notices or warnings. */
export function lastMeaningfulLine(output: string): string | undefined {
  const lines = output
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !/^npm (?:notice|warn|WARN)\b/.test(l) && !/^>\s/.test(l));
  const line = lines.at(-1);
  return line === undefined ? undefined : line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/**
 * The one-line failure of a build step: npm's reason when it was npm, else the step's last meaningful line;
 * then where the whole output is (a command, never a path on the server).
 */
export function describeStepFailure(
  argv: readonly string[],
  code: number,
  output: string,
  where: { app: string; build: number },
): string {
  const step = `\`${argv.join(" ")}\``;
  const isNpm = argv[0] === "npm";
  const reason = isNpm ? npmReason(output) : undefined;
  const last = reason ? undefined : lastMeaningfulLine(output);
  const full = `The full output: \`fifteen builds:output ${where.build} -a ${where.app}\`.`;
  if (reason) return `${step} failed: ${reason} ${full}`;
  return `${step} exited with code ${code}${last ? `; its last output: ${last}` : ""}. ${full}`;
}

/** Rewrites a step's output so no path on the server shows (the build dirs are gone once the build ends). */
export function withoutServerPaths(text: string, paths: Array<[string, string]>): string {
  let out = text.replace(
    /A complete log of this run can be found in:?\s*\S+/g,
    "npm's debug log is not kept (the build's home is removed)",
  );
  for (const [path, shown] of paths) out = out.split(path).join(shown);
  return out;
}
