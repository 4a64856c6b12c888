// The host-wide uid registry: disjoint blocks per data dir, kept across starts, refusals that name the fix.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { FifteenError } from "../shared/errors.js";
import { BLOCK_SIZE, claimUidBlock } from "./uid-blocks.js";

describe("claimUidBlock", () => {
  let root: string;
  let stateDir: string;
  const dataDir = async (name: string) => {
    const dir = join(root, name);
    await mkdir(dir, { recursive: true });
    return dir;
  };
  const claim = async (dir: string, extra: { base?: number; exact?: boolean } = {}) =>
    claimUidBlock({ stateDir, dataDir: dir, base: extra.base ?? 70000, exact: extra.exact ?? false });

  before(async () => {
    root = await mkdtemp(join(tmpdir(), "fifteen-uid-blocks-"));
    stateDir = join(root, "host");
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test("gives two platforms with the default base disjoint blocks, and each the same one again", async () => {
    const [one, two] = [await dataDir("one"), await dataDir("two")];
    const a = await claim(one);
    const b = await claim(two);
    assert.equal(a.base, 70000);
    assert.equal(a.size, BLOCK_SIZE);
    assert.ok(b.base >= a.base + a.size, `${b.base} is past ${a.base + a.size}`);
    assert.deepEqual(await claim(one), a);
    assert.deepEqual(await claim(two), b);
  });

  test("refuses an explicit base inside another platform's block, naming the setting and a free base", async () => {
    const three = await dataDir("three");
    await assert.rejects(claim(three, { base: 70500, exact: true }), (err: unknown) => {
      assert.ok(err instanceof FifteenError);
      assert.equal(err.code, "APP_UIDS_UNAVAILABLE");
      assert.match(err.message, /FIFTEEN_APP_UID_BASE asks for app uids 70500–80499/);
      assert.match(err.message, /data dir is .*\/one/);
      assert.match(err.message, /Set FIFTEEN_APP_UID_BASE=\d+ \(free\)/);
      return true;
    });
  });

  test("frees the block of a data dir that no longer exists", async () => {
    const gone = await dataDir("gone");
    const block = await claim(gone);
    await rm(gone, { recursive: true });
    const next = await dataDir("next");
    assert.equal((await claim(next)).base, block.base);
  });

  test("takes over a lock its holder left behind when it died", async () => {
    await writeFile(join(stateDir, "uid-blocks.lock"), "999999999");
    const late = await dataDir("late");
    assert.ok((await claim(late)).base >= 70000);
    const registry = JSON.parse(await readFile(join(stateDir, "uid-blocks.json"), "utf8")) as {
      blocks: Array<{ dataDir: string }>;
    };
    assert.ok(registry.blocks.some((b) => b.dataDir.endsWith("/late")));
  });
});
