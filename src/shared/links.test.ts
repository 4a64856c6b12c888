// Links held back while an archive unpacks: npm workspace links (and `.bin` links through them) are made once
// the files are in; links that leave the root, or that would sit below another link, are not.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import * as tar from "tar";
import { DeferredLinks } from "./links.js";

describe("DeferredLinks", () => {
  const roots: string[] = [];
  const root = async () => {
    const dir = await mkdtemp(join(tmpdir(), "fifteen-links-"));
    roots.push(dir);
    return dir;
  };
  after(async () => {
    for (const dir of roots) await rm(dir, { recursive: true, force: true });
  });

  test("unpacks npm's workspace links, `.bin` links through them included (node-tar alone refuses these)", async () => {
    const src = await root();
    await mkdir(join(src, "packages", "greet"), { recursive: true });
    await writeFile(join(src, "packages", "greet", "bin.js"), "hi\n");
    await mkdir(join(src, "node_modules", ".bin"), { recursive: true });
    const { symlink } = await import("node:fs/promises");
    await symlink("../packages/greet", join(src, "node_modules", "greet"));
    await symlink("../greet/bin.js", join(src, "node_modules", ".bin", "greet"));
    const slug = join(await root(), "slug.tgz");
    await tar.c({ gzip: true, file: slug, cwd: src, portable: true }, ["node_modules", "packages"]);

    const plain = await root();
    const warnings: string[] = [];
    await tar.x({ file: slug, cwd: plain, onwarn: (code) => warnings.push(code) });
    assert.ok(warnings.length > 0, "node-tar alone refuses the .bin link through the workspace link");

    const dest = await root();
    const links = new DeferredLinks();
    const problems: string[] = [];
    await tar.x({
      file: slug,
      cwd: dest,
      filter: (path, entry) => links.defer(path, entry),
      onwarn: (code, message) => problems.push(`${code}: ${String(message)}`),
    });
    assert.deepEqual([...problems, ...(await links.create(dest))], []);
    assert.equal(await readlink(join(dest, "node_modules", "greet")), "../packages/greet");
    assert.equal(await readFile(join(dest, "node_modules", ".bin", "greet"), "utf8"), "hi\n");
  });

  test("refuses a link that leads out, through another link or directly, and one below a link", async () => {
    const dest = await root();
    await mkdir(join(dest, "sub"));
    const links = new DeferredLinks();
    links.defer("b", { type: "SymbolicLink", linkpath: "." });
    links.defer("x", { type: "SymbolicLink", linkpath: "b/b/../.." });
    links.defer("abs", { type: "SymbolicLink", linkpath: "/etc" });
    links.defer("sub", { type: "SymbolicLink", linkpath: "." });
    links.defer("sub/inner", { type: "SymbolicLink", linkpath: "../b" });
    links.defer("ok", { type: "SymbolicLink", linkpath: "b" });
    links.defer("ok/inner", { type: "SymbolicLink", linkpath: "." });
    const problems = await links.create(dest);
    assert.ok(
      problems.some((p) => p.startsWith("x -> b/b/../.. leads outside")),
      problems.join("; "),
    );
    assert.ok(problems.some((p) => p.startsWith("abs -> /etc leads outside")));
    assert.ok(problems.some((p) => p.startsWith("sub -> . would replace a directory")));
    assert.ok(problems.some((p) => p.startsWith("ok/inner -> . is below a link")));
    assert.equal(await readlink(join(dest, "ok")), "b");
    assert.equal(await readlink(join(dest, "sub", "inner")), "../b");
  });
});
