// Required config: what fifteen.json says a release's config must hold, checked before any process starts.
import { matchesPattern } from "./parse.js";
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
  const items = problems.map((p) =>
    p.problem === "missing"
      ? `${p.key} is missing (${p.description})`
      : p.problem === "slow"
        ? `${p.key} could not be checked: its pattern ${p.pattern ?? ""} takes too long (simplify it)`
        : `${p.key} does not match ${p.pattern ?? ""} (${p.description})`,
  );
  const keys = problems.map((p) => `${p.key}=…`).join(" ");
  return (
    `fifteen.json requires config this release lacks: ${items.join("; ")}. ` +
    `Set it with \`fifteen config:set ${keys}\`; nothing was started.`
  );
}
