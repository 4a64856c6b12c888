import assert from "node:assert/strict";
import { access, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, test } from "node:test";
import { FileBuildOutput } from "./build-output.js";

let root: string;
let counter = 0;

before(async () => {
  root = await mkdtemp(join(tmpdir(), "fifteen-build-output-"));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fresh(): Promise<{ out: FileBuildOutput; dir: string }> {
  const dir = join(root, `logs-${++counter}`);
  const out = new FileBuildOutput(dir);
  await out.init();
  return { out, dir };
}

/** Collects a reader's chunks, failing instead of hanging if it never ends. */
async function collect(reader: AsyncIterable<string>, ms = 2000): Promise<string[]> {
  const chunks: string[] = [];
  const read = (async () => {
    for await (const chunk of reader) chunks.push(chunk);
    return chunks;
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`reader did not end within ${ms} ms; got ${JSON.stringify(chunks)}`)),
      ms,
    );
  });
  try {
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Waits until the log file holds `text` (the write stream flushes asynchronously). */
async function fileHolds(path: string, text: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await readFile(path, "utf8").catch(() => "")) === text) return;
    await sleep(10);
  }
  assert.equal(await readFile(path, "utf8"), text);
}

describe("FileBuildOutput", () => {
  test("append then read without follow returns the text so far and ends", async () => {
    const { out } = await fresh();
    out.append("b1", "-----> Installing\n");
    out.append("b1", "done\n");
    assert.equal((await collect(out.read("b1", false))).join(""), "-----> Installing\ndone\n");
    out.close("b1");
  });

  test("output is written to <dir>/<id>.log", async () => {
    const { out, dir } = await fresh();
    out.append("b1", "one\n");
    out.append("b1", "two\n");
    out.close("b1");
    await fileHolds(join(dir, "b1.log"), "one\ntwo\n");
  });

  test("builds are kept apart", async () => {
    const { out } = await fresh();
    out.append("a", "from a\n");
    out.append("b", "from b\n");
    assert.equal((await collect(out.read("a", false))).join(""), "from a\n");
    assert.equal((await collect(out.read("b", false))).join(""), "from b\n");
    out.close("a");
    out.close("b");
  });

  test("a follower started before any output gets every chunk in order and ends on close", async () => {
    const { out } = await fresh();
    const followed = collect(out.read("b1", true));
    await sleep(5);
    out.append("b1", "one\n");
    await sleep(5);
    out.append("b1", "two\n");
    out.append("b1", "three\n");
    await sleep(5);
    out.close("b1");
    assert.deepEqual(await followed, ["one\n", "two\n", "three\n"]);
  });

  test("a follower joining mid-build replays earlier output first", async () => {
    const { out } = await fresh();
    out.append("b1", "early\n");
    const followed = collect(out.read("b1", true));
    await sleep(5);
    out.append("b1", "late\n");
    out.close("b1");
    assert.deepEqual(await followed, ["early\n", "late\n"]);
  });

  test("several followers each get the whole output", async () => {
    const { out } = await fresh();
    const first = collect(out.read("b1", true));
    const second = collect(out.read("b1", true));
    await sleep(5);
    out.append("b1", "x\n");
    await sleep(5);
    out.append("b1", "y\n");
    out.close("b1");
    assert.deepEqual(await first, ["x\n", "y\n"]);
    assert.deepEqual(await second, ["x\n", "y\n"]);
  });

  test("after close, following returns the file content and ends", async () => {
    const { out, dir } = await fresh();
    out.append("b1", "all of it\n");
    out.close("b1");
    // straight away, while the file may still be flushing
    assert.equal((await collect(out.read("b1", true))).join(""), "all of it\n");
    await fileHolds(join(dir, "b1.log"), "all of it\n");
    // and once the in-memory copy is gone
    assert.equal((await collect(out.read("b1", true))).join(""), "all of it\n");
    assert.equal((await collect(out.read("b1", false))).join(""), "all of it\n");
  });

  test("a new instance (a platform restart) reads the finished log from disk", async () => {
    const { out, dir } = await fresh();
    out.append("b1", "before restart\n");
    out.close("b1");
    await fileHolds(join(dir, "b1.log"), "before restart\n");
    const restarted = new FileBuildOutput(dir);
    await restarted.init();
    assert.equal((await collect(restarted.read("b1", false))).join(""), "before restart\n");
  });

  test("reading a build that has no output yields nothing and ends", async () => {
    const { out } = await fresh();
    assert.deepEqual(await collect(out.read("missing", false)), []);
  });

  test("append after close is ignored", async () => {
    const { out, dir } = await fresh();
    out.append("b1", "kept\n");
    out.close("b1");
    out.append("b1", "dropped\n");
    await fileHolds(join(dir, "b1.log"), "kept\n");
    await sleep(20);
    assert.equal(await readFile(join(dir, "b1.log"), "utf8"), "kept\n");
    assert.equal((await collect(out.read("b1", false))).join(""), "kept\n");
  });

  test("remove() deletes the log and ends followers", async () => {
    const { out, dir } = await fresh();
    const path = join(dir, "b1.log");
    const followed = collect(out.read("b1", true));
    await sleep(5);
    out.append("b1", "bye\n");
    await fileHolds(path, "bye\n");
    await out.remove("b1");
    assert.equal(await exists(path), false);
    assert.deepEqual(await followed, ["bye\n"]);
    assert.deepEqual(await collect(out.read("b1", true)), []);
  });

  test("remove() right after append leaves no file behind", async () => {
    const { out, dir } = await fresh();
    // The race is timing-dependent, so try it many times; one leftover file is enough to show it.
    const ids = Array.from({ length: 200 }, (_, i) => `b${i}`);
    for (const id of ids) {
      out.append(id, "short-lived\n");
      await out.remove(id);
    }
    await sleep(100);
    const left = (await readdir(dir)).filter((name) => name.endsWith(".log"));
    assert.deepEqual(left, []);
  });

  test("remove() of a closed build deletes its file", async () => {
    const { out, dir } = await fresh();
    const path = join(dir, "b1.log");
    out.append("b1", "old\n");
    out.close("b1");
    await fileHolds(path, "old\n");
    await out.remove("b1");
    assert.equal(await exists(path), false);
  });
});
