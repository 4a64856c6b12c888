// What a source tarball may contain: plain files, directories and links that stay inside the archive. Refused,
// with the entry named: absolute paths, `..`, links that lead out of the archive once every link on the way is
// followed (not lexically: `b -> .` plus `x -> b/b/../..` climbs out), anything written through a symlink,
// devices and FIFOs (SOURCE_UNSAFE); archives past the limits on unpacked bytes, entries or path depth
// (SOURCE_INVALID, naming the limit). Entries are checked as the archive streams by; links once it has ended.
import { posix } from "node:path";
import { FifteenError } from "../shared/errors.js";
import { resolveInside } from "../shared/links.js";

export interface TarLimits {
  /** Most entries an archive may have. */
  entries: number;
  /** Most bytes it may unpack to (FIFTEEN_MAX_UNPACKED_MB): its files, and the tar stream itself. */
  bytes: number;
  /** Most directories an entry may be nested in. */
  depth: number;
}

export const DEFAULT_TAR_LIMITS: TarLimits = { entries: 200_000, bytes: 2048 * 1024 ** 2, depth: 64 };

export interface TarEntryInfo {
  path: string;
  type: string;
  linkpath?: string | undefined;
  size: number;
}

const ALLOWED_TYPES = new Set(["File", "OldFile", "ContiguousFile", "Directory", "SymbolicLink", "Link"]);

function normalize(path: string): string {
  return path.replace(/\\/g, "/");
}

function isAbsolute(path: string): boolean {
  return path.startsWith("/") || /^[A-Za-z]:/.test(path);
}

function unsafe(reason: string): FifteenError {
  return new FifteenError("SOURCE_UNSAFE", `The source was refused: ${reason}. Nothing was built.`);
}

/** The refusal for an archive that unpacks to more than `bytes`. */
export function tooLarge(bytes: number): FifteenError {
  return new FifteenError(
    "SOURCE_INVALID",
    `The source unpacks to more than ${bytes % 1024 ** 2 === 0 ? `${bytes / 1024 ** 2} MB` : `${bytes} bytes`}, the limit set by FIFTEEN_MAX_UNPACKED_MB. Nothing was built: deploy less (keep dependencies and build output out of the source) or raise the setting.`,
  );
}

/** Checks entries one by one as the archive is read; `check` returns why an entry is refused, if it is. */
export class TarSafety {
  readonly #limits: TarLimits;
  /** The tree as it will be once unpacked: each path's last entry (a later one replaces an earlier one). */
  readonly #tree = new Map<string, { type: string; linkpath: string }>();
  #entries = 0;
  #bytes = 0;
  #streamed = 0;

  constructor(limits: TarLimits = DEFAULT_TAR_LIMITS) {
    this.#limits = limits;
  }

  get entries(): number {
    return this.#entries;
  }

  /** Counts bytes of the unpacked (gunzipped) tar stream: padding and trailing data count too. */
  streamed(bytes: number): FifteenError | undefined {
    this.#streamed += bytes;
    return this.#streamed > this.#limits.bytes ? tooLarge(this.#limits.bytes) : undefined;
  }

  check(entry: TarEntryInfo): FifteenError | undefined {
    const limits = this.#limits;
    this.#entries += 1;
    this.#bytes += entry.size;
    if (this.#entries > limits.entries)
      return new FifteenError(
        "SOURCE_INVALID",
        `The source has more than ${limits.entries} entries, the platform's limit. Nothing was built.`,
      );
    if (this.#bytes > limits.bytes) return tooLarge(limits.bytes);
    const path = normalize(entry.path);
    const name = JSON.stringify(entry.path);
    if (path.includes("\0")) return unsafe(`entry ${name} has a NUL byte in its name`);
    if (isAbsolute(path)) return unsafe(`entry ${name} is an absolute path`);
    const segments = path.split("/");
    if (segments.includes("..")) return unsafe(`entry ${name} has a ".." segment`);
    if (segments.filter((s) => s !== "" && s !== ".").length > limits.depth)
      return new FifteenError(
        "SOURCE_INVALID",
        `The source was refused: entry ${name} is nested more than ${limits.depth} directories deep, the platform's limit. Nothing was built.`,
      );
    if (!ALLOWED_TYPES.has(entry.type))
      return unsafe(`entry ${name} is a ${entry.type}, not a file, directory or link`);
    const clean = posix.normalize(path).replace(/\/$/, "");
    for (let at = posix.dirname(clean); at !== "." && at !== ""; at = posix.dirname(at)) {
      if (this.#tree.get(at)?.type === "SymbolicLink")
        return unsafe(`entry ${name} is written through the symlink ${JSON.stringify(at)}`);
    }
    const linkpath = normalize(entry.linkpath ?? "");
    if ((entry.type === "SymbolicLink" || entry.type === "Link") && (linkpath === "" || isAbsolute(linkpath)))
      return unsafe(`entry ${name} links to ${JSON.stringify(entry.linkpath ?? "")}, outside the source`);
    this.#tree.set(clean, { type: entry.type, linkpath });
    return undefined;
  }

  /**
   * Once every entry is in: each link resolved against the tree the archive unpacks to, following the other
   * links on the way. A symlink's target is relative to its directory; a hard link's to the archive's root.
   */
  async finish(): Promise<FifteenError | undefined> {
    if (this.#entries === 0)
      return new FifteenError("SOURCE_INVALID", "The uploaded source tarball is empty.");
    const readLink = async (path: string) => {
      const node = this.#tree.get(path);
      return node?.type === "SymbolicLink" ? node.linkpath : undefined;
    };
    for (const [path, node] of this.#tree) {
      if (node.type !== "SymbolicLink" && node.type !== "Link") continue;
      const from = node.type === "SymbolicLink" ? posix.dirname(path).replace(/^\.$/, "") : "";
      if ((await resolveInside(readLink, from, node.linkpath)) === undefined)
        return unsafe(
          `entry ${JSON.stringify(path)} links to ${JSON.stringify(node.linkpath)}, outside the source`,
        );
    }
    return undefined;
  }
}
