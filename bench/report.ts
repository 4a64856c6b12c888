// The results table a run builds: one row per measure, each target marked met or not, then the notes under it.
// Also the development knobs, since a shortened run's numbers must not land in BENCHMARKS.md.
import { cpus, totalmem } from "node:os";

export interface Row {
  scenario: string;
  measure: string;
  value: string;
  target?: string;
  met?: boolean;
}

export const rows: Row[] = [];
export const notes: string[] = [];

export function add(row: Row): void {
  rows.push(row);
  console.error(
    `${row.scenario} | ${row.measure}: ${row.value}${row.target ? ` (target ${row.target}: ${row.met ? "met" : "not met"})` : ""}`,
  );
}

/** True when HAProxy is missing: then a row says why the scenario's HAProxy measures were skipped. */
export function skippedWithoutHaproxy(
  scenario: string,
  tools: { haproxy: unknown; haproxyProblem: string | undefined },
): boolean {
  if (tools.haproxy) return false;
  add({ scenario, measure: "on the HAProxy data plane", value: `skipped: ${tools.haproxyProblem}` });
  return true;
}

/** A number with `digits` decimals, or "n/a" for a measure that failed. */
export const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

function knob(name: string, fallback: number): { value: number; set: boolean } {
  // eslint-disable-next-line no-restricted-properties -- the bench is a separate program, not the platform
  const text = process.env[name];
  const value = Number(text);
  if (text === undefined || text === "") return { value: fallback, set: false };
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number ≥ 1, not ${text}`);
  return { value, set: true };
}

const seconds = knob("BENCH_SECONDS", 10);
const cycles = knob("BENCH_CYCLES", 20);

/**
 * For development only: BENCH_SECONDS shortens every measured wrk run (10 s), BENCH_CYCLES the deploy cycles of
 * the zero-downtime scenario (20; the config changes and scalings follow it).
 */
export const SECONDS = seconds.value;
export const CYCLES = cycles.value;
/** A shortened run prints its table instead of writing BENCHMARKS.md: its numbers compare with nothing. */
export const SHORTENED = seconds.set || cycles.set;

export function markdown(started: Date, seconds: number, versions: Record<string, string>): string {
  const table = [
    "| Scenario | Measure | Result | Target | Met |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.measure} | ${r.value} | ${r.target ?? ""} | ${r.target ? (r.met ? "yes" : "**no**") : ""} |`,
    ),
  ].join("\n");
  return `${table}

Run: ${started.toISOString()} (${f(seconds, 0)} s). Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${f(totalmem() / 2 ** 30, 0)} GiB.
${Object.entries(versions)
  .map(([k, v]) => `${k} ${v}`)
  .join(", ")}.

${notes.map((n) => `- ${n}`).join("\n")}
`;
}
