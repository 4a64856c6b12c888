// The buildpack contract: detect says whether (and why) it applies; build prepares the app dir in place.
import type { PackageManagerToolchains, Toolchain } from "../../toolchains/toolchains.js";

export interface Detection {
  matched: boolean;
  /** Why it did or did not match, shown in the build output. */
  reason: string;
}

export interface BuildContext {
  /** The app directory, built in place; it becomes the slug. */
  dir: string;
  /** Per-app cache directory kept between builds. */
  cacheDir: string;
  /** Where the source came from: a `git push` (its commit), or an upload (`fifteen deploy`). */
  source?: { kind: "git" | "tarball"; commit: string | null };
  /** The Node version the build steps (and later the app) use, exact ("20.18.1"); caches are keyed on it. */
  nodeVersion: string;
  /** Installs package managers (yarn, pnpm) once per version; absent: only npm is available. */
  toolchains?: PackageManagerToolchains;
  log(text: string): void;
  /** Puts a tool (a package manager) on the following steps' PATH, before Node, and lets the sandbox show it. */
  useTool(tool: Toolchain): void;
  /** Runs one step (argv, never a shell string); rejects with BUILD_COMMAND_FAILED on a non-zero exit. */
  run(argv: readonly string[], env?: Record<string, string>): Promise<void>;
}

export interface Buildpack {
  readonly name: string;
  detect(dir: string): Promise<Detection>;
  /** Returns the process types of the built app. */
  build(ctx: BuildContext): Promise<Record<string, string>>;
}
