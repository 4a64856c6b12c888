// The sandbox for local processes: with bubblewrap, the release's files are mounted read-only and /tmp is
// private; without it, processes still get a fresh copy of the slug per start (changes never persist).
import { execFile } from "node:child_process";
import { promisify } from "node:util";

export interface Sandbox {
  /** "bubblewrap" or "none", for logs and (later) `fifteen doctor`. */
  readonly kind: "bubblewrap" | "none";
  /** The argv that runs `command` through /bin/sh in the process directory. */
  argv(command: string, dirs: { app: string; writable: string[]; readOnly: string[] }): [string, string[]];
}

const plain: Sandbox = {
  kind: "none",
  argv: (command) => ["/bin/sh", ["-c", command]],
};

export function bubblewrap(path: string): Sandbox {
  return {
    kind: "bubblewrap",
    argv(command, dirs) {
      const args = ["--bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"];
      // Mounted after the private /tmp, so paths under /tmp stay visible where the process needs them.
      for (const dir of dirs.writable) args.push("--bind", dir, dir);
      for (const dir of dirs.readOnly) args.push("--ro-bind", dir, dir);
      args.push("--ro-bind", dirs.app, dirs.app, "--chdir", dirs.app, "--", "/bin/sh", "-c", command);
      return [path, args];
    },
  };
}

/** Uses bubblewrap when it is installed and works here (it needs user or mount namespaces). */
export async function detectSandbox(): Promise<Sandbox> {
  for (const path of ["/usr/bin/bwrap", "/usr/local/bin/bwrap"]) {
    try {
      await promisify(execFile)(path, ["--bind", "/", "/", "--dev", "/dev", "--", "/bin/true"], {
        timeout: 5000,
      });
      return bubblewrap(path);
    } catch {
      // not installed, or namespaces are not allowed here
    }
  }
  return plain;
}

export const noSandbox = plain;
