// The local SlugStore: gzip tarballs named by their sha256 under the data dir.
import { access, mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { SlugStore } from "../core/index.js";
import { sha256File } from "../shared/digests.js";

const DIGEST = /^[0-9a-f]{64}$/;

export class FsSlugStore implements SlugStore {
  constructor(private readonly dir: string) {}

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  async put(file: string): Promise<{ digest: string; size: number }> {
    const digest = await sha256File(file);
    const { size } = await stat(file);
    await rename(file, this.path(digest));
    return { digest, size };
  }

  path(digest: string): string {
    if (!DIGEST.test(digest)) throw new Error(`not a slug digest: ${digest}`);
    return join(this.dir, `${digest}.tgz`);
  }

  async has(digest: string): Promise<boolean> {
    return access(this.path(digest)).then(
      () => true,
      () => false,
    );
  }

  async delete(digest: string): Promise<void> {
    await rm(this.path(digest), { force: true });
  }
}
