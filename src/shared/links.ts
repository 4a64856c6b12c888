// Where a link really leads: a path is resolved one component at a time, following every link on the way as
// the kernel would (not lexically, so `b -> .` plus `x -> b/b/../..` is seen to climb out). Used on a source
// archive's entries before anything is written, and on the real tree of an unpacked source or a built slug.
import { lchown, lstat, mkdir, readdir, readlink, rm, symlink } from "node:fs/promises";
import { dirname, join, posix, relative } from "node:path";

/** Most links followed while resolving one path, as the kernel's ELOOP limit. */
const MAX_HOPS = 40;

/** The target of the link at a root-relative path, or undefined if that path is not a link. */
export type ReadLink = (path: string) => Promise<string | undefined>;

/**
 * The root-relative path `target` leads to when read from the directory `from` (root-relative, "" is the root),
 * or undefined if it leaves the root (by `..`, an absolute path, or too many links). `absoluteRoot`, when set,
 * is the root's own absolute path: an absolute target below it stays inside.
 */
export async function resolveInside(
  readLink: ReadLink,
  from: string,
  target: string,
  absoluteRoot?: string,
): Promise<string | undefined> {
  let pending = target.split("/");
  let at: string[] = from === "" ? [] : from.split("/");
  if (target.startsWith("/")) {
    const inside = absoluteRoot && relativeInside(absoluteRoot, target);
    if (inside === undefined || inside === false) return undefined;
    at = [];
    pending = inside.split("/");
  }
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (at.length === 0) return undefined;
      at.pop();
      continue;
    }
    const path = [...at, part].join("/");
    const link = await readLink(path);
    if (link === undefined) {
      at.push(part);
      continue;
    }
    if (++hops > MAX_HOPS) return undefined;
    if (link.startsWith("/")) {
      const inside = absoluteRoot && relativeInside(absoluteRoot, link);
      if (inside === undefined || inside === false) return undefined;
      at = [];
      pending = [...inside.split("/"), ...pending];
    } else {
      pending = [...link.split("/"), ...pending];
    }
  }
  return at.join("/");
}

/** `path` relative to `root` when it is below it, else false. */
function relativeInside(root: string, path: string): string | false {
  const rel = relative(root, posix.normalize(path));
  return rel.startsWith("..") || rel.startsWith("/") ? false : rel;
}

export interface TreeLink {
  /** Root-relative path of the link. */
  path: string;
  target: string;
  /** Root-relative path it leads to, or undefined if it leaves the tree. */
  resolved: string | undefined;
}

/** Every symlink in a real directory tree (never followed while walking), with where it really leads. */
export async function linksIn(root: string, absoluteRoot?: string): Promise<TreeLink[]> {
  const readLink: ReadLink = async (path) => {
    const stat = await lstat(join(root, path)).catch(() => undefined);
    return stat?.isSymbolicLink() ? readlink(join(root, path)) : undefined;
  };
  const links: TreeLink[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isSymbolicLink()) continue;
    const path = relative(root, join(entry.parentPath, entry.name));
    const target = await readlink(join(root, path));
    const resolved = await resolveInside(
      readLink,
      posix.dirname(path).replace(/^\.$/, ""),
      target,
      absoluteRoot,
    );
    links.push({ path, target, resolved });
  }
  return links;
}

/**
 * Makes a built tree's links safe to pack: a link that leads out of it is removed, an absolute one that leads
 * inside becomes relative (the build directory's path means nothing where the slug is unpacked). Returns a
 * line per change, for the build output.
 */
export async function confineLinks(root: string): Promise<string[]> {
  const changes: string[] = [];
  for (const link of await linksIn(root, root)) {
    const at = join(root, link.path);
    if (link.resolved === undefined) {
      await rm(at, { force: true });
      changes.push(`dropped the link ${link.path} -> ${link.target}: it leads outside the app`);
    } else if (link.target.startsWith("/")) {
      await rm(at, { force: true });
      await symlink(relative(dirname(at), join(root, link.resolved)) || ".", at);
      changes.push(`made the link ${link.path} -> ${link.target} relative`);
    }
  }
  return changes;
}

/**
 * Symlinks held back while an archive unpacks, made once every file and directory is in place. node-tar
 * refuses a link whose target passes through a link already on disk (TAR_SYMLINK_ERROR: npm's
 * `node_modules/.bin/x -> ../pkg/bin.js` once `node_modules/pkg -> ../packages/pkg` exists), and nothing can
 * be written through a link that does not exist yet. Each link is resolved against the others first (as the
 * kernel would follow them); one that leads out of the root is not made.
 */
export class DeferredLinks {
  readonly #links = new Map<string, string>();

  /** For node-tar's filter: false for a symlink entry (recorded here), true for anything else. */
  defer(path: string, entry: object): boolean {
    const clean = posix
      .normalize(path.replace(/\\/g, "/"))
      .replace(/^(\.\/)+/, "")
      .replace(/\/$/, "");
    // A later entry at the same path replaces an earlier one, as on disk.
    this.#links.delete(clean);
    if (!("type" in entry) || entry.type !== "SymbolicLink") return true;
    this.#links.set(clean, "linkpath" in entry && typeof entry.linkpath === "string" ? entry.linkpath : "");
    return false;
  }

  /**
   * Makes the recorded links under `root` (owned by `owner` when given); returns why a link was not made, one
   * line per link: it leads out of the root, or its place is a directory or lies below a link.
   */
  async create(root: string, owner?: { uid: number; gid: number }): Promise<string[]> {
    const problems: string[] = [];
    const readLink: ReadLink = async (path) => this.#links.get(path);
    for (const [path, target] of this.#links) {
      const from = posix.dirname(path).replace(/^\.$/, "");
      if (path === "" || path === "." || (await resolveInside(readLink, from, target)) === undefined) {
        problems.push(`${path} -> ${target} leads outside`);
        continue;
      }
      if (!(await realDirs(root, from, owner))) {
        problems.push(`${path} -> ${target} is below a link or a file`);
        continue;
      }
      const at = join(root, path);
      const existing = await lstat(at).catch(() => undefined);
      if (existing?.isDirectory()) {
        problems.push(`${path} -> ${target} would replace a directory`);
        continue;
      }
      if (existing) await rm(at, { force: true });
      await symlink(target, at);
      if (owner) await lchown(at, owner.uid, owner.gid);
    }
    return problems;
  }
}

/**
 * Whether every directory from the root down to `dir` (root-relative) is a real directory, not a link; one
 * that is missing (an archive need not list a link's directory) is made.
 */
async function realDirs(root: string, dir: string, owner?: { uid: number; gid: number }): Promise<boolean> {
  let at = root;
  for (const part of dir === "" ? [] : dir.split("/")) {
    at = join(at, part);
    const info = await lstat(at).catch(() => undefined);
    if (!info) {
      await mkdir(at, { mode: 0o755 });
      if (owner) await lchown(at, owner.uid, owner.gid);
    } else if (!info.isDirectory()) return false;
  }
  return true;
}
