// What every local process shares, supervised or one-off: a fresh directory with its own copy of the slug,
// the environment, the sandboxed argv, and stopping the whole process group.
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import * as tar from "tar";
import { forget, groupAlive, killGroup, signalMembers } from "./registry.js";
import type { Sandbox } from "./sandbox.js";

/** Which process a line or event belongs to. */
export interface ProcessTag {
  id: string;
  appId: string;
  app: string;
  type: string;
  index: number;
}

export interface LaunchHost {
  runDir: string;
  registryDir: string;
  slugPath(digest: string): string;
  baseEnv: Readonly<Record<string, string>>;
  sandbox: Sandbox;
  /** Host paths processes may read inside the sandbox (the platform's bin directory, for `fifteen static`). */
  readOnlyPaths: string[];
  output(tag: ProcessTag, text: string): void;
  platformLog(tag: ProcessTag, text: string): void;
  /** Replaces the default (a fresh copy of the slug): `fifteen dev` runs in the working directory instead. */
  prepare?(tag: ProcessTag, run: LaunchRun): Promise<Launch>;
}

export interface LaunchRun {
  slugDigest: string;
  env: Record<string, string>;
  command: string[];
}

export interface Launch {
  dir: string;
  cwd: string;
  env: Record<string, string>;
  file: string;
  args: string[];
}

export function processDir(host: LaunchHost, tag: ProcessTag): string {
  return join(host.runDir, tag.appId, tag.id);
}

/** Share nothing: every start gets a fresh copy of the slug, home and tmp. */
export async function prepare(host: LaunchHost, tag: ProcessTag, run: LaunchRun): Promise<Launch> {
  if (host.prepare) return host.prepare(tag, run);
  const dir = processDir(host, tag);
  await rm(dir, { recursive: true, force: true });
  for (const sub of ["app", "home", "tmp"]) await mkdir(join(dir, sub), { recursive: true, mode: 0o700 });
  await tar.x({ file: host.slugPath(run.slugDigest), cwd: join(dir, "app"), strict: true });
  const env: Record<string, string> = {
    ...host.baseEnv,
    ...run.env,
    HOME: join(dir, "home"),
    TMPDIR: join(dir, "tmp"),
  };
  const [file, args] = host.sandbox.argv(run.command, {
    app: join(dir, "app"),
    writable: [join(dir, "home"), join(dir, "tmp")],
    readOnly: host.readOnlyPaths,
  });
  return { dir, cwd: join(dir, "app"), env, file, args };
}

/**
 * `signal` (SIGTERM, or SIGHUP for a lost client) to the whole group, then SIGKILL once the grace period is
 * over; resolves when the group is gone. Returns whether SIGKILL was needed. With spareLeader the first
 * signal skips the group's leader (bubblewrap), which exits with its command.
 */
export async function terminate(
  host: LaunchHost,
  tag: ProcessTag & { name: string },
  pid: number,
  signal: NodeJS.Signals,
  graceSeconds: number,
  spareLeader = false,
): Promise<boolean> {
  if (spareLeader) signalMembers(pid, signal);
  else killGroup(pid, signal);
  const deadline = Date.now() + graceSeconds * 1000;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  let killed = false;
  if (groupAlive(pid)) {
    killed = true;
    host.platformLog(tag, `${tag.name} did not stop within ${graceSeconds} s of ${signal}: SIGKILL`);
    killGroup(pid, "SIGKILL");
    // Bounded: unreaped zombies (a platform running as PID 1 without init) still count as a live group.
    for (let i = 0; i < 250 && groupAlive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  }
  await forget(host.registryDir, `${tag.id}.${pid}`);
  return killed;
}

/** Calls `line` for each line of a process's output (a line longer than 16 KiB is cut into pieces). */
export function splitLines(stream: Readable, line: (text: string) => void): void {
  let partial = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    if (partial.length > 16384) {
      lines.push(partial);
      partial = "";
    }
    for (const text of lines) line(text.replace(/\r$/, ""));
  });
  stream.on("end", () => {
    if (partial) line(partial);
  });
  stream.on("error", () => undefined);
}
