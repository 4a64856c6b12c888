// The procfile buildpack: any directory with a Procfile runs as it is, with no build step.
import { exists, readProcfile } from "./files.js";
import type { Buildpack } from "./types.js";

export const procfileBuildpack: Buildpack = {
  name: "procfile",

  async detect(dir) {
    return (await exists(dir, "Procfile"))
      ? { matched: true, reason: "Procfile found" }
      : { matched: false, reason: "no Procfile" };
  },

  async build(ctx) {
    ctx.log("-----> No build step: running the Procfile as it is\n");
    return (await readProcfile(ctx.dir)) as Record<string, string>;
  },
};
