// Heroku's app.json, read as Heroku defines it for env, formation, addons and scripts.postdeploy, turned into
// the fifteen.json manifest it means; fifteen.json wins where both say the same thing. Other fields are ignored.
import { FifteenError } from "../../shared/errors.js";
import { assertConfigKey } from "../../shared/names.js";
import { parseMemorySize } from "../../shared/sizes.js";
import { fileInvalid, parseJsonFile, pointer } from "./json-file.js";
import type { Manifest } from "./schema.js";

export const APP_JSON_FILE = "app.json";
/** How config descriptions that came from app.json begin. */
export const APP_JSON_MARK = `from ${APP_JSON_FILE}: `;

/** Heroku's dyno sizes, by their memory. */
const DYNO_MEMORY: Readonly<Record<string, string>> = {
  free: "512M",
  eco: "512M",
  hobby: "512M",
  basic: "512M",
  "standard-1x": "512M",
  "standard-2x": "1G",
  "performance-m": "2560M",
  "performance-l": "14G",
  "private-s": "1G",
  "private-m": "2560M",
  "private-l": "14G",
};

/** Heroku add-on services, by the platform's own add-on kind. */
const ADDON_KINDS: Readonly<Record<string, string>> = {
  "heroku-postgresql": "postgres",
  postgres: "postgres",
  postgresql: "postgres",
  "heroku-redis": "redis",
  redis: "redis",
  url: "url",
};

const ALIAS = /^[A-Z][A-Z0-9_]{0,39}$/;

export interface AppJson {
  /** The manifest app.json amounts to. */
  manifest: Manifest;
  /** Things ignored on purpose, for the build output. */
  notes: string[];
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const invalid = (problems: string[]) => fileInvalid(APP_JSON_FILE, problems);

/** Parses app.json; throws MANIFEST_INVALID (with JSON paths) for bad JSON or a used field of the wrong shape. */
export function parseAppJson(text: string): AppJson {
  const value = parseJsonFile(APP_JSON_FILE, text);
  if (!isObject(value)) throw invalid(["the file must be a JSON object"]);
  const problems: string[] = [];
  const notes: string[] = [];
  const manifest: Manifest = {};

  const config = env(value.env, problems, notes);
  if (config) manifest.config = config;
  const formation = formationOf(value.formation, problems);
  if (formation) manifest.formation = formation;
  const addons = addonsOf(value.addons, problems, notes);
  if (addons) manifest.addons = addons;
  if (value.scripts !== undefined) {
    if (!isObject(value.scripts)) problems.push("/scripts must be an object");
    else if (value.scripts.postdeploy !== undefined) {
      const cmd = value.scripts.postdeploy;
      if (typeof cmd !== "string" || cmd.trim() === "" || cmd.length > 8192)
        problems.push("/scripts/postdeploy must be a command line (a non-empty string)");
      else manifest.scripts = { postdeploy: cmd };
    }
  }
  if (problems.length > 0) throw invalid(problems);
  return { manifest, notes };
}

function env(raw: unknown, problems: string[], notes: string[]): Manifest["config"] {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    problems.push("/env must be an object of config keys");
    return undefined;
  }
  const config: NonNullable<Manifest["config"]> = {};
  for (const [key, entry] of Object.entries(raw)) {
    const at = pointer("env", key);
    try {
      assertConfigKey(key);
    } catch (err) {
      if (err instanceof FifteenError && err.code === "CONFIG_KEY_RESERVED") {
        notes.push(`${at}: ${key} is set by the platform; ignored`);
      } else problems.push(`${at}: not a config key (letters, digits and _, not starting with a digit)`);
      continue;
    }
    // The shorthand "KEY": "value" is a default value (Heroku's own reading).
    const spec: Obj = isObject(entry) ? entry : { value: entry };
    const scalar = (v: unknown) =>
      typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
    const value = spec.value === undefined ? undefined : scalar(spec.value);
    if (spec.value !== undefined && value === undefined) {
      problems.push(`${at}${isObject(entry) ? "/value" : ""} must be a string`);
      continue;
    }
    if (spec.required !== undefined && typeof spec.required !== "boolean") {
      problems.push(`${at}/required must be true or false`);
      continue;
    }
    if (spec.generator !== undefined && spec.generator !== "secret") {
      problems.push(`${at}/generator must be "secret" (the only generator)`);
      continue;
    }
    // The marker lets a failed release name app.json, not fifteen.json, as what requires the key.
    const description =
      typeof spec.description === "string" && spec.description.trim() !== ""
        ? `${APP_JSON_MARK}${spec.description.slice(0, 450)}`
        : APP_JSON_MARK;
    config[key] = {
      description,
      ...(spec.required === false ? { required: false } : {}),
      ...(value !== undefined ? { value } : {}),
      ...(spec.generator === "secret" && value === undefined ? { generator: "secret" as const } : {}),
    };
  }
  return Object.keys(config).length > 0 ? config : undefined;
}

