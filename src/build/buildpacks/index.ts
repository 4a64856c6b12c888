// Buildpacks in detection order: the first that matches builds the app.
import { nodeBuildpack } from "./node.js";
import { procfileBuildpack } from "./procfile.js";
import { staticBuildpack } from "./static.js";
import type { Buildpack } from "./types.js";

export type { Buildpack, BuildContext, Detection } from "./types.js";
export { STATIC_WEB_COMMAND } from "./static.js";

export const BUILDPACKS: readonly Buildpack[] = [nodeBuildpack, staticBuildpack, procfileBuildpack];
