// The procfile buildpack: any directory with a Procfile runs as it is, with no build step.
import { FifteenError } from "../../shared/errors.js";
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
    const types = await readProcfile(ctx.dir);
    // Detection guarantees a Procfile; a fifteen.json that names this buildpack does not.
    if (!types) {
      throw new FifteenError(
        "NO_PROCESS_TYPES",
        'Nothing to run: the procfile buildpack needs a Procfile (for example "web: ./server").',
      );
    }
    ctx.log("-----> No build step: running the Procfile as it is\n");
    return types;
  },
};