function formationOf(raw: unknown, problems: string[]): Manifest["formation"] {
  if (raw === undefined) return undefined;
  // Heroku also documents an array of { type, quantity, size }.
  const entries: Array<[string, unknown]> = Array.isArray(raw)
    ? raw.map((e, i): [string, unknown] => [isObject(e) && typeof e.type === "string" ? e.type : `#${i}`, e])
    : isObject(raw)
      ? Object.entries(raw)
      : [];
  if (!Array.isArray(raw) && !isObject(raw)) {
    problems.push("/formation must be an object of process types");
    return undefined;
  }
  const formation: NonNullable<Manifest["formation"]> = {};
  for (const [type, entry] of entries) {
    const at = pointer("formation", type);
    if (!/^[A-Za-z0-9_-]{1,30}$/.test(type) || !isObject(entry)) {
      problems.push(`${at} must be a process type with { "quantity", "size" }`);
      continue;
    }
    const out: { quantity?: number; size?: string } = {};
    if (entry.quantity !== undefined) {
      const q = entry.quantity;
      if (typeof q !== "number" || !Number.isInteger(q) || q < 0 || q > 100)
        problems.push(`${at}/quantity must be an integer from 0 to 100`);
      else out.quantity = q;
    }
    if (entry.size !== undefined) {
      const size = typeof entry.size === "string" ? entry.size.trim().toLowerCase() : "";
      const memory =
        DYNO_MEMORY[size] ?? (parseMemorySize(size) !== undefined ? size.toUpperCase() : undefined);
      if (memory === undefined)
        problems.push(
          `${at}/size: ${JSON.stringify(entry.size)} is neither a dyno size (${Object.keys(DYNO_MEMORY).join(", ")}) nor a memory size from 32M to 1024G`,
        );
      else out.size = memory.replace(/IB$|B$/, "");
    }
    if (out.quantity !== undefined || out.size !== undefined) formation[type] = out;
  }
  return Object.keys(formation).length > 0 ? formation : undefined;
}

function addonsOf(raw: unknown, problems: string[], notes: string[]): Manifest["addons"] {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    problems.push("/addons must be an array of plans");
    return undefined;
  }
  const addons: NonNullable<Manifest["addons"]> = [];
  raw.forEach((entry: unknown, index) => {
    const at = pointer("addons", index);
    const plan = typeof entry === "string" ? entry : isObject(entry) ? entry.plan : undefined;
    if (typeof plan !== "string" || plan.trim() === "") {
      problems.push(`${at} must be a plan ("heroku-postgresql:mini") or { "plan", "as"? }`);
      return;
    }
    const service = plan.split(":")[0]?.trim().toLowerCase() ?? "";
    const kind = ADDON_KINDS[service];
    if (!kind) {
      notes.push(`${at}: ${plan} has no equivalent here (postgres, redis, url); not provisioned`);
      return;
    }
    const as = isObject(entry) ? entry.as : undefined;
    if (as !== undefined && (typeof as !== "string" || !ALIAS.test(as.toUpperCase()))) {
      problems.push(`${at}/as must be an attachment name such as DATABASE (letters, digits, _)`);
      return;
    }
    addons.push(typeof as === "string" ? { kind, as: as.toUpperCase() } : { kind });
  });
  return addons.length > 0 ? addons : undefined;
}

/** The formation types of a merged manifest that only app.json declares, for errors that name the file. */
const formationFromAppJson = new WeakMap<Manifest, ReadonlySet<string>>();

export function formationTypesFromAppJson(manifest: Manifest): ReadonlySet<string> {
  return formationFromAppJson.get(manifest) ?? new Set();
}

/** app.json's manifest under fifteen.json's: config per key, formation per type and field, add-ons by kind. */
export function mergeManifests(fromAppJson: Manifest, fifteen: Manifest | null): Manifest {
  const merged: Manifest = { ...fromAppJson, ...fifteen };
  const own = new Set(Object.keys(fifteen?.formation ?? {}));
  formationFromAppJson.set(
    merged,
    new Set(Object.keys(fromAppJson.formation ?? {}).filter((type) => !own.has(type))),
  );
  if (!fifteen) return merged;
  if (fromAppJson.config || fifteen.config) merged.config = { ...fromAppJson.config, ...fifteen.config };
  if (fromAppJson.formation || fifteen.formation) {
    const formation: NonNullable<Manifest["formation"]> = { ...fromAppJson.formation };
    for (const [type, entry] of Object.entries(fifteen.formation ?? {}))
      formation[type] = { ...formation[type], ...entry };
    merged.formation = formation;
  }
  if (fromAppJson.addons || fifteen.addons) {
    // fifteen.json's add-ons, then app.json's that fifteen.json does not already name (by alias, else kind).
    const own = fifteen.addons ?? [];
    const named = (a: { kind: string; as?: string | undefined }) =>
      own.some((o) => (a.as !== undefined ? o.as === a.as : o.kind === a.kind));
    merged.addons = [...own, ...(fromAppJson.addons ?? []).filter((a) => !named(a))];
  }
  if (fromAppJson.scripts || fifteen.scripts) merged.scripts = { ...fromAppJson.scripts, ...fifteen.scripts };
  return merged;
}
