// Hostile archives and slugs, as an adversarial tenant (or a careless operator) would send them: a
// decompression bomb, a symlink chain out of the source, absolute links in a build, and a slug swapped on disk.
import assert from "node:assert/strict";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { Header } from "tar";
import { request } from "undici";
import { ApiClient, ApiError, type ProcessInfo, type Release } from "../client/index.js";
import { writeNodeApp } from "../testing/apps.js";
import { ADMIN_TOKEN, fifteen, startTestPlatform, type TestPlatform } from "../testing/platform.js";
import { rawTarball as tarball } from "../testing/tarball.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MiB = 1024 ** 2;

/** One tar header block, as a gzip member of its own. */
function headerMember(path: string, size: number, type = "File", linkpath = ""): Buffer {
  const header = new Header({ path, type: type as "File", size, linkpath, mode: 0o644, mtime: new Date(0) });
  header.encode();
  return gzipSync(header.block as Buffer);
}

/**
 * A gzip stream of tar entries of `perFile` zero bytes each, `total` bytes of zeros in all, written member by
 * member (gzip allows many): about 1 KB on disk per MiB unpacked, and never more than 1 MiB in memory.
 */
async function writeBomb(file: string, total: number, perFile: number | null): Promise<void> {
  const zeros = gzipSync(Buffer.alloc(MiB));
  const out = createWriteStream(file);
  const write = async (chunk: Buffer) => {
    if (!out.write(chunk)) await once(out, "drain");
  };
  for (let written = 0, n = 0; written < total; n++) {
    const size = perFile ?? total;
    if (perFile !== null) await write(headerMember(`zeros-${n}`, size));
    for (let i = 0; i < size / MiB; i++) await write(zeros);
    written += size;
  }
  out.end();
  await once(out, "close");
}

