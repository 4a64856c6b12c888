// The build reads fifteen.json from the app's root: none is fine, a link or a bad file fails the build.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ManifestSchema } from "../core/index.js";
import { FifteenError } from "../shared/errors.js";
import { BUILDPACKS } from "./buildpacks/index.js";
import { readManifest } from "./manifest.js";

let root: string;
let counter = 0;

before(async () => {
  root = await mkdtemp(join(tmpdir(), "fifteen-manifest-"));
});
after(() => rm(root, { recursive: true, force: true }));

async function appDir(manifest?: string): Promise<string> {
  const dir = join(root, `app-${++counter}`);
  await mkdir(dir);
  if (manifest !== undefined) await writeFile(join(dir, "fifteen.json"), manifest);
  return dir;
}

const read = (dir: string, log: string[] = []) =>
  readManifest(dir, (text) => log.push(text), { cronSeconds: false });

describe("readManifest", () => {
  it("is null without fifteen.json", async () => {
    assert.equal(await read(await appDir()), null);
  });

  it("returns the validated manifest and says which fields it sets", async () => {
    const log: string[] = [];
    const manifest = await read(await appDir('{ "buildpack": "static", "formation": {} }'), log);
    assert.deepEqual(manifest, { buildpack: "static", formation: {} });
    assert.deepEqual(log, ["-----> Manifest: fifteen.json is valid (buildpack, formation)\n"]);
  });

  it("fails on an invalid file, a link or a directory", async () => {
    const invalid = (err: unknown, message: RegExp) =>
      err instanceof FifteenError && err.code === "MANIFEST_INVALID" && message.test(err.message);
    await assert.rejects(read(await appDir('{ "buildpack": 1 }')), (err) =>
      invalid(err, /^fifteen\.json: \/buildpack must be one of/),
    );
    const linked = await appDir();
    await symlink("/etc/hostname", join(linked, "fifteen.json"));
    await assert.rejects(read(linked), (err) => invalid(err, /must be a regular file/));
    const dir = await appDir();
    await mkdir(join(dir, "fifteen.json"));
    await assert.rejects(read(dir), (err) => invalid(err, /must be a regular file/));
  });

  it("offers exactly the builder's buildpacks", () => {
    const names = (ManifestSchema.properties.buildpack as unknown as { enum: string[] }).enum;
    assert.deepEqual(
      names,
      BUILDPACKS.map((b) => b.name),
    );
  });
});
