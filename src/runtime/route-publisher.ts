// Keeps the router's table current: each app's route is rebuilt (by route-table.ts's rule) only when its state,
// processes or draining changed, and a table is sent only when some route did.
import type { AppRuntimeState } from "../core/index.js";
import type { AppRoute, RouteTable } from "../shared/route-table.js";
import type { ProcessStatus } from "./driver.js";
import { appRoute, hostsOf, routeHosts } from "./route-table.js";

/** Where the route table goes (the router), and how to wait until it stopped using some backends. */
export interface RouteSink {
  publish(table: RouteTable): void;
  drain(backendIds: string[], timeoutMs: number): Promise<void>;
  /** Resolves once the tables published so far are served (a sink that applies them at once has none). */
  applied?(): Promise<void>;
}

/** What the routes are built from: the reconciler's view of the apps and their processes. */
export interface RouteSource {
  readonly states: ReadonlyMap<string, AppRuntimeState>;
  readonly draining: ReadonlySet<string>;
  processes(appId: string): readonly ProcessStatus[];
  /** Apps whose processes changed since the last call. */
  takeChanged(): Set<string>;
}

export class RoutePublisher {
  /** Each app's last route and host names, and both serialised to tell a change. */
  readonly #routes = new Map<string, { hosts: string[]; route: AppRoute; json: string }>();
  readonly #dirty = new Set<string>();
  #version = 0;
  #queued = false;
  #stopped = false;

  constructor(
    private readonly sink: Pick<RouteSink, "publish" | "applied">,
    private readonly source: RouteSource,
  ) {}

  /** The app's state or draining changed: its route is looked at in the next publish. */
  touch(appId: string): void {
    this.#dirty.add(appId);
  }

  /**
   * Resolves once the data plane serves every table published so far, or after `ms` at most: a data plane
   * that is slow or restarting never holds a rollout up.
   */
  async applied(ms: number): Promise<void> {
    const served = this.sink.applied?.();
    if (!served) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([served, late]);
    clearTimeout(timer);
  }

  /** No table from here on (the platform handed off: the router keeps serving the last one). */
  stop(): void {
    this.#stopped = true;
  }

  /** Publishes once the current work yields, however many changes asked for it meanwhile. */
  schedule(): void {
    if (this.#queued) return;
    this.#queued = true;
    setImmediate(() => {
      this.#queued = false;
      this.publish();
    });
  }

  publish(): void {
    if (this.#stopped) return;
    const dirty = this.source.takeChanged();
    for (const appId of this.#dirty) dirty.add(appId);
    this.#dirty.clear();
    let changed = false;
    for (const appId of dirty) {
      const state = this.source.states.get(appId);
      if (!state) {
        changed = this.#routes.delete(appId) || changed;
        continue;
      }
      const route = appRoute(state, this.source.processes(appId), this.source.draining);
      const hosts = hostsOf(state.app.name, state.domains);
      const json = JSON.stringify([hosts, route]);
      if (this.#routes.get(appId)?.json === json) continue;
      this.#routes.set(appId, { hosts, route, json });
      changed = true;
    }
    // The first table goes out even when there is no app: until then the router answers "starting", not 404.
    if (!changed && this.#version > 0) return;
    // In the apps' order: of two apps claiming one host, the later one's route is in the table.
    const apps = [...this.source.states.keys()].flatMap((appId) => this.#routes.get(appId) ?? []);
    this.sink.publish({ version: ++this.#version, hosts: routeHosts(apps) });
  }
}
