// The egress guard: outbound connections to user-given URLs (log drains, webhooks) reach only public addresses.
import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { FifteenError } from "../shared/errors.js";

export interface CheckedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * What the guard refuses, most specific class first: the first match names the class in the error.
 * Metadata services are listed on their own so the message says why 169.254.169.254 matters.
 */
const REFUSED: ReadonlyArray<{ readonly what: string; readonly ranges: readonly string[] }> = [
  {
    what: "a cloud metadata address",
    // AWS/GCP/Azure/OpenStack, Azure's wire server, Alibaba, AWS over IPv6.
    ranges: ["169.254.169.254/32", "168.63.129.16/32", "100.100.100.200/32", "fd00:ec2::254/128"],
  },
  { what: "a loopback address", ranges: ["127.0.0.0/8", "::1/128"] },
  { what: "an unspecified address", ranges: ["0.0.0.0/8", "::/128"] },
  {
    what: "a private address",
    ranges: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "fec0::/10"],
  },
  { what: "a link-local address", ranges: ["169.254.0.0/16", "fe80::/10"] },
  { what: "a carrier-grade NAT address", ranges: ["100.64.0.0/10"] },
  { what: "a multicast address", ranges: ["224.0.0.0/4", "ff00::/8"] },
  // 240/4 includes the broadcast address; ::/96 is the deprecated IPv4-compatible form.
  { what: "a reserved address", ranges: ["240.0.0.0/4", "192.0.0.0/24", "198.18.0.0/15", "::/96"] },
];

const CLASSES = REFUSED.map(({ what, ranges }) => {
  const list = new BlockList();
  for (const range of ranges) addRange(list, parseRange(range, "built-in range"));
  return { what, list };
});

interface Range {
  readonly address: string;
  readonly prefix: number;
  readonly family: 4 | 6;
}

function familyType(family: 4 | 6): "ipv4" | "ipv6" {
  return family === 4 ? "ipv4" : "ipv6";
}

function addRange(list: BlockList, range: Range): void {
  list.addSubnet(range.address, range.prefix, familyType(range.family));
}

/** `10.0.0.0/8`, `fd00::/8` or a bare address (a /32 or /128); `what` names the source in errors. */
function parseRange(entry: string, what: string): Range {
  const [address = "", prefixText, extra] = entry.split("/");
  const family = isIP(address);
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (
    (family !== 4 && family !== 6) ||
    address.includes("%") ||
    extra !== undefined ||
    (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) ||
    prefix > max
  ) {
    throw new FifteenError(
      "SETTING_INVALID",
      `${what} entry ${JSON.stringify(entry)} is invalid: expected an IP address or a CIDR range ` +
        "such as 10.0.0.0/8, 203.0.113.7 or fd00::/8.",
    );
  }
  return { address, prefix, family };
}

/**
 * Validates FIFTEEN_EGRESS_ALLOW (comma-separated IP addresses and CIDR ranges) and returns its entries.
 * Throws SETTING_INVALID naming the first bad entry.
 */
export function parseEgressAllow(raw: string): string[] {
  const entries = raw
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  for (const entry of entries) parseRange(entry, "FIFTEEN_EGRESS_ALLOW");
  return entries;
}

