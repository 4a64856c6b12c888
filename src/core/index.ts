// Core: the concepts and their rules. Validates, writes through the store, publishes events; spawns nothing.
import type { Store } from "../store/index.js";
import { AppService } from "./apps.js";
import { BuildService } from "./builds.js";
import { ConfigService } from "./config-vars.js";
import { EventBus } from "./events.js";
import type { AppFiles, BuildOutput, SlugStore, SourceArchive } from "./ports.js";
import { ReleaseService } from "./releases.js";
import type { Sealer } from "./secrets.js";
import { TokenService } from "./tokens.js";

export { requireApp, requirePlatform, canSeeApp } from "./access.js";
export type { BuildJob, BuildResult } from "./builds.js";
export type { CoreEvents } from "./events.js";
export { EventBus } from "./events.js";
export { PERMISSIONS, isPermission, type Permission } from "./permissions.js";
export type { AppFiles, BuildOutput, SlugStore, SourceArchive } from "./ports.js";
export { Sealer } from "./secrets.js";
export { generateToken } from "./tokens.js";
export type * from "./types.js";

export interface CoreDeps {
  store: Store;
  sealer: Sealer;
  slugs: SlugStore;
  sources: SourceArchive;
  output: BuildOutput;
  files: AppFiles;
  maxSourceBytes: number;
}

export class Core {
  readonly events = new EventBus();
  readonly tokens: TokenService;
  readonly apps: AppService;
  readonly config: ConfigService;
  readonly builds: BuildService;
  readonly releases: ReleaseService;

  constructor(deps: CoreDeps) {
    this.tokens = new TokenService(deps.store);
    this.apps = new AppService(deps.store, this.events, deps);
    this.config = new ConfigService(deps.store, this.events, deps.sealer);
    this.builds = new BuildService(deps.store, this.events, deps);
    this.releases = new ReleaseService(deps.store, this.events);
  }
}
