// Reading fifteen.json: JSON, then the schema, then the rules a schema cannot say (regexes, cron, names).
// Every problem is reported with its JSON path, all at once: `fifteen.json: /formation/web/quantity must be…`.
import { parseMemorySize } from "../../shared/sizes.js";
import { runInNewContext } from "node:vm";
import { FifteenError } from "../../shared/errors.js";
import { assertConfigKey } from "../../shared/names.js";
import { validateCronJob } from "../cron.js";
import { APP_JSON_FILE, formationTypesFromAppJson } from "./app-json.js";
import { schemaErrors } from "./errors.js";
import { fileInvalid, parseJsonFile, pointer } from "./json-file.js";
import { ManifestSchema, type Manifest } from "./schema.js";

export const MANIFEST_FILE = "fifteen.json";
export const MAX_MANIFEST_BYTES = 64 * 1024;

export interface ParseOptions {
  /** Whether cron schedules may have a seconds field (FIFTEEN_CRON_SECONDS). */
  cronSeconds: boolean;
}

/** A MANIFEST_INVALID error listing problems as "PATH message". */
export function manifestInvalid(problems: string[]): FifteenError {
  return fileInvalid(MANIFEST_FILE, problems);
}

/** Parses and validates the text of fifteen.json; throws MANIFEST_INVALID naming each problem's JSON path. */
export function parseManifest(text: string, options: ParseOptions): Manifest {
  if (Buffer.byteLength(text) > MAX_MANIFEST_BYTES) {
    throw new FifteenError(
      "MANIFEST_INVALID",
      `${MANIFEST_FILE} is larger than ${MAX_MANIFEST_BYTES / 1024} KiB; it declares settings, not data.`,
    );
  }
  const value = parseJsonFile(MANIFEST_FILE, text);
  const problems = schemaErrors(ManifestSchema, value);
  if (problems.length > 0) throw manifestInvalid(problems);
  const manifest = value as Manifest;
  const rules = ruleErrors(manifest, options);
  if (rules.length > 0) throw manifestInvalid(rules);
  return manifest;
}

/** The compiled pattern of a config entry: the whole value must match. */
export function configPattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, "u");
}

/** How long one pattern may take on one value: a pattern that backtracks catastrophically must not stall the platform. */
const PATTERN_TIMEOUT_MS = 100;

/**
 * Whether `value` matches a config entry's pattern, checked in a throwaway V8 context with a time limit (the
 * pattern comes from an app's repository; the platform runs it on its own thread). "timeout" when it took too long.
 */
export function matchesPattern(pattern: string, value: string): boolean | "timeout" {
  try {
    return runInNewContext(
      "pattern.test(value)",
      { pattern: configPattern(pattern), value },
      {
        timeout: PATTERN_TIMEOUT_MS,
      },
    ) as boolean;
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return "timeout";
    throw err;
  }
}

/** A cron entry's command as CronService takes it: a command line is one element (run by sh -c). */
export function cronCommand(command: string | string[]): string[] {
  return typeof command === "string" ? [command] : command;
}

function ruleErrors(manifest: Manifest, options: ParseOptions): string[] {
  const problems: string[] = [];
  const fail = (path: string, err: unknown) =>
    problems.push(`${path}: ${(err instanceof Error ? err.message : String(err)).replace(/\.$/, "")}`);
  for (const [key, entry] of Object.entries(manifest.config ?? {})) {
    try {
      assertConfigKey(key);
    } catch (err) {
      fail(pointer("config", key), err);
    }
    if (typeof entry === "object" && entry.value !== undefined && entry.generator !== undefined)
      problems.push(`${pointer("config", key)}: has both value and generator; give one`);
    if (typeof entry === "object" && entry.pattern !== undefined) {
      try {
        configPattern(entry.pattern);
      } catch (err) {
        problems.push(
          `${pointer("config", key, "pattern")} is not a valid regular expression (${err instanceof Error ? err.message : String(err)})`,
        );
      }
    }
  }
  for (const [type, entry] of Object.entries(manifest.formation ?? {})) {
    if (entry.size !== undefined && parseMemorySize(entry.size) === undefined)
      problems.push(`${pointer("formation", type, "size")}: ${entry.size} is not from 32M to 1024G`);
  }
  if (manifest.formation && Object.hasOwn(manifest.formation, "release")) {
    problems.push(
      `${pointer("formation", "release")}: the release task runs once per release and is not scaled`,
    );
  }
  const aliases = new Map<string, number>();
  (manifest.addons ?? []).forEach((addon, index) => {
    if (addon.as === undefined) return;
    const first = aliases.get(addon.as);
    if (first !== undefined)
      problems.push(`${pointer("addons", index, "as")}: ${addon.as} is already used by /addons/${first}`);
    else aliases.set(addon.as, index);
  });
  const jobs = new Map<string, number>();
  (manifest.cron ?? []).forEach((job, index) => {
    try {
      const valid = validateCronJob(
        { schedule: job.schedule, timezone: job.tz, command: cronCommand(job.command) },
        options.cronSeconds,
      );
      const key = JSON.stringify(valid);
      const first = jobs.get(key);
      if (first !== undefined) problems.push(`${pointer("cron", index)}: the same job as /cron/${first}`);
      else jobs.set(key, index);
    } catch (err) {
      fail(pointer("cron", index), err);
    }
  });
  return problems;
}

/** After the build: every formation entry must name a process type the build produced. */
export function checkFormationTypes(manifest: Manifest, processTypes: Record<string, string>): void {
  const known = Object.keys(processTypes).filter((t) => t !== "release");
  const unknown = Object.keys(manifest.formation ?? {}).filter((t) => !known.includes(t));
  if (unknown.length === 0) return;
  const fromAppJson = formationTypesFromAppJson(manifest);
  const problem = (type: string) =>
    `${pointer("formation", type)}: the app has no process type "${type}" (its types: ${known.join(", ")})`;
  const ownTypes = unknown.filter((t) => !fromAppJson.has(t));
  if (ownTypes.length > 0) throw manifestInvalid(ownTypes.map(problem));
  throw new FifteenError("MANIFEST_INVALID", `${APP_JSON_FILE}: ${unknown.map(problem).join("; ")}`);
}