describe("hostile archives and slugs", () => {
  let t: TestPlatform;
  let api: ApiClient;
  const get = async (app: string) => {
    const res = await request(t.platform.routerUrl, { headers: { host: `${app}.localhost` } });
    return { status: res.statusCode, text: await res.body.text() };
  };
  const deploy = async (app: string, options: Parameters<typeof writeNodeApp>[1] = {}) => {
    const dir = join(t.home, app);
    await writeNodeApp(dir, options);
    return fifteen(t, ["deploy", "-a", app], { cwd: dir });
  };
  const until = async (what: string, check: () => Promise<boolean>, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(200);
    }
  };
  const refusal = async (app: string, body: Readable) => {
    const err = await api.submitBuild(app, body, { kind: "tarball" }).then(
      () => assert.fail("the upload was accepted"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ApiError, String(err));
    return err;
  };

  before(async () => {
    t = await startTestPlatform({ FIFTEEN_BOOT_TIMEOUT_SECONDS: "20", FIFTEEN_MAX_UNPACKED_MB: "256" });
    api = new ApiClient(t.apiUrl, ADMIN_TOKEN);
    for (const app of ["bomb", "calm", "chain", "linky", "swap"]) await api.createApp(app);
  });
  after(() => t?.close());

  it("refuses a 5 GiB gzip bomb with SOURCE_INVALID naming the limit, without growing the platform, while another app deploys", async () => {
    const bomb = join(t.home, "bomb.tgz");
    await writeBomb(bomb, 5 * 1024 * MiB, 64 * MiB);
    const headerless = join(t.home, "zeros.gz");
    await writeBomb(headerless, 5 * 1024 * MiB, null);
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      const [calm, refused, zeros] = await Promise.all([
        deploy("calm", { body: "calm and serving" }),
        refusal("bomb", createReadStream(bomb)),
        refusal("bomb", createReadStream(headerless)),
      ]);
      assert.equal(refused.status, 422);
      assert.equal(refused.code, "SOURCE_INVALID");
      assert.match(refused.message, /unpacks to more than 256 MB, the limit set by FIFTEEN_MAX_UNPACKED_MB/);
      // Zeros without a tar header end the archive at once: refused without inflating the rest.
      assert.equal(zeros.code, "SOURCE_INVALID");
      assert.equal(calm.code, 0, calm.stderr);
    } finally {
      clearInterval(sampler);
    }
    const grown = (peak - baseline) / MiB;
    assert.ok(grown < 64, `the platform's RSS grew by ${grown.toFixed(1)} MB while checking`);
    assert.deepEqual(await get("calm"), { status: 200, text: "calm and serving" });
    assert.deepEqual(await api.builds("bomb"), [], "nothing was built");
  });

  it("refuses a symlink chain out of an uploaded source, and drops one a build makes: the host stays out of reach", async () => {
    // `b -> .` makes b/b/b… the source's root, so climbing out takes as many `..`: lexically it stays inside.
    const climb = `${"b/".repeat(16)}${"../".repeat(16)}`;
    const err = await refusal(
      "chain",
      Readable.from([
        tarball([
          { path: "Procfile", body: "web: node server.js\n" },
          { path: "b", type: "SymbolicLink", linkpath: "." },
          { path: "rootfs", type: "SymbolicLink", linkpath: climb },
        ]),
      ]),
    );
    assert.equal(err.code, "SOURCE_UNSAFE");
    assert.match(err.message, /"rootfs" links to "(b\/)+(\.\.\/)+", outside the source/);
    // The same chain made by a build step lands in no slug; a link inside keeps working, made relative.
    const res = await deploy("chain", {
      body: "chained",
      scripts: { build: `ln -s . b && ln -s ${climb} rootfs && ln -s $PWD/server.js same.js` },
    });
    assert.equal(res.code, 0, res.stderr + res.stdout);
    assert.match(res.stdout, /Slug: dropped the link rootfs -> (b\/)+(\.\.\/)+: it leads outside the app/);
    assert.match(res.stdout, /Slug: made the link same\.js -> \/.*\/server\.js relative/);
    assert.deepEqual(await get("chain"), { status: 200, text: "chained" });
    const ls = await fifteen(t, ["run", "-a", "chain", "--", "ls", "rootfs/"]);
    assert.notEqual(ls.code, 0, `rootfs/ listed: ${ls.stdout}`);
    assert.doesNotMatch(ls.stdout, /\betc\b|\bproc\b|\busr\b/);
    const same = await fifteen(t, ["run", "-a", "chain", "--", "cat", "same.js"]);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /createServer/);
  });

  it("never wedges an app's queue on a build with absolute links: the next deploy goes live promptly", async () => {
    const links =
      "ln -s /etc/passwd passwd && mkdir -p node_modules/.bin && ln -s $PWD/server.js node_modules/.bin/srv";
    const first = await deploy("linky", { body: "v1", scripts: { build: links } });
    assert.equal(first.code, 0, first.stderr + first.stdout);
    assert.match(first.stdout, /Slug: dropped the link passwd -> \/etc\/passwd/);
    assert.deepEqual(await get("linky"), { status: 200, text: "v1" });
    const started = Date.now();
    const second = await deploy("linky", { body: "v2", scripts: { build: links } });
    assert.equal(second.code, 0, second.stderr + second.stdout);
    assert.ok(Date.now() - started < 30_000, `the second deploy took ${Date.now() - started} ms`);
    assert.deepEqual(await get("linky"), { status: 200, text: "v2" });
    const releases = await api.releases("linky");
    assert.deepEqual(
      releases.map((r) => [r.version, r.status]),
      [
        [2, "succeeded"],
        [1, "succeeded"],
      ],
    );
  });

  it("fails a start from a swapped slug with SLUG_CORRUPT: a rollback fails and the live release keeps serving", async () => {
    assert.equal((await deploy("swap", { body: "one" })).code, 0);
    assert.equal((await deploy("swap", { body: "two" })).code, 0);
    const [v2, v1] = (await api.releases("swap")) as [Release, Release];
    const slug = (r: Release) => join(t.dataDir, "slugs", `${r.slugDigest}.tgz`);
    const original = await readFile(slug(v1));
    // Another valid tarball in v1's place.
    await copyFile(slug(v2), slug(v1));
    const rollback = await fifteen(t, ["rollback", "v1", "-a", "swap"]);
    assert.equal(rollback.code, 1, rollback.stdout);
    assert.match(
      rollback.stderr,
      /Rollback to v1 failed \(v3\): web\.1 crashed during boot \(could not start: SLUG_CORRUPT/,
    );
    let v3: Release | undefined;
    await until("v3 to fail", async () => {
      v3 = (await api.releases("swap")).find((r) => r.version === 3);
      return v3?.status === "failed";
    });
    assert.match(v3?.failure ?? "", /SLUG_CORRUPT/);
    assert.deepEqual(await get("swap"), { status: 200, text: "two" }, "v2 keeps serving");
    // The live release's own slug swapped: a restart refuses to start from it, says why, and (surge-first, as
    // a deploy) leaves the running web.1 serving.
    await writeFile(slug(v2), original);
    const [before] = (await api.processes("swap")) as ProcessInfo[];
    assert.equal((await fifteen(t, ["ps:restart", "web", "-a", "swap"])).code, 0);
    await until("the restart to stop on SLUG_CORRUPT", async () =>
      /restart stopped: .*SLUG_CORRUPT.*web\.1 keeps running/.test(
        (await fifteen(t, ["logs", "-a", "swap", "--source", "platform", "-n", "50"])).stdout,
      ),
    );
    await until(
      "the failed replacement to be stopped",
      async () => (await api.processes("swap")).length === 1,
    );
    const ps = (await api.processes("swap")) as ProcessInfo[];
    assert.deepEqual(
      ps.map((p) => [p.name, p.state, p.pid]),
      [["web.1", "up", before?.pid]],
      `only the old web.1 runs: ${JSON.stringify(ps)}`,
    );
    assert.deepEqual(await get("swap"), { status: 200, text: "two" }, "v2 keeps serving");
  });
});
