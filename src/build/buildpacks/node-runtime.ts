// Which Node an app builds and runs on: the newest registry version that package.json's engines.node accepts,
// installed once per version; with no engines.node, the platform's own Node.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import semver from "semver";
import { PLATFORM_NODE_BIN } from "../../shared/app-path.js";
import { FifteenError } from "../../shared/errors.js";
import { NODE_PACKAGE, type Toolchain, type Toolchains } from "../../toolchains/toolchains.js";
import { readAppFile } from "./files.js";

export interface NodeRuntime {
  /** The exact version ("18.20.8"). */
  version: string;
  /** Its bin directory (node, npm, npx), for PATH. */
  bin: string;
  /** Installed from the registry (absent: the platform's Node, which needs no mount and no record). */
  toolchain?: Toolchain;
  /** Its headers, so node-gyp builds native modules for this Node without downloading them. */
  nodedir?: string;
}

/** The platform's Node: what apps without engines.node get. */
export const PLATFORM_NODE: NodeRuntime = {
  version: process.versions.node,
  bin: PLATFORM_NODE_BIN,
  ...platformHeaders(),
};

/**
 * Where node-gyp finds the platform Node's headers when they are installed beside it (`/usr/include/node` for a
 * distribution's Node): a native module then compiles without downloading them from nodejs.org.
 */
function platformHeaders(): { nodedir?: string } {
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, "include", "node", "node_version.h")) ? { nodedir: prefix } : {};
}

/** package.json's engines.node, or undefined (no package.json, none set, or not readable: the buildpack says why). */
export async function enginesNode(dir: string): Promise<string | undefined> {
  try {
    const pkg = JSON.parse((await readAppFile(dir, "package.json")) ?? "null") as {
      engines?: { node?: unknown };
    } | null;
    const range = pkg?.engines?.node;
    return typeof range === "string" && range.trim() !== "" ? range.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** The newest of `versions` that `range` accepts; throws NODE_VERSION_UNAVAILABLE listing the majors if none. */
export function resolveNodeVersion(range: string, versions: readonly string[]): string {
  if (semver.validRange(range) === null) {
    throw new FifteenError(
      "NODE_VERSION_UNAVAILABLE",
      `engines.node "${range}" in package.json is not a version range (write it like "20.x" or ">=18 <21").`,
    );
  }
  const found = semver.maxSatisfying([...versions], range);
  if (found === null) {
    const majors = [...new Set(versions.map((v) => semver.major(v)))].sort((a, b) => a - b);
    throw new FifteenError(
      "NODE_VERSION_UNAVAILABLE",
      `engines.node "${range}" in package.json matches no Node version in the npm registry (${NODE_PACKAGE}). ` +
        `Available major versions: ${majors.join(", ")}. Change engines.node and deploy again.`,
    );
  }
  return found;
}

/** Picks (and installs, once) the Node for the app in `dir`, saying which in the build output. */
export async function selectNode(
  dir: string,
  toolchains: Toolchains | undefined,
  log: (text: string) => void,
): Promise<NodeRuntime> {
  const range = await enginesNode(dir);
  if (range === undefined || !toolchains) {
    log(
      `-----> Node.js ${PLATFORM_NODE.version}: the platform's (no engines.node in package.json; set it to choose a version)\n`,
    );
    return PLATFORM_NODE;
  }
  let versions: string[];
  try {
    versions = await toolchains.versions(NODE_PACKAGE);
  } catch (err) {
    throw new FifteenError(
      "NODE_VERSION_UNAVAILABLE",
      `Could not list the Node versions of the npm registry for engines.node "${range}": ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const version = resolveNodeVersion(range, versions);
  log(`-----> Node.js ${version} (engines.node "${range}")\n`);
  let toolchain: Toolchain;
  try {
    toolchain = await toolchains.node(version);
  } catch (err) {
    throw new FifteenError(
      "NODE_VERSION_UNAVAILABLE",
      `Node.js ${version} could not be installed from the npm registry: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return {
    version,
    bin: toolchain.bin,
    toolchain,
    nodedir: join(toolchain.root, "node_modules", NODE_PACKAGE),
  };
}
