// What the runtime needs to know about each app: its live release, formation, domains and process env.
import type { AppRow, Store } from "../store/index.js";
import type { ConfigService } from "./config-vars.js";
import { toRelease } from "./releases.js";
import type { Release } from "./types.js";

export interface AppRuntimeState {
  app: AppRow;
  /** The live release (newest succeeded), if any. */
  release: Release | undefined;
  formation: Record<string, number>;
  domains: string[];
}

export class RuntimeStateService {
  constructor(
    private readonly store: Store,
    private readonly config: ConfigService,
  ) {}

  async all(): Promise<AppRuntimeState[]> {
    const states = await Promise.all((await this.store.apps.list()).map((app) => this.of(app)));
    return states;
  }

  async byId(appId: string): Promise<AppRuntimeState | undefined> {
    const app = await this.store.apps.byId(appId);
    return app ? this.of(app) : undefined;
  }

  async of(app: AppRow): Promise<AppRuntimeState> {
    const [current, formation, domains] = await Promise.all([
      this.store.releases.current(app.id),
      this.store.formation.of(app.id),
      this.store.domains.of(app.id),
    ]);
    return {
      app,
      release: current ? toRelease(current, app.name, current.version) : undefined,
      formation: Object.fromEntries(formation.map((f) => [f.type, f.quantity])),
      domains: domains.map((d) => d.hostname),
    };
  }

  /** The number of the app's next one-off process (run.N, scheduler.N, release.N). */
  async nextProcessNumber(app: AppRow): Promise<number> {
    return this.store.apps.next(app.id, "process_seq");
  }

  /** A release's config vars plus the platform's own variables (PORT and FIFTEEN_PROCESS are per process). */
  async env(app: AppRow, release: Release): Promise<Record<string, string>> {
    const vars = await this.config.atVersion(app, release.configVersion);
    const env: Record<string, string> = {
      ...vars,
      FIFTEEN_APP: app.name,
      FIFTEEN_RELEASE: `v${release.version}`,
    };
    if (release.commit) env.FIFTEEN_COMMIT = release.commit;
    return env;
  }
}
