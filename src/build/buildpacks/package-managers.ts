// npm, yarn 1 and pnpm: which one an app uses (its lockfile, or package.json's packageManager), and the
// install, build and prune steps of each, with its own package cache under the app's build cache.
import { join } from "node:path";
import semver from "semver";
import { FifteenError } from "../../shared/errors.js";
import { exists } from "./files.js";
import type { BuildContext } from "./types.js";

export type ManagerName = "npm" | "yarn" | "pnpm";

export interface PackageManager {
  name: ManagerName;
  /** Exact version installed from the registry; absent for npm, which comes with Node. */
  version?: string;
  lockfile: string;
  /** Installs exactly the lockfile, dev dependencies included (NODE_ENV=production would leave them out). */
  install: string[];
  /** Runs package.json's build script. */
  build: string[];
  /** Leaves only production dependencies in the slug. */
  prune: string[];
  /** Extra environment for every step (npm's cache). */
  env: Record<string, string>;
}

/** Used when package.json's packageManager does not name a version. */
export const DEFAULT_VERSIONS = { yarn: "1.22.22", pnpm: "9.15.9" } as const;

/** The lockfile each manager needs, and how to make it: said when it is missing. */
export const LOCKFILES: Readonly<Record<ManagerName, { file: string; make: string }>> = {
  npm: { file: "package-lock.json", make: "npm install" },
  yarn: { file: "yarn.lock", make: "yarn install" },
  pnpm: { file: "pnpm-lock.yaml", make: "pnpm install" },
};

/** package.json's packageManager ("pnpm@9.15.0", "yarn@1.22.22+sha512.…"), checked. */
export function parsePackageManagerField(
  field: unknown,
): { name: ManagerName; version?: string } | undefined {
  if (typeof field !== "string" || field.trim() === "") return undefined;
  const match = /^(npm|yarn|pnpm)(?:@([^+\s]+))?(?:\+\S*)?$/.exec(field.trim());
  if (!match) {
    throw new FifteenError(
      "PACKAGE_MANAGER_UNSUPPORTED",
      `packageManager "${field}" in package.json is not npm, yarn or pnpm with an exact version (e.g. "pnpm@9.15.0").`,
    );
  }
  const name = match[1] as ManagerName;
  const version = match[2];
  if (version !== undefined && semver.valid(version) === null) {
    throw new FifteenError(
      "PACKAGE_MANAGER_UNSUPPORTED",
      `packageManager "${field}" in package.json: "${version}" is not an exact version (e.g. "${name}@${name === "pnpm" ? DEFAULT_VERSIONS.pnpm : DEFAULT_VERSIONS.yarn}").`,
    );
  }
  if (name === "yarn" && version !== undefined && semver.major(version) !== 1) {
    throw new FifteenError(
      "PACKAGE_MANAGER_UNSUPPORTED",
      `packageManager "${field}": only yarn 1 (classic) is supported; use "yarn@${DEFAULT_VERSIONS.yarn}", npm or pnpm.`,
    );
  }
  return version === undefined ? { name } : { name, version };
}

/**
 * The manager of the app in `dir`: the one package.json's packageManager names, else the one whose lockfile is
 * there (npm, then yarn, then pnpm). Throws LOCKFILE_MISSING naming the lockfile(s) it looked for.
 */
export async function detectPackageManager(
  dir: string,
  field: unknown,
  cacheDir: string,
): Promise<PackageManager> {
  const named = parsePackageManagerField(field);
  const present: Record<ManagerName, string | undefined> = {
    npm: (await exists(dir, "package-lock.json"))
      ? "package-lock.json"
      : (await exists(dir, "npm-shrinkwrap.json"))
        ? "npm-shrinkwrap.json"
        : undefined,
    yarn: (await exists(dir, "yarn.lock")) ? "yarn.lock" : undefined,
    pnpm: (await exists(dir, "pnpm-lock.yaml")) ? "pnpm-lock.yaml" : undefined,
  };
  const name = named?.name ?? (["npm", "yarn", "pnpm"] as const).find((m) => present[m] !== undefined);
  const lockfile = name && present[name];
  if (!name || !lockfile) {
    const wanted = name ? [name] : (["npm", "yarn", "pnpm"] as const);
    const list = wanted.map((m) => `${LOCKFILES[m].file} (\`${LOCKFILES[m].make}\`)`).join(", or ");
    throw new FifteenError(
      "LOCKFILE_MISSING",
      `${name ? `${LOCKFILES[name].file} is missing (package.json's packageManager is ${name})` : "No lockfile"}: ` +
        `create ${list} in the app directory, commit it, and deploy again (builds install exactly what the lockfile says).`,
    );
  }
  return commandsOf(name, named?.version, lockfile, cacheDir);
}

function commandsOf(
  name: ManagerName,
  version: string | undefined,
  lockfile: string,
  cacheDir: string,
): PackageManager {
  switch (name) {
    case "npm":
      return {
        name,
        lockfile,
        install: ["npm", "ci", "--prefer-offline", "--no-audit", "--include=dev"],
        build: ["npm", "run", "build"],
        prune: ["npm", "prune", "--omit=dev", "--no-audit"],
        env: {
          npm_config_cache: join(cacheDir, "npm"),
          npm_config_update_notifier: "false",
          npm_config_fund: "false",
        },
      };
    case "yarn": {
      const cache = ["--cache-folder", join(cacheDir, "yarn")];
      return {
        name,
        version: version ?? DEFAULT_VERSIONS.yarn,
        lockfile,
        install: [
          "yarn",
          "install",
          "--frozen-lockfile",
          "--production=false",
          "--non-interactive",
          ...cache,
        ],
        build: ["yarn", "run", "build"],
        // yarn 1 has no prune: installing again for production removes what only development needed.
        prune: [
          "yarn",
          "install",
          "--frozen-lockfile",
          "--production=true",
          "--ignore-scripts",
          "--prefer-offline",
          "--non-interactive",
          ...cache,
        ],
        env: { YARN_IGNORE_PATH: "1", npm_config_update_notifier: "false" },
      };
    }
    case "pnpm": {
      const store = `--config.store-dir=${join(cacheDir, "pnpm-store")}`;
      return {
        name,
        version: version ?? DEFAULT_VERSIONS.pnpm,
        lockfile,
        install: ["pnpm", "install", "--frozen-lockfile", "--prod=false", store],
        build: ["pnpm", "run", "build"],
        prune: ["pnpm", "prune", "--prod", store],
        env: { npm_config_update_notifier: "false" },
      };
    }
  }
}

/** Installs yarn or pnpm at the app's version (once per version, platform-wide) and puts it on PATH. */
export async function providePackageManager(ctx: BuildContext, manager: PackageManager): Promise<void> {
  if (manager.name === "npm" || manager.version === undefined) return;
  if (!ctx.toolchains) {
    throw new FifteenError(
      "PACKAGE_MANAGER_UNSUPPORTED",
      `${manager.lockfile} needs ${manager.name}, which this platform cannot install.`,
    );
  }
  ctx.log(`-----> Installing ${manager.name} ${manager.version}\n`);
  try {
    ctx.useTool(await ctx.toolchains.packageManager(manager.name, manager.version));
  } catch (err) {
    throw new FifteenError(
      "PACKAGE_MANAGER_UNSUPPORTED",
      `${manager.name} ${manager.version} could not be installed from the npm registry: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
