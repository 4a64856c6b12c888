// A command on a pseudo-terminal, through the pty helper (pty-helper.ts): its input and output streams, resizing,
// its pid once it runs and its exit once its output is drained.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { PtyReport, PtyStart } from "./pty-helper.js";

const HELPER = fileURLToPath(new URL("./pty-helper.js", import.meta.url));

/** The terminal a client asked for: its size and $TERM. */
export interface TtySpec {
  cols: number;
  rows: number;
  term?: string | undefined;
}

export interface PtyChild {
  /** The command's pid: the leader of its session and process group. */
  pid: number;
  stdin: Writable;
  /** Everything the terminal shows (stdout and stderr together, as in a terminal). */
  stdout: Readable;
  resize(cols: number, rows: number): void;
  /** Resolves once the command exited and its output was read. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Only plain terminal names: $TERM is looked up in terminfo by whatever runs. */
export function termName(term: string | undefined): string {
  return term && /^[A-Za-z0-9._+-]{1,64}$/.test(term) ? term : "xterm-256color";
}

/** Starts `file args` on a new pty; rejects if the helper could not start it. */
export function spawnPty(start: Omit<PtyStart, "term"> & { term?: string | undefined }): Promise<PtyChild> {
  // The helper is platform code: it gets none of the app's environment (NODE_OPTIONS would run in it).
  const helper = spawn(process.execPath, [HELPER], {
    stdio: ["pipe", "pipe", "ignore", "pipe"],
    env: {},
  });
  const control = helper.stdio[3] as Writable & Readable;
  control.on("error", () => undefined);
  helper.stdin?.on("error", () => undefined);
  const send = (message: object) => {
    if (!control.writableEnded) control.write(`${JSON.stringify(message)}\n`);
  };
  send({ ...start, term: termName(start.term) } satisfies PtyStart);
  let onExit: (exit: { code: number | null; signal: NodeJS.Signals | null }) => void = () => undefined;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => (onExit = r));
  return new Promise<PtyChild>((resolve, reject) => {
    let pid: number | undefined;
    let reported = false;
    createInterface({ input: control }).on("line", (line) => {
      let message: PtyReport;
      try {
        message = JSON.parse(line) as PtyReport;
      } catch {
        return;
      }
      if ("pid" in message) {
        pid = message.pid;
        resolve({
          pid,
          stdin: helper.stdin as Writable,
          stdout: helper.stdout as Readable,
          resize: (cols, rows) => send({ resize: [cols, rows] }),
          exit,
        });
      } else if ("exit" in message) {
        reported = true;
        const exited = { code: message.exit.code, signal: message.exit.signal as NodeJS.Signals | null };
        // The output is all read once the helper's stdout ends.
        if (helper.stdout?.readableEnded) onExit(exited);
        else helper.stdout?.once("end", () => onExit(exited)).once("error", () => onExit(exited));
      }
    });
    helper.once("error", reject);
    helper.once("exit", (code, signal) => {
      if (pid === undefined) reject(new Error(`the pty helper ended (${signal ?? `exit ${code}`})`));
      else if (!reported) onExit({ code: null, signal: "SIGKILL" });
    });
  });
}
