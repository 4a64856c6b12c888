// Session affinity on the HAProxy plane (docs/router.md): the Node router's signed cookie, checked by two maps the
// plane keeps in step with the route table through the runtime API. `affinity.map` takes a cookie value to the
// server slot of its process (`app_<id>/s3`), `affinity-servers.map` a slot back to its process's cookie value.
// Only the processes in a route with affinity have entries, so a cookie of a process that is gone, draining or of
// an old release finds nothing: the request is balanced, and the answer sets the cookie of the process that
// served it. A client cannot make a value up: the maps hold only values the platform signed.
import type { RouteTable } from "../../shared/route-table.js";
import type { AffinityCookies } from "../affinity.js";
import { backendName, serverName } from "./names.js";
import type { Slots } from "./slots.js";

export interface AffinityEntries {
  /** Cookie value → `app_<id>/s<n>`. */
  byCookie: Map<string, string>;
  /** `app_<id>/s<n>` → cookie value. */
  byServer: Map<string, string>;
}

/** The entries for a table as its processes sit in their slots (after the slots are laid out or applied). */
export function affinityEntries(
  table: RouteTable,
  slots: Slots,
  cookies: AffinityCookies | undefined,
): AffinityEntries {
  const byCookie = new Map<string, string>();
  const byServer = new Map<string, string>();
  if (!cookies) return { byCookie, byServer };
  const seen = new Set<string>();
  for (const route of Object.values(table.hosts)) {
    if (!route.affinity || seen.has(route.appId)) continue;
    seen.add(route.appId);
    for (const backend of route.backends) {
      const place = slots.find(backend.id);
      if (!place?.active || place.appId !== route.appId) continue;
      const server = `${backendName(route.appId)}/${serverName(place.slot)}`;
      const value = cookies.value(route.appId, backend.id);
      byCookie.set(value, server);
      byServer.set(server, value);
    }
  }
  return { byCookie, byServer };
}
