// Where a link really leads: a path is resolved one component at a time, following every link on the way as
// the kernel would (not lexically, so `b -> .` plus `x -> b/b/../..` is seen to climb out). Used on a source
// archive's entries before anything is written, and on the real tree of an unpacked source or a built slug.
import { lstat, readdir, readlink, rm, symlink } from "node:fs/promises";
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
