// Hostile source tarballs, one per path-escape class node-tar has had CVEs for, uploaded the way the API
// stores them: each is refused with the entry named, nothing is kept, and nothing lands outside the directory.
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { FifteenError } from "../shared/errors.js";
import { rawTarball as tarball, type RawEntry } from "../testing/tarball.js";
import { FsSourceArchive } from "./sources.js";

describe("source tarballs", () => {
  let dir: string;
  let archive: FsSourceArchive;
  const upload = (entries: RawEntry[]) =>
    archive.put(Readable.from([tarball(entries)]), 10 * 1024 * 1024, (stored) => Promise.resolve(stored));
  const refused = async (entries: RawEntry[], reason: RegExp, code = "SOURCE_UNSAFE") => {
    await assert.rejects(upload(entries), (err: unknown) => {
      assert.ok(err instanceof FifteenError, String(err));
      assert.equal(err.code, code);
      assert.match(err.message, reason);
      return true;
    });
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "fifteen-sources-"));
    archive = new FsSourceArchive(join(dir, "sources"), { entries: 50, bytes: 64 * 1024, depth: 8 });
    await archive.init();
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("keeps an ordinary source, with links that stay inside it", async () => {
    const { digest } = await upload([
      { path: "package.json", body: "{}" },
      { path: "src/", type: "Directory" },
      { path: "src/index.js", body: "console.log(1)" },
      { path: "current", type: "SymbolicLink", linkpath: "src" },
      { path: "src/alias.js", type: "SymbolicLink", linkpath: "./index.js" },
      { path: "copy.js", type: "Link", linkpath: "src/index.js" },
    ]);
    assert.match(digest, /^[0-9a-f]{64}$/);
  });

  it("refuses `..` and absolute paths (CVE-2018-20834 class)", async () => {
    await refused([{ path: "../../etc/x", body: "owned" }], /"\.\.\/\.\.\/etc\/x" has a "\.\." segment/);
    await refused([{ path: "app/../../x", body: "owned" }], /has a "\.\." segment/);
    await refused([{ path: "/etc/x", body: "owned" }], /"\/etc\/x" is an absolute path/);
    await refused([{ path: "C:\\Windows\\x", body: "owned" }], /is an absolute path/);
  });

  it("refuses symlinks that point outside, and files written through a symlink (CVE-2021-32803/37701 class)", async () => {
    await refused(
      [{ path: "etc", type: "SymbolicLink", linkpath: "/etc" }],
      /links to "\/etc", outside the source/,
    );
    await refused(
      [{ path: "up", type: "SymbolicLink", linkpath: "../../.." }],
      /links to "\.\.\/\.\.\/\.\.", outside/,
    );
    await refused(
      [{ path: "a/b", type: "SymbolicLink", linkpath: "../../x" }],
      /links to "\.\.\/\.\.\/x", outside the source/,
    );
    await refused(
      [
        { path: "dir", type: "SymbolicLink", linkpath: "inner" },
        { path: "dir/passwd", body: "owned" },
      ],
      /"dir\/passwd" is written through the symlink "dir"/,
    );
    await refused(
      [
        { path: "x\\y", type: "SymbolicLink", linkpath: "z" },
        { path: "x/y/file", body: "owned" },
      ],
      /written through the symlink "x\/y"/,
    );
  });

  it("resolves links through the other links, not lexically: a chain out of the source is refused", async () => {
    const chain = (target: string): RawEntry[] => [
      { path: "b", type: "SymbolicLink", linkpath: "." },
      { path: "rootfs", type: "SymbolicLink", linkpath: target },
    ];
    await refused(chain("b/b/b/../../../"), /"rootfs" links to "b\/b\/b\/\.\.\/\.\.\/\.\.\/", outside/);
    // Declared before the link it goes through: the tree as unpacked counts, not the order.
    await refused(chain("b/b/..").reverse(), /"rootfs" links to "b\/b\/\.\.", outside/);
    await refused(
      [
        { path: "b", type: "SymbolicLink", linkpath: "." },
        { path: "h", type: "Link", linkpath: "b/../x" },
      ],
      /"h" links to "b\/\.\.\/x", outside/,
    );
    await refused(
      [{ path: "loop", type: "SymbolicLink", linkpath: "loop/x" }],
      /"loop" links to "loop\/x", outside/,
    );
    const { digest } = await upload([
      { path: "b", type: "SymbolicLink", linkpath: "." },
      { path: "src/", type: "Directory" },
      { path: "same", type: "SymbolicLink", linkpath: "b/b/src/../src" },
    ]);
    assert.match(digest, /^[0-9a-f]{64}$/);
  });

  it("refuses hard links out of the source (CVE-2021-37712 class)", async () => {
    await refused([{ path: "h", type: "Link", linkpath: "/etc/passwd" }], /links to "\/etc\/passwd"/);
    await refused([{ path: "h", type: "Link", linkpath: "../outside" }], /links to "\.\.\/outside"/);
  });

  it("refuses devices and FIFOs", async () => {
    await refused([{ path: "null", type: "CharacterDevice" }], /"null" is a CharacterDevice/);
    await refused([{ path: "disk", type: "BlockDevice" }], /is a BlockDevice/);
    await refused([{ path: "pipe", type: "FIFO" }], /is a FIFO/);
  });

  it("refuses decompression bombs: too many entries, too many bytes unpacked, too deep (SOURCE_INVALID)", async () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ path: `f${i}`, body: "x" }));
    await refused(many, /more than 50 entries, the platform's limit/, "SOURCE_INVALID");
    await refused(
      [{ path: "big", body: "0".repeat(65 * 1024) }],
      /unpacks to more than 65536 bytes, the limit set by FIFTEEN_MAX_UNPACKED_MB/,
      "SOURCE_INVALID",
    );
    await refused(
      [{ path: "a/b/c/d/e/f/g/h/i/j", body: "x" }],
      /nested more than 8 directories deep/,
      "SOURCE_INVALID",
    );
  });

  it("keeps nothing of a refused upload", async () => {
    const kept = (await readdir(join(dir, "sources"))).filter((f) => !f.startsWith("."));
    assert.equal(kept.length, 2, `only the ordinary sources: ${kept.join(", ")}`);
    assert.deepEqual(
      (await readdir(join(dir, "sources"))).filter((f) => f.startsWith(".upload-")),
      [],
      "no partial upload left",
    );
  });

  it("never deletes an archive between an identical upload and the record of its build", async () => {
    let recorded = false;
    let dropped: Promise<void> | undefined;
    const { digest } = await archive.put(
      Readable.from([tarball([{ path: "package.json", body: '{"name":"same"}' }])]),
      10 * 1024 * 1024,
      async (stored) => {
        // An earlier build of the same source finishes now and drops the archive, which no build needs yet.
        dropped = archive.delete(stored.digest, () => Promise.resolve(recorded));
        await new Promise((r) => setTimeout(r, 20));
        recorded = true;
        return stored;
      },
    );
    await dropped;
    assert.ok((await stat(archive.path(digest))).isFile(), "the new build's archive is still there");
    await archive.delete(digest, () => Promise.resolve(false));
    await assert.rejects(stat(archive.path(digest)), /ENOENT/);
  });
});
