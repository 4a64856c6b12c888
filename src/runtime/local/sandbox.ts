// The sandbox for local processes: with bubblewrap, the release's files are mounted read-only and /tmp is
// private; without it, processes still get a fresh copy of the slug per start (changes never persist).
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export interface Sandbox {
  /** "bubblewrap" or "none", for logs and (later) `fifteen doctor`. */
  readonly kind: "bubblewrap" | "none";
  /** The argv that runs `command` (see {@link commandArgv}) in the process directory. */
  argv(command: string[], dirs: { app: string; writable: string[]; readOnly: string[] }): [string, string[]];
}

/** One element is a command line for /bin/sh -c (as in a Procfile); several are an argv, run without a shell. */
export function commandArgv(command: string[]): string[] {
  if (command.length === 0) throw new Error("empty command");
  return command.length === 1 ? ["/bin/sh", "-c", command[0] as string] : command;
}

/** No isolation: the command runs as is (the fallback without bubblewrap, and `fifteen dev`). */
export const noSandbox: Sandbox = {
  kind: "none",
  argv: (command) => {
    const [file, ...args] = commandArgv(command);
    return [file as string, args];
  },
};

function bubblewrap(path: string): Sandbox {
  return {
    kind: "bubblewrap",
    argv(command, dirs) {
      const args = ["--bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"];
      // After the private /tmp, so paths under /tmp stay visible; read-only ones before the writable ones,
      // which may lie inside them (a data dir inside the installation).
      for (const dir of dirs.readOnly) args.push("--ro-bind", dir, dir);
      for (const dir of dirs.writable) args.push("--bind", dir, dir);
      args.push("--ro-bind", dirs.app, dirs.app, "--chdir", dirs.app, "--", ...commandArgv(command));
      return [path, args];
    },
  };
}

/** Uses bubblewrap when it is installed and works here (it needs user or mount namespaces). */
export async function detectSandbox(): Promise<Sandbox> {
  const probe = await mkdtemp(join(tmpdir(), "fifteen-sandbox-"));
  try {
    for (const path of ["/usr/bin/bwrap", "/usr/local/bin/bwrap"]) {
      const sandbox = bubblewrap(path);
      // The same kinds of mounts every process gets, not just a minimal call.
      const [file, args] = sandbox.argv(["true"], { app: probe, writable: [probe], readOnly: [probe] });
      try {
        await promisify(execFile)(file, args, { timeout: 5000 });
        return sandbox;
      } catch {
        // not installed, or namespaces are not allowed here
      }
    }
  } finally {
    await rm(probe, { recursive: true, force: true });
  }
  return noSandbox;
}
