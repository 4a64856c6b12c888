// Packing a directory for `fifteen deploy`: git-tracked files in a git repo, else all but .git and node_modules.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { lstat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import * as tar from "tar";
import { CliError } from "./context.js";

const run = promisify(execFile);

export interface Packed {
  file: string;
  files: number;
  commit: string | undefined;
  /** Why the commit was not recorded, if it was not. */
  note: string | undefined;
  /** What the user most likely meant to upload and did not (an untracked lockfile), said before uploading. */
  warnings: string[];
}

/** Lockfiles the builds install from: one on disk that git does not track is left out of the upload. */
const LOCKFILES = ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml"];

async function untrackedLockfiles(dir: string, tracked: ReadonlySet<string>): Promise<string[]> {
  const warnings: string[] = [];
  if (!tracked.has("package.json")) return warnings;
  for (const name of LOCKFILES) {
    if (tracked.has(name)) continue;
    const info = await lstat(join(dir, name)).catch(() => undefined);
    if (!info?.isFile()) continue;
    const ignored = (await git(dir, ["check-ignore", "-q", "--", name])) !== undefined;
    warnings.push(
      `${name} is not tracked by git${ignored ? " (it is ignored: remove it from .gitignore)" : ""}, so it is not uploaded: ` +
        `\`git add ${name} && git commit\`, then deploy again`,
    );
  }
  return warnings;
}

async function git(dir: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run("git", args, { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch {
    return undefined;
  }
}

async function existing(dir: string, files: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const file of files) {
    // Deleted-but-tracked files are skipped; directories (submodules) are not followed.
    const info = await lstat(join(dir, file)).catch(() => undefined);
    if (info && !info.isDirectory()) out.push(file);
  }
  return out;
}

export async function packDirectory(dir: string): Promise<Packed> {
  const info = await lstat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new CliError(`${dir} is not a directory.`);
  const file = join(tmpdir(), `fifteen-deploy-${randomUUID()}.tgz`);
  const inRepo = (await git(dir, ["rev-parse", "--is-inside-work-tree"]))?.trim() === "true";
  if (inRepo) {
    const listed = (await git(dir, ["ls-files", "-z", "--cached"])) ?? "";
    const files = await existing(dir, listed.split("\0").filter(Boolean));
    if (files.length === 0)
      throw new CliError(`${dir} is a git repository with no tracked files; commit your app first.`);
    const warnings = await untrackedLockfiles(dir, new Set(files));
    await tar.c({ gzip: true, file, cwd: dir, portable: true }, files);
    const head = (await git(dir, ["rev-parse", "--verify", "-q", "HEAD"]))?.trim();
    const dirty =
      ((await git(dir, ["status", "--porcelain", "--untracked-files=no", "--", "."])) ?? "").trim() !== "";
    return {
      file,
      files: files.length,
      commit: head && !dirty ? head : undefined,
      note: dirty ? "uncommitted changes are deployed, so no commit is recorded" : undefined,
      warnings,
    };
  }
  let count = 0;
  await tar.c(
    {
      gzip: true,
      file,
      cwd: dir,
      portable: true,
      filter: (path) => {
        const name = basename(path);
        if (name === ".git" || name === "node_modules") return false;
        count += 1;
        return true;
      },
    },
    ["."],
  );
  return { file, files: count, commit: undefined, note: undefined, warnings: [] };
}
