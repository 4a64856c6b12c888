// The sandbox for local processes: with bubblewrap, the release's files cannot be written, /tmp is private, other
// processes are out of sight and the platform's data dir shows nothing but the process's own directories; without it, processes still get a
// fresh copy of the slug per start (changes never persist) and file permissions do the rest.
import { execFile } from "node:child_process";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { AppIdentity } from "./identity.js";

export interface Sandbox {
  /** "bubblewrap" or "none", for logs and (later) `fifteen doctor`. */
  readonly kind: "bubblewrap" | "none";
  /** The argv that runs `command` (see {@link commandArgv}) in the process directory. */
  argv(command: string[], dirs: SandboxDirs): [string, string[]];
}

export interface SandboxDirs {
  /** The release directory (the process's working directory). */
  app: string;
  /** Where the release's files are on the host, mounted read-only at `app`; absent: `app` itself. */
  appSource?: string;
  writable: string[];
  readOnly: string[];
  /** A directory the process sees as /tmp and /var/tmp (its own disk); absent: an empty private tmpfs. */
  tmp?: string;
  /** Directories the process must not look into (the data dir); its own ones inside stay reachable. */
  hidden?: string[];
  /** Directories inside hidden ones the process may still read (its Node and package manager), read-only. */
  exposed?: string[];
  /** A build step writes its app directory; a process only reads its release. */
  appWritable?: boolean;
  /**
   * Whether the process runs as its app's own uid. Then file permissions guard the hidden directories (they
   * are shown as they are, so looking refuses with EACCES) and the release directory (owned by root).
   */
  ownUid?: boolean;
  /** Its stdin is a pseudo-terminal, which the sandbox's /dev/pts must show. */
  tty?: boolean;
}

/** How to get the sandbox: in the start-up warning, `fifteen doctor` and the README. */
export const SANDBOX_ADVICE = "install bubblewrap (apt-get install bubblewrap) and restart fifteen up";

/** What runs differently without the sandbox, said on stderr at start and by `fifteen doctor`. */
export function sandboxMissing(why: "not found" | "turned off"): string {
  return (
    `${why === "turned off" ? "the sandbox is turned off (FIFTEEN_SANDBOX=none)" : "bubblewrap is not installed or cannot run here, so the sandbox is off"}: ` +
    "app processes can change their release's files, share the host's /tmp, see every other process on the " +
    "host and read any file their uid may read. To turn it on, " +
    SANDBOX_ADVICE +
    "."
  );
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
      // Its own pid and IPC namespaces: /proc shows the process's own tree, not other apps' processes. The
      // platform still signals the process group by its host pids, and bubblewrap exits with the command.
      const args = ["--unshare-pid", "--unshare-ipc", "--bind", "/", "/", "--dev", "/dev", "--proc", "/proc"];
      // Under the app's own uid the host's /dev/pts is shown, so `tty` names the terminal (the others there are
      // other uids' and refuse it); sharing the platform's uid, only its own terminal is (bwrap resolves
      // /proc/self/fd/0 on the host side, as itself), at /dev/pts/0, which `tty` may not find.
      if (dirs.tty && dirs.ownUid) args.push("--dev-bind", "/dev/pts", "/dev/pts");
      else if (dirs.tty) args.push("--tmpfs", "/dev/pts", "--dev-bind", "/proc/self/fd/0", "/dev/pts/0");
      if (dirs.tmp) args.push("--bind", dirs.tmp, "/tmp", "--bind", dirs.tmp, "/var/tmp");
      else args.push("--tmpfs", "/tmp", "--tmpfs", "/var/tmp");
      // Mounted in order, each over what came before (after the private /tmp, so paths under /tmp stay
      // visible): read-only ones (the installation, which may hold the data dir), then the hidden ones over
      // them (as on disk, whose modes refuse other uids, or, for a process sharing the platform's uid, an
      // empty tmpfs), the tools it may read inside them, then the process's own writable directories.
      for (const dir of dirs.readOnly) args.push("--ro-bind", dir, dir);
      for (const dir of dirs.hidden ?? [])
        args.push(...(dirs.ownUid ? ["--ro-bind", dir, dir] : ["--tmpfs", dir]));
      for (const dir of dirs.exposed ?? []) args.push("--ro-bind", dir, dir);
      for (const dir of dirs.writable) args.push("--bind", dir, dir);
      // Under the app's uid the release is root's and refuses writes with EACCES; otherwise the mount does.
      if (dirs.appSource) args.push("--ro-bind", dirs.appSource, dirs.app);
      else args.push(dirs.ownUid || dirs.appWritable ? "--bind" : "--ro-bind", dirs.app, dirs.app);
      args.push("--chdir", dirs.app, "--", ...commandArgv(command));
      return [path, args];
    },
  };
}

/**
 * Uses bubblewrap when it is installed and works here (it needs user or mount namespaces), tried as `probeAs`
 * when apps run as their own uids (bubblewrap then needs unprivileged user namespaces).
 */
export async function detectSandbox(probeAs?: AppIdentity): Promise<Sandbox> {
  const probe = await mkdtemp(join(tmpdir(), "fifteen-sandbox-"));
  if (probeAs) await chown(probe, probeAs.uid, probeAs.gid);
  try {
    for (const path of ["/usr/bin/bwrap", "/usr/local/bin/bwrap"]) {
      const sandbox = bubblewrap(path);
      // The same kinds of mounts every process gets, not just a minimal call.
      const [file, args] = sandbox.argv(["true"], {
        app: probe,
        writable: [probe],
        readOnly: [probe],
        hidden: [probe],
      });
      try {
        await promisify(execFile)(file, args, { timeout: 5000, ...probeAs });
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
