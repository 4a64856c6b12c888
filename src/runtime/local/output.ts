// A process's stdout and stderr: a FIFO in its directory that the process holds open for reading and writing,
// so it never gets EPIPE when the platform is gone (its output waits in the pipe, and a write blocks once the
// pipe is full). The platform reads the other end without blocking its event loop, and a restarted platform
// reattaches to it, reading what was written while it was down.
import { execFile } from "node:child_process";
import { closeSync, constants, openSync, readSync } from "node:fs";
import { Socket } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export function fifoPath(dir: string): string {
  return join(dir, "output.fifo");
}

/** A fresh FIFO: the write end for the process (close it once spawned) and the platform's reader. */
export async function openOutput(dir: string): Promise<{ writeFd: number; reader: Socket }> {
  const fifo = fifoPath(dir);
  await run("mkfifo", ["-m", "600", "--", fifo]);
  const readFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writeFd = openSync(fifo, constants.O_RDWR);
  return { writeFd, reader: new Socket({ fd: readFd, readable: true, writable: false }) };
}

/** The reader of an adopted process's FIFO; undefined if it is gone. It ends once no process holds it. */
export function reattachOutput(dir: string): Socket | undefined {
  try {
    const readFd = openSync(fifoPath(dir), constants.O_RDONLY | constants.O_NONBLOCK);
    return new Socket({ fd: readFd, readable: true, writable: false });
  } catch {
    return undefined;
  }
}

/** What sits in a FIFO right now (at most `max` bytes), read without waiting; "" if there is none. */
export function readWaiting(dir: string, max = 1 << 20): string {
  let fd: number;
  try {
    fd = openSync(fifoPath(dir), constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return "";
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    const buffer = Buffer.alloc(65536);
    while (total < max) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n <= 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, n)));
      total += n;
    }
  } catch {
    // EAGAIN: nothing more waiting
  } finally {
    closeSync(fd);
  }
  return Buffer.concat(chunks).toString("utf8");
}
