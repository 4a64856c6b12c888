// An attached session in the terminal (`run`, `ps:exec`): stdin to the process, its output here, signals, and
// with a tty the local terminal in raw mode (keys go as typed, Ctrl-C included), resizes sent, restored at the end.
import type { AttachHandlers, AttachSession } from "../client/attach.js";
import type { TtySize } from "../shared/attach.js";
import { commandNotFound, OutputTail } from "../shared/command-not-found.js";
import { cliEnv, CliError } from "./context.js";

/** Whether to use a terminal: --tty/--no-tty, else when stdin and stdout both are terminals. */
export function wantsTty(option: boolean | undefined): boolean {
  return option ?? Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

/** The local terminal's size and type (80×24 when stdout is not a terminal). */
export function localTty(): TtySize {
  const term = cliEnv().term;
  return {
    cols: process.stdout.columns || 80,
    rows: process.stdout.rows || 24,
    ...(term && /^[A-Za-z0-9._+-]{1,64}$/.test(term) ? { term } : {}),
  };
}

/** Runs the session to its end; returns the exit status to exit with. */
export async function runSession(
  open: (handlers: AttachHandlers) => AttachSession,
  options: { tty: boolean; started(name: string, release: number): void; command?: readonly string[] },
): Promise<number> {
  // The shell's "not found" complaint comes last: on stderr, or on the terminal's single stream.
  const tail = new OutputTail(2048);
  const session = open({
    started: ({ name, release }) => options.started(name, release),
    stdout: (chunk) => {
      if (options.tty) tail.push(chunk.toString());
      process.stdout.write(chunk);
    },
    stderr: (chunk) => {
      tail.push(chunk.toString());
      process.stderr.write(chunk);
    },
  });
  const stdin = process.stdin;
  const raw = options.tty && stdin.isTTY;
  const restore = () => {
    if (raw && stdin.isTTY) stdin.setRawMode(false);
  };
  if (raw) {
    // Keys go to the remote terminal as typed: its line editing, its echo, its Ctrl-C.
    stdin.setRawMode(true);
    process.once("exit", restore);
  }
  stdin.on("data", (chunk: Buffer) => session.write(chunk));
  stdin.on("end", () => session.end());
  stdin.on("error", () => session.end());
  const onResize = () => session.resize(process.stdout.columns || 80, process.stdout.rows || 24);
  if (options.tty) process.stdout.on("resize", onResize);
  // Ctrl-C (as a signal: without raw mode, or sent by kill) goes to the process; pressed three times, the CLI
  // leaves and the process gets SIGHUP.
  let interrupts = 0;
  const onInt = () => {
    interrupts += 1;
    if (interrupts >= 3) {
      process.stderr.write("\nDetaching: the process gets SIGHUP.\n");
      session.detach();
    } else session.signal("SIGINT");
  };
  const onTerm = () => session.signal("SIGTERM");
  const onHup = () => session.detach();
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  process.on("SIGHUP", onHup);
  try {
    const exit = await session.done;
    restore();
    if (exit.endedBy === "timeout")
      process.stderr.write("The process reached its time limit and was stopped.\n");
    if (exit.endedBy === "memory")
      process.stderr.write(
        "The process exceeded its memory limit and was stopped (see `fifteen ps:resize`).\n",
      );
    const notFound = exit.endedBy === null && commandNotFound(exit.status, tail.text, options.command);
    if (notFound) process.stderr.write(`${notFound} (exit 127): is it in package.json's dependencies?\n`);
    return exit.status;
  } finally {
    restore();
    process.off("exit", restore);
    process.stdout.off("resize", onResize);
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
    process.off("SIGHUP", onHup);
    stdin.destroy();
  }
}

/** --tty without a terminal to read keys from still works (a pty on the server), but says so. */
export function checkTtyOption(tty: boolean | undefined, detached: boolean | undefined): void {
  if (tty && detached) throw new CliError("--tty needs an attached run: leave out --detached.");
}
