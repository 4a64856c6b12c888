// Apps: create, list, look up and destroy, with name rules enforced before anything is written.
import { randomUUID } from "node:crypto";
import { now } from "../shared/clock.js";
import { FifteenError } from "../shared/errors.js";
import { assertAppName, assertBranchName } from "../shared/names.js";
import { toApp, type Store } from "../store/index.js";
import { canSeeApp } from "./access.js";
import type { AddonService } from "./addons.js";
import type { EventBus } from "./events.js";
import type { AppFiles, BuildOutput, SlugStore, SourceArchive } from "./ports.js";
import type { App, Principal } from "./types.js";

/** `apps:info`: what the API shows of an app (never its uid), with where it is served and deployed from. */
export interface AppInfo extends Pick<App, "id" | "name" | "createdAt" | "deployBranch"> {
  currentRelease: number | null;
  gitUrlPath: string;
  /** Where the router serves the app (http://NAME.localhost:PORT); null until the router listens. */
  webUrl: string | null;
}

/** The router's built-in host name for an app. */
export function webUrlOf(app: string, routerPort: number): string {
  return `http://${app}.localhost${routerPort === 80 ? "" : `:${routerPort}`}`;
}

export class AppService {
  #routerPort: number | undefined;

  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly deps: {
      slugs: SlugStore;
      files: AppFiles;
      output: BuildOutput;
      sources: SourceArchive;
      addons: AddonService;
    },
  ) {}

  async create(name: string, actor: Principal, deployBranch = "main"): Promise<App> {
    assertAppName(name);
    assertBranchName(deployBranch);
    const row = await this.store
      .transaction(async (tx) => {
        if (await tx.apps.byName(name)) {
          throw new FifteenError("APP_EXISTS", `An app named "${name}" already exists; pick another name.`);
        }
        const app = await tx.apps.insert({
          id: randomUUID(),
          name,
          created_at: now(),
          deploy_branch: deployBranch,
        });
        const version = await tx.apps.next(app.id, "config_seq");
        await tx.configVersions.insert({
          app_id: app.id,
          version,
          vars: "{}",
          description: "Initial config",
          created_by: actor.name,
          created_at: now(),
        });
        // A user who creates an app owns it; machine tokens (bootstrap, CI) own nothing.
        if (actor.user) {
          await tx.users.setRole({
            app_id: app.id,
            user_id: actor.user.id,
            role: "owner",
            created_at: now(),
          });
        }
        return app;
      })
      .catch(async (err: unknown) => {
        // A concurrent create of the same name loses on the unique index; anything else is a real failure.
        if (!(err instanceof FifteenError) && (await this.store.apps.byName(name))) {
          throw new FifteenError("APP_EXISTS", `An app named "${name}" already exists; pick another name.`);
        }
        throw err;
      });
    const app = toApp(row);
    this.events.emit("app.created", { app });
    return app;
  }

  /** The router's port, once it listens: apps' URLs name it. */
  setRouterPort(port: number): void {
    this.#routerPort = port;
  }

  async list(principal: Principal): Promise<App[]> {
    const rows = await this.store.apps.list();
    return rows.filter((row) => canSeeApp(principal, row)).map(toApp);
  }

  async find(name: string): Promise<App | undefined> {
    const row = await this.store.apps.byName(name);
    return row && toApp(row);
  }

  async nameOf(id: string): Promise<string | undefined> {
    return (await this.store.apps.byId(id))?.name;
  }

  /**
   * Gives the app a new name: its record, repository and build cache move; its id (and with it processes,
   * config, add-ons, releases and domains) stays, so the runtime routes the running processes under the new
   * host name and the old one stops answering.
   */
  async rename(app: App, name: string): Promise<AppInfo> {
    assertAppName(name);
    if (name === app.name) return this.info(app);
    const taken = () =>
      new FifteenError("APP_EXISTS", `An app named "${name}" already exists; pick another name.`);
    await this.store
      .transaction(async (tx) => {
        if (await tx.apps.byName(name)) throw taken();
        await tx.apps.rename(app.id, name);
      })
      .catch(async (err: unknown) => {
        if (!(err instanceof FifteenError) && (await this.store.apps.byName(name))) throw taken();
        throw err;
      });
    await this.deps.files.rename(app.name, name);
    const renamed = { ...app, name };
    this.events.emit("app.renamed", { app: renamed, from: app.name });
    return this.info(renamed);
  }

  /** Changes the branch a git push deploys; pushes to any other branch are refused. */
  async setDeployBranch(app: App, branch: string): Promise<AppInfo> {
    assertBranchName(branch);
    await this.store.apps.setDeployBranch(app.id, branch);
    return this.info({ ...app, deployBranch: branch });
  }

  /** Maintenance mode: the router answers every request for the app with a 503 page; processes keep running. */
  async setMaintenance(app: App, on: boolean): Promise<{ maintenance: boolean }> {
    await this.store.apps.setMaintenance(app.id, on);
    this.events.emit("maintenance.changed", { app, on });
    return { maintenance: on };
  }

  async info(app: App): Promise<AppInfo> {
    const current = await this.store.releases.current(app.id);
    return {
      id: app.id,
      name: app.name,
      createdAt: app.createdAt,
      currentRelease: current?.version ?? null,
      gitUrlPath: `/${app.name}.git`,
      deployBranch: app.deployBranch,
      webUrl: this.#routerPort === undefined ? null : webUrlOf(app.name, this.#routerPort),
    };
  }

  /** Removes the app's records, then its repository, cache, build output and the slugs no other app uses. */
  async destroy(app: App, confirm: string): Promise<void> {
    if (confirm !== app.name) {
      throw new FifteenError(
        "CONFIRM_MISMATCH",
        `Destroying "${app.name}" is permanent; confirm with --confirm ${app.name}.`,
      );
    }
    // Its add-ons first: refused (and nothing changed) while another app still uses one.
    await this.deps.addons.destroyOwned(app);
    const builds = await this.store.builds.withSources(app.id);
    const slugs = await this.store.releases.slugsOf(app.id);
    const shared = await this.store.releases.slugsUsedOutside(app.id, slugs);
    // Subscribers (build worker, runtime) stop this app's work before its files go.
    this.events.emit("app.destroyed", { app });
    await this.store.apps.delete(app.id);
    await this.deps.files.remove(app.name);
    await Promise.all(builds.map((b) => this.deps.output.remove(b.id)));
    // Identical uploads share an archive: another app's build may still need one.
    await Promise.all(
      builds.map((b) => this.deps.sources.delete(b.digest, () => this.store.builds.sourceNeeded(b.digest))),
    );
    await Promise.all(slugs.filter((d) => !shared.has(d)).map((d) => this.deps.slugs.delete(d)));
  }
}
