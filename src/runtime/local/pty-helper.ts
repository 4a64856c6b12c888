// The pty helper: a small process per TTY session that owns the pseudo-terminal. It exists because node-pty opens
// the pty master without close-on-exec: held by the platform itself, that master would leak into every process
// the platform spawns afterwards (another app could read the session). Here it reaches only the session's own
// command.
//
// fd 0: the terminal's input (bytes, as typed); fd 1: its output; fd 3: control, one JSON object a line. The
// platform sends a PtyStart first, then {"resize":[cols,rows]}; the helper answers {"pid":N} once the command
// runs, and {"exit":{"code":…,"signal":…}} once it has exited and its output is drained. EOF on fd 3 (the
// platform went away) hangs up the session.
import { spawn, type IPty } from "@lydell/node-pty";
import { chownSync } from "node:fs";
import { Socket } from "node:net";
import { constants } from "node:os";
import { createInterface } from "node:readline";

export interface PtyStart {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** The command's uid and gid (the helper runs as root then; supplementary groups are dropped first). */
  uid?: number | undefined;
  gid?: number | undefined;
  cols: number;
  rows: number;
  term: string;
}

export type PtyControl = { resize: [number, number] };
export type PtyReport = { pid: number } | { exit: { code: number | null; signal: string | null } };

function signalName(signal: number | undefined): string | null {
  if (!signal) return null;
  for (const [name, value] of Object.entries(constants.signals)) if (value === signal) return name;
  return null;
}

function main(): void {
  // fd 3 is a socket (the platform's "pipe"): read and written as one, without blocking a thread on it.
  const control = new Socket({ fd: 3, readable: true, writable: true });
  control.on("error", () => process.exit(1));
  const report = (message: PtyReport, done?: () => void) =>
    control.write(`${JSON.stringify(message)}\n`, done);
  const lines = createInterface({ input: control });
  let term: IPty | undefined;
  let exited = false;
  lines.on("line", (line) => {
    const message = JSON.parse(line) as Partial<PtyStart & PtyControl>;
    if (!term) {
      const start = message as PtyStart;
      // node-pty sets the uid and gid but keeps the caller's supplementary groups: drop them (we are root).
      if (start.uid !== undefined && process.getuid?.() === 0) process.setgroups?.([]);
      term = spawn(start.file, start.args, {
        name: start.term,
        cols: start.cols,
        rows: start.rows,
        cwd: start.cwd,
        env: start.env,
        encoding: null,
        ...(start.uid !== undefined ? { uid: start.uid, gid: start.gid ?? start.uid } : {}),
      });
      const pty = term;
      // The terminal belongs to whoever runs in it, as login(1) arranges (so /dev/tty-like reopens work).
      const name = (pty as unknown as { ptsName?: string }).ptsName;
      if (name && start.uid !== undefined) {
        try {
          chownSync(name, start.uid, start.gid ?? start.uid);
        } catch {
          // it still works through the inherited descriptors
        }
      }
      report({ pid: pty.pid });
      pty.onData((data) => {
        // The platform reads slower than the command writes: the command blocks, as in a real terminal.
        if (!process.stdout.write(data as unknown as Buffer)) {
          pty.pause();
          process.stdout.once("drain", () => pty.resume());
        }
      });
      pty.onExit(({ exitCode, signal }) => {
        exited = true;
        const name = signalName(signal);
        // Output first, then the exit: the platform reads the exit as "all output is in".
        process.stdout.end(() =>
          report({ exit: { code: name ? null : exitCode, signal: name } }, () => process.exit(0)),
        );
      });
      process.stdin.on("data", (chunk: Buffer) => pty.write(chunk as unknown as string));
      return;
    }
    const size = message.resize;
    if (Array.isArray(size)) {
      const [cols, rows] = size.map((n) => Math.max(1, Math.min(1000, Math.floor(Number(n)) || 1)));
      term.resize(cols as number, rows as number);
    }
  });
  lines.on("close", () => {
    // The platform is gone: hang up the session, as closing a terminal does.
    if (term && !exited) {
      try {
        process.kill(-term.pid, "SIGHUP");
      } catch {
        // already gone
      }
    } else if (!term) process.exit(1);
  });
  process.stdout.on("error", () => undefined);
  process.stdin.on("error", () => undefined);
}

main();
