// Required config: what fifteen.json says a release's config must hold, checked before any process starts.
import { APP_JSON_FILE, APP_JSON_MARK } from "./app-json.js";
import { matchesPattern, MANIFEST_FILE } from "./parse.js";
import type { Manifest } from "./schema.js";

export interface ConfigProblem {
  key: string;
  description: string;
  problem: "missing" | "invalid" | "slow";
  pattern?: string;
}

/** The keys the config lacks or whose values do not match their pattern, in the manifest's order. */
export function configProblems(manifest: Manifest | null, vars: Record<string, string>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [key, entry] of Object.entries(manifest?.config ?? {})) {
    const spec = typeof entry === "string" ? { description: entry } : entry;
    const value = vars[key];
    if (value === undefined) {
      if (spec.required !== false) problems.push({ key, description: spec.description, problem: "missing" });
    } else if (spec.pattern !== undefined) {
      const matched = matchesPattern(spec.pattern, value);
      if (matched === true) continue;
      const problem = matched === "timeout" ? "slow" : "invalid";
      problems.push({ key, description: spec.description, problem, pattern: spec.pattern });
    }
  }
  return problems;
}

/** The release's failure reason, naming each key with its description (never a value: they are secrets). */
export function describeConfigProblems(problems: ConfigProblem[]): string {
  const described = (d: string) => (d.startsWith(APP_JSON_MARK) ? d.slice(APP_JSON_MARK.length) : d);
  const paren = (d: string) => (d ? ` (${d})` : "");
  const items = problems
    .map(({ description, ...p }) => ({ ...p, description: described(description) }))
    .map((p) =>
      p.problem === "missing"
        ? `${p.key} is missing${paren(p.description)}`
        : p.problem === "slow"
          ? `${p.key} could not be checked: its pattern ${p.pattern ?? ""} takes too long (simplify it)`
          : `${p.key} does not match ${p.pattern ?? ""}${paren(p.description)}`,
    );
  const keys = problems.map((p) => `${p.key}=…`).join(" ");
  const fromAppJson = problems.filter((p) => p.description.startsWith(APP_JSON_MARK)).length;
  const who =
    fromAppJson === 0
      ? `${MANIFEST_FILE} requires`
      : fromAppJson === problems.length
        ? `${APP_JSON_FILE} requires`
        : `${MANIFEST_FILE} and ${APP_JSON_FILE} require`;
  return (
    `${who} config this release lacks: ${items.join("; ")}. ` +
    `Set it with \`fifteen config:set ${keys}\`; nothing was started.`
  );
}
