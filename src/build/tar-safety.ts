// What a source tarball may contain before anything is extracted: plain files, directories and links that stay
// inside the archive. Refused, with the entry named: absolute paths, `..`, links that point out of the archive,
// anything written through a symlink, devices and FIFOs, and archives that unpack to too many entries or bytes
// (decompression bombs). node-tar guards extraction as well; this makes a hostile upload fail loudly, up front.
import { posix } from "node:path";

export interface TarLimits {
  /** Most entries an archive may have. */
  entries: number;
  /** Most bytes its files may add up to, unpacked. */
  bytes: number;
}

export const DEFAULT_TAR_LIMITS: TarLimits = { entries: 200_000, bytes: 4 * 1024 ** 3 };

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

/** Whether a normalized relative path leaves the archive's root. */
function escapes(path: string): boolean {
  const resolved = posix.normalize(path);
  return resolved === ".." || resolved.startsWith("../");
}

/** Checks entries one by one as the archive is read; `check` returns why an entry is refused, if it is. */
export class TarSafety {
  readonly #limits: TarLimits;
  readonly #symlinks = new Set<string>();
  #entries = 0;
  #bytes = 0;

  constructor(limits: TarLimits = DEFAULT_TAR_LIMITS) {
    this.#limits = limits;
  }

  get entries(): number {
    return this.#entries;
  }

  check(entry: TarEntryInfo): string | undefined {
    this.#entries += 1;
    this.#bytes += entry.size;
    if (this.#entries > this.#limits.entries) return `it has more than ${this.#limits.entries} entries`;
    if (this.#bytes > this.#limits.bytes) return `it unpacks to more than ${this.#limits.bytes} bytes`;
    const path = normalize(entry.path);
    const name = JSON.stringify(entry.path);
    if (path.includes("\0")) return `entry ${name} has a NUL byte in its name`;
    if (isAbsolute(path)) return `entry ${name} is an absolute path`;
    if (path.split("/").includes("..")) return `entry ${name} has a ".." segment`;
    if (!ALLOWED_TYPES.has(entry.type))
      return `entry ${name} is a ${entry.type}, not a file, directory or link`;
    const clean = posix.normalize(path).replace(/\/$/, "");
    for (const link of this.#symlinks) {
      if (clean.startsWith(`${link}/`))
        return `entry ${name} is written through the symlink ${JSON.stringify(link)}`;
    }
    if (entry.type === "SymbolicLink" || entry.type === "Link") {
      const target = normalize(entry.linkpath ?? "");
      // A symlink's target is relative to its directory; a hard link's to the archive's root.
      const from = entry.type === "SymbolicLink" ? posix.join(posix.dirname(clean), target) : target;
      if (target === "" || isAbsolute(target) || escapes(from)) {
        return `entry ${name} links to ${JSON.stringify(entry.linkpath ?? "")}, outside the source`;
      }
      if (entry.type === "SymbolicLink") this.#symlinks.add(clean);
    }
    return undefined;
  }
}