/** The eight 16-bit groups of an IPv6 address that isIP() accepted (zone id already removed). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].map((group) => parseInt(group, 16));
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) address. */
function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const mapped = zeros(0, 5) && g[5] === 0xffff;
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6);
  if (!mapped && !nat64) return undefined;
  const [hi = 0, lo = 0] = g.slice(6);
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/** The scheme and host of a URL, without credentials, path or query (they may hold secrets). */
function origin(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

export class EgressGuard {
  readonly #allow = new BlockList();

  /** `allow`: IP addresses and CIDR ranges the operator lets through (FIFTEEN_EGRESS_ALLOW). */
  constructor(allow: readonly string[]) {
    for (const entry of allow) addRange(this.#allow, parseRange(entry, "FIFTEEN_EGRESS_ALLOW"));
  }

  /**
   * Resolves `hostname` (or takes a literal IP) and checks every address it has.
   * Connect to the returned address, not the name, so a second lookup cannot answer differently.
   */
  async resolve(hostname: string): Promise<CheckedAddress> {
    const [first] = await this.#resolveAll(hostname, stripBrackets(hostname));
    if (!first) throw new FifteenError("EGRESS_UNRESOLVABLE", `${hostname} has no addresses.`);
    return first;
  }

  /**
   * A `lookup` for net.connect, tls.connect and undici's `connect` options that applies the same check.
   * Node skips `lookup` when the host is a literal IP: check those with resolve() first.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.#resolveAll(hostname, hostname).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = addresses.filter((a) => wanted === undefined || a.family === wanted);
        const [first] = usable;
        if (options.all) callback(null, usable);
        else if (first) callback(null, first.address, first.family);
        else
          callback(new FifteenError("EGRESS_UNRESOLVABLE", `${hostname} has no IPv${wanted} address.`), "");
      },
      (err: Error) => callback(err, ""),
    );
  };

  /**
   * Parses `raw`, requires one of `schemes` (such as "https" or "syslog+tls") and a host, and checks
   * that the host resolves only to allowed addresses. Credentials are allowed in http(s) URLs only.
   */
  async checkUrl(raw: string, schemes: readonly string[]): Promise<URL> {
    const url = parseUrl(raw, schemes);
    await this.#resolveAll(url.hostname, origin(url));
    return url;
  }

  async #resolveAll(host: string, label: string): Promise<CheckedAddress[]> {
    const name = stripBrackets(host);
    const literal = isIP(name);
    let addresses: CheckedAddress[];
    if (literal === 4 || literal === 6) {
      addresses = [{ address: name, family: literal }];
    } else {
      try {
        const found = await dnsLookup(name, { all: true, order: "verbatim" });
        addresses = found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? "lookup failed";
        throw new FifteenError(
          "EGRESS_UNRESOLVABLE",
          `${label} does not resolve (${code}). Check the host name.`,
        );
      }
    }
    for (const address of addresses) this.#check(address, label);
    return addresses;
  }

  #check({ address, family }: CheckedAddress, label: string): void {
    const bare = address.split("%")[0] ?? address; // fe80::1%eth0: the zone id is not part of the address
    const v4 = family === 6 ? embeddedIpv4(bare) : undefined;
    const judged = v4 ?? bare;
    const type = v4 !== undefined || family === 4 ? "ipv4" : "ipv6";
    if (this.#allow.check(bare, familyType(family)) || this.#allow.check(judged, type)) return;
    const refused = CLASSES.find(({ list }) => list.check(judged, type));
    if (!refused) return;
    const shown = v4 === undefined ? address : `${address} (IPv4 ${v4})`;
    const cidr = `${judged}/${type === "ipv4" ? 32 : 128}`;
    throw new FifteenError(
      "EGRESS_REFUSED",
      `${label} resolves to ${shown}, ${refused.what}. Fifteen does not send data to loopback, private, ` +
        `link-local or metadata addresses. An operator can allow it with FIFTEEN_EGRESS_ALLOW=${cidr}.`,
    );
  }
}

function parseUrl(raw: string, schemes: readonly string[]): URL {
  const allowed = schemes.map((s) => s.replace(/:$/, ""));
  const listed = allowed.map((s) => `${s}://`).join(", ");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The text is not echoed: it may hold a password.
    throw new FifteenError("URL_INVALID", `That is not a valid URL; expected one starting with ${listed}.`);
  }
  const scheme = url.protocol.replace(/:$/, "");
  if (!allowed.includes(scheme)) {
    throw new FifteenError("URL_INVALID", `${scheme}:// URLs are not supported here; use ${listed}.`);
  }
  if (url.hostname === "" || url.port === "0") {
    throw new FifteenError("URL_INVALID", `The ${scheme}:// URL needs a host (and a port other than 0).`);
  }
  if ((url.username !== "" || url.password !== "") && scheme !== "http" && scheme !== "https") {
    throw new FifteenError("URL_INVALID", `${scheme}:// URLs cannot carry a user name or password.`);
  }
  return url;
}
