// File modes in slugs and sources: no setuid, setgid or sticky bit. One an app's build set must never reach a
// file the platform (root) unpacks, where it would make the app's binary run as root.
import type { Stats } from "node:fs";
import type { ReadEntry } from "tar";

const SPECIAL_BITS = 0o7000;

/** A tar filter (packing and unpacking): keeps every entry, without its special bits. */
export function withoutSpecialBits(_path: string, entry: ReadEntry | Stats): boolean {
  if (typeof entry.mode === "number") entry.mode &= ~SPECIAL_BITS;
  return true;
}
