// Session affinity (the http-session-affinity feature): a cookie naming the web process that served a client,
// signed with a key the platform keeps (affinity-key.ts), so that a client cannot pick a process itself.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { AppRoute, RouteBackend } from "../shared/route-table.js";

/** As Heroku's `heroku-session-affinity`. */
export const AFFINITY_COOKIE = "fifteen-session-affinity";

/** Base64url characters of the HMAC kept in the cookie (22: 132 bits). */
const MAC_LENGTH = 22;
/** Process ids are UUIDs; anything else in a cookie is not ours. */
const BACKEND_ID = /^[A-Za-z0-9-]{1,64}$/;

export class AffinityCookies {
  constructor(private readonly key: Buffer) {}

  /** The cookie value for a backend of an app: `ID.MAC`, the MAC binding both. */
  value(appId: string, backendId: string): string {
    return `${backendId}.${this.#mac(appId, backendId)}`;
  }

  /** The backend id a cookie value names, when its MAC holds for this app; undefined otherwise. */
  verify(appId: string, value: string): string | undefined {
    const dot = value.lastIndexOf(".");
    if (dot <= 0) return undefined;
    const id = value.slice(0, dot);
    const mac = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(this.#mac(appId, id));
    if (!BACKEND_ID.test(id) || mac.length !== expected.length || !timingSafeEqual(mac, expected))
      return undefined;
    return id;
  }

  /** The Set-Cookie header naming a backend: for the whole site, kept from scripts, sent on top-level navigation. */
  header(appId: string, backendId: string, secure: boolean): string {
    return `${AFFINITY_COOKIE}=${this.value(appId, backendId)}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
  }

  #mac(appId: string, backendId: string): string {
    return createHmac("sha256", this.key)
      .update(`${appId}\u0000${backendId}`)
      .digest("base64url")
      .slice(0, MAC_LENGTH);
  }
}

/** The value of the affinity cookie in a request's Cookie header(s), if there is one. */
export function affinityCookie(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const line of Array.isArray(header) ? header : [header]) {
    for (const pair of line.split(";")) {
      const eq = pair.indexOf("=");
      if (eq < 0 || pair.slice(0, eq).trim() !== AFFINITY_COOKIE) continue;
      return pair.slice(eq + 1).trim();
    }
  }
  return undefined;
}

/**
 * Where an affinity request goes: the backend its valid cookie names, while that backend is in the route (up,
 * not draining, of the live release) and was not tried already; otherwise none, and the router picks one and
 * sets the cookie anew.
 */
export function stickyBackend(
  cookies: AffinityCookies | undefined,
  route: AppRoute,
  header: string | string[] | undefined,
  tried: ReadonlySet<string>,
): RouteBackend | undefined {
  if (!route.affinity || !cookies) return undefined;
  const value = affinityCookie(header);
  const id = value === undefined ? undefined : cookies.verify(route.appId, value);
  if (id === undefined || tried.has(id)) return undefined;
  return route.backends.find((b) => b.id === id);
}
