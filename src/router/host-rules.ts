// Which host a request is for, and what the app sees of it: the rules every data plane follows (RFC 9112 §3.2).
// Pure, so another data plane (a generated HAProxy config) is held to the same table: host-rules.cases.ts.

/** What the data plane needs to know of a request to place it. */
export interface RequestTarget {
  /** The request-target as on the request line: origin-form (`/x?y`), absolute-form (`http://h/x`) or `*`. */
  url: string;
  /** Every Host header the client sent (normally one). */
  hosts: readonly string[];
  /** The port of the listener the request came to. */
  listenerPort: number;
}

export type Placement =
  /** Route by `host`; the app gets `path` on its request line and `hostHeader` as Host. */
  { ok: true; host: string; path: string; hostHeader: string } | { ok: false; reason: string };

// A reg-name of letters, digits, '-', '_' and '.', or an IP literal in brackets; then an optional port.
const AUTHORITY = /^([a-z0-9_.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;
const ABSOLUTE = /^https?:\/\//i;

function refuse(reason: string): Placement {
  return { ok: false, reason };
}

/** host[:port] as sent → the host to route by, or why it is refused. */
function authority(raw: string, listenerPort: number): { host: string } | { reason: string } {
  const value = raw.toLowerCase();
  if (value.includes("@")) return { reason: "the host has user information (user@host)" };
  const match = AUTHORITY.exec(value);
  if (!match) return { reason: "the host is not a valid host name" };
  const port = match[2];
  if (port !== undefined && Number(port) !== listenerPort)
    return { reason: `port ${port} is not the port this listener is on (${listenerPort})` };
  // A fully qualified name's trailing dot names the same host (as certificates.ts treats SNI names).
  return { host: (match[1] ?? "").replace(/\.$/, "") };
}

/**
 * Places a request: the absolute-form authority wins over Host (which the app then receives as Host), a host
 * with userinfo or another port is refused (400), and so is more than one Host header. No Host at all (HTTP/1.0)
 * routes as the empty host, which no app has.
 */
export function placeRequest({ url, hosts, listenerPort }: RequestTarget): Placement {
  if (hosts.length > 1) return refuse("more than one Host header");
  const sent = hosts[0] ?? "";
  if (ABSOLUTE.test(url)) {
    const scheme = url.indexOf("://");
    const rest = url.slice(scheme + 3);
    const end = rest.search(/[/?#]/);
    const raw = end === -1 ? rest : rest.slice(0, end);
    const target = authority(raw, listenerPort);
    if ("reason" in target) return refuse(target.reason);
    const tail = end === -1 ? "" : rest.slice(end).replace(/#.*$/, "");
    const path = tail.startsWith("/") ? tail : `/${tail}`;
    return { ok: true, host: target.host, path, hostHeader: raw };
  }
  if (sent === "") return { ok: true, host: "", path: url, hostHeader: "" };
  const target = authority(sent, listenerPort);
  if ("reason" in target) return refuse(target.reason);
  return { ok: true, host: target.host, path: url, hostHeader: sent };
}

/** Every Host header in a request's raw header list (Node keeps only the first in `headers`). */
export function hostHeaders(rawHeaders: readonly string[]): string[] {
  const hosts: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? "";
    if (name.length === 4 && name.toLowerCase() === "host") hosts.push(rawHeaders[i + 1] ?? "");
  }
  return hosts;
}

/**
 * The RFC 7239 Forwarded header the app gets instead of any the client sent: what the router saw itself
 * (a client's own Forwarded would let it claim any address). Values that are not tokens are quoted.
 */
export function forwardedHeader(client: string, proto: "http" | "https", host: string): string {
  const forNode = client.includes(":") ? `"[${client}]"` : client || "unknown";
  return `for=${forNode};proto=${proto}${host ? `;host="${host.replace(/["\\]/g, "")}"` : ""}`;
}
