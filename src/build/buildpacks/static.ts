// The static buildpack: a site with index.html and no package.json, served by the built-in static server.
import { exists, readProcfile } from "./files.js";
import type { Buildpack } from "./types.js";

/** The built-in static web process: `fifteen static` serves the slug directory on $PORT. */
export const STATIC_WEB_COMMAND = "fifteen static";

export const staticBuildpack: Buildpack = {
  name: "static",

  async detect(dir) {
    if (!(await exists(dir, "index.html"))) return { matched: false, reason: "no index.html" };
    if (await exists(dir, "package.json"))
      return { matched: false, reason: "package.json present (node app)" };
    return { matched: true, reason: "index.html found and no package.json" };
  },

  async build(ctx) {
    const procfile = await readProcfile(ctx.dir);
    ctx.log("-----> Static site: files are served as they are\n");
    return { web: STATIC_WEB_COMMAND, ...procfile };
  },
};
