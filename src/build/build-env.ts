// The app's config as its build steps' environment (as Heroku's buildpack env dir): every var but the ones
// marked runtime-only (`config:set --runtime-only`, or `runtimeOnly` in fifteen.json) and the names the
// platform or the build itself owns. Only keys are ever printed, never values.
import type { Manifest } from "../core/index.js";

export interface BuildConfig {
  vars: Readonly<Record<string, string>>;
  /** Keys stored as runtime-only: processes get them, builds do not. */
  runtimeOnly: readonly string[];
}

/** Names a build never takes from config: the platform's, the build's own dirs, and the loader's paths. */
const NOT_FOR_BUILDS = new Set([
  "PORT",
  "PATH",
  "HOME",
  "TMPDIR",
  "CI",
  "GIT_DIR",
  "CPATH",
  "CPPATH",
  "LIBRARY_PATH",
  "LD_LIBRARY_PATH",
  "LD_PRELOAD",
]);

function platformOwned(key: string): boolean {
  return (
    NOT_FOR_BUILDS.has(key) || key.startsWith("FIFTEEN_") || /^npm_config_(cache|userconfig)$/i.test(key)
  );
}

/** The environment a build's steps get from the app's config; says which keys (never values) it holds. */
export function buildEnv(
  config: BuildConfig,
  manifest: Manifest | null,
  log: (text: string) => void,
): Record<string, string> {
  const runtimeOnly = new Set(config.runtimeOnly);
  for (const [key, entry] of Object.entries(manifest?.config ?? {}))
    if (typeof entry === "object" && entry.runtimeOnly === true) runtimeOnly.add(key);
  const env: Record<string, string> = {};
  const held: string[] = [];
  for (const [key, value] of Object.entries(config.vars)) {
    if (platformOwned(key)) continue;
    if (runtimeOnly.has(key)) {
      held.push(key);
      continue;
    }
    env[key] = value;
  }
  const keys = Object.keys(env).sort();
  if (keys.length + held.length > 0)
    log(
      `-----> Build environment: ${keys.length > 0 ? `config ${keys.join(", ")}` : "no config"}` +
        `${held.length > 0 ? ` (runtime only, not given to the build: ${held.sort().join(", ")})` : ""}\n`,
    );
  return env;
}
