// Which process of an app takes the next request: each in turn, skipping the ones already tried for it.
import type { AppRoute, RouteBackend } from "../shared/route-table.js";

export class RoundRobin {
  /** The next turn, per app. */
  readonly #next = new Map<string, number>();

  pick(route: AppRoute, tried: ReadonlySet<string>): RouteBackend | undefined {
    const candidates = route.backends.filter((b) => !tried.has(b.id));
    if (candidates.length === 0) return undefined;
    const n = this.#next.get(route.appId) ?? 0;
    this.#next.set(route.appId, n + 1);
    return candidates[n % candidates.length];
  }
}
