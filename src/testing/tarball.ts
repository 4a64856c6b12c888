// Submitting a directory as a build through the API client, the way `fifteen deploy` packs it.
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { ApiClient, Build } from "../client/index.js";
import { packDirectory } from "../cli/pack.js";

export async function submitTarball(api: ApiClient, app: string, dir: string): Promise<Build> {
  const packed = await packDirectory(dir);
  try {
    return await api.submitBuild(app, createReadStream(packed.file), {
      kind: "tarball",
      commit: packed.commit,
    });
  } finally {
    await rm(packed.file, { force: true });
  }
}
