// Source tarballs for tests: a directory packed the way `fifteen deploy` packs it, or one written header by header.
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { ApiClient, Build } from "../client/index.js";
import { gzipSync } from "node:zlib";
import { Header } from "tar";
import { packDirectory } from "../cli/pack.js";

export async function submitTarball(api: ApiClient, app: string, dir: string): Promise<Build> {
  const packed = await packDirectory(dir);
  try {
    return await api.submitBuild(app, createReadStream(packed.file), {
      kind: "tarball",
      commit: packed.commit,
    });
  } finally {
    await rm(packed.file, { force: true });
  }
}

export interface RawEntry {
  path: string;
  type?: string;
  linkpath?: string;
  body?: string;
}

/** A gzip tarball written header by header, so entries can say what no well-behaved tool would write. */
export function rawTarball(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? "");
    const header = new Header({
      path: entry.path,
      type: (entry.type ?? "File") as "File",
      linkpath: entry.linkpath ?? "",
      size: body.length,
      mode: 0o644,
      mtime: new Date(0),
    });
    header.encode();
    blocks.push(header.block as Buffer);
    if (body.length > 0) blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
