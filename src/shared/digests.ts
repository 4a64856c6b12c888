// Content digests of files on disk: a slug's sha256 is its name, and is checked again before it is unpacked.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { FifteenError } from "./errors.js";

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Slug files already hashed, by what identifies their content on disk: a rewrite changes ctime at least. */
const verified = new Set<string>();
const MAX_VERIFIED = 10_000;

/**
 * Checks that a slug file still has the content its digest names, before it is unpacked. A file swapped or
 * changed on disk fails with SLUG_CORRUPT. Hashed once per file version, not on every restart.
 */
export async function verifySlug(file: string, digest: string): Promise<void> {
  const before = await stat(file, { bigint: true });
  const key = `${digest}:${before.dev}:${before.ino}:${before.size}:${before.mtimeNs}:${before.ctimeNs}`;
  if (verified.has(key)) return;
  const actual = await sha256File(file);
  if (actual !== digest) {
    throw new FifteenError(
      "SLUG_CORRUPT",
      `SLUG_CORRUPT: the slug file for sha256:${digest.slice(0, 12)} has other content (sha256:${actual.slice(0, 12)}); it was changed on disk. Deploy again or roll back to a release with an intact slug.`,
    );
  }
  if (verified.size >= MAX_VERIFIED) verified.clear();
  verified.add(key);
}
