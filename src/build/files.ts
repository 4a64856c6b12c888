// Per-app files outside the store: the git repository and the build cache.
import { rm } from "node:fs/promises";
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
}
