// Per-app files outside the store: the git repository and the build cache.
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { AppFiles } from "../core/index.js";
import { assertAppName } from "../shared/names.js";

export class FsAppFiles implements AppFiles {
  constructor(private readonly dirs: { repos: string; cache: string }) {}

  async remove(appName: string): Promise<void> {
    assertAppName(appName);
    await rm(join(this.dirs.repos, `${appName}.git`), { recursive: true, force: true });
    await rm(join(this.dirs.cache, appName), { recursive: true, force: true });
  }

  async rename(from: string, to: string): Promise<void> {
    assertAppName(from);
    assertAppName(to);
    const move = (a: string, b: string) =>
      rename(a, b).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== "ENOENT") throw err; // an app never pushed to, or never built, has none
      });
    await move(join(this.dirs.repos, `${from}.git`), join(this.dirs.repos, `${to}.git`));
    await move(join(this.dirs.cache, from), join(this.dirs.cache, to));
  }
}
