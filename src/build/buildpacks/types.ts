// The buildpack contract: detect says whether (and why) it applies; build prepares the app dir in place.

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
  /** The Node version the build runs (and keys its caches on), without the leading "v". */
  nodeVersion: string;
  log(text: string): void;
  /** Runs one step (argv, never a shell string); rejects with BUILD_COMMAND_FAILED on a non-zero exit. */
  run(argv: readonly string[], env?: Record<string, string>): Promise<void>;
}

export interface Buildpack {
  readonly name: string;
  detect(dir: string): Promise<Detection>;
  /** Returns the process types of the built app. */
  build(ctx: BuildContext): Promise<Record<string, string>>;
}
