// The route-status rule, pure: from an app's desired state and its processes to the routes the router gets.
// The reconciler and `fifteen dev` both build their tables here, so a status means the same in both.
import { hasFeature, type AppRuntimeState } from "../core/index.js";
import type { AppRoute, RouteBackend, RouteStatus, RouteTable } from "../shared/route-table.js";
import type { ProcessStatus } from "./driver.js";

/**
 * Web processes' routing: the up ones with a port (and not being drained) are the backends; with none, the
 * status says whether one crashed or they are still starting.
 */
export function webRoute(
  web: readonly ProcessStatus[],
  draining: ReadonlySet<string> = new Set(),
): { status: RouteStatus; backends: RouteBackend[] } {
  const backends = web
    .filter((p) => p.state === "up" && p.port !== null && !draining.has(p.id))
    .map((p) => ({ id: p.id, process: p.name, port: p.port as number }));
  if (backends.length > 0) return { status: "ok", backends };
  return { status: web.some((p) => p.state === "crashed") ? "crashed" : "starting", backends };
}

/** One app's route: its live release's web processes, or why nothing serves (not deployed, failed, no web). */
export function appRoute(
  state: AppRuntimeState,
  processes: readonly ProcessStatus[],
  draining: ReadonlySet<string>,
): AppRoute {
  const base = {
    appId: state.app.id,
    app: state.app.name,
    ...(state.app.maintenance ? { maintenance: true } : {}),
    ...(hasFeature(state.app, "http-session-affinity") ? { affinity: true } : {}),
  };
  const release = state.release;
  if (!release && state.failedRelease)
    return { ...base, status: "failed", failed: state.failedRelease, backends: [] };
  if (!release) return { ...base, status: "not-deployed", backends: [] };
  if (!release.processTypes.web || (state.formation.web ?? 0) === 0)
    return { ...base, status: "no-web", backends: [] };
  const web = processes.filter((p) => p.appId === state.app.id && p.web && p.release === release.version);
  return { ...base, ...webRoute(web, draining) };
}

/** The host names an app answers on: APP.localhost and its custom domains. */
export function hostsOf(app: string, domains: readonly string[]): string[] {
  return [`${app}.localhost`, ...domains];
}

/** The table's hosts from each app's route and host names; a later app's host wins, as in a plain assignment. */
export function routeHosts(
  apps: Iterable<{ hosts: readonly string[]; route: AppRoute }>,
): RouteTable["hosts"] {
  const hosts: RouteTable["hosts"] = {};
  for (const { hosts: names, route } of apps) for (const name of names) hosts[name] = route;
  return hosts;
}
