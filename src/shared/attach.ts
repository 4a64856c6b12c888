// The attach protocol of `fifteen run` over one WebSocket (GET /v1/apps/:app/processes/attach).
//
// 1. The client's first message is text: an AttachRequest.
// 2. The server answers with text: {"type":"started"} or {"type":"error"} (then closes).
// 3. Binary frames from the server are output: the first byte says which stream (1 stdout, 2 stderr).
//    Binary frames from the client are stdin, as is.
// 4. Text from the client controls: {"type":"eof"} closes stdin, {"type":"signal","signal":"SIGINT"} signals,
//    {"type":"resize","cols":N,"rows":N} resizes the terminal (with "tty" in the request).
//    With "tty" the process runs on a pseudo-terminal: all its output comes as stdout (1), and Ctrl-C is the
//    byte 0x03 in stdin, which the terminal turns into SIGINT for the foreground job, as locally.
// 5. The server ends with text {"type":"exit"} and closes. If the client goes away first, the process gets
//    SIGHUP, then SIGKILL after the grace period.

import { constants } from "node:os";

export const STDOUT = 1;
export const STDERR = 2;

/** Signals a client may send to its one-off. */
export const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2"] as const;
export type ForwardedSignal = (typeof FORWARDED_SIGNALS)[number];

export interface AttachRequest {
  command: string[];
  timeoutSeconds?: number | undefined;
  env?: Record<string, string> | undefined;
  /** The one-off's memory limit ("1G"); default FIFTEEN_DEFAULT_MEMORY. */
  size?: string | undefined;
  /** Run on a pseudo-terminal of this size ($TERM: `term`). */
  tty?: TtySize | undefined;
}

/** A client's terminal. */
export interface TtySize {
  cols: number;
  rows: number;
  term?: string | undefined;
}

/** The first message of `ps:exec` (GET /v1/apps/:app/processes/exec); the rest of the protocol is the same. */
export interface ExecAttachRequest {
  /** The running process to enter, e.g. web.1. */
  process: string;
  /** Absent: bash, or sh where bash is missing. One element runs through /bin/sh -c. */
  command?: string[] | undefined;
  tty?: TtySize | undefined;
}

export type ServerMessage =
  | { type: "started"; name: string; release: number }
  | { type: "error"; code: string; message: string }
  | {
      type: "exit";
      /** The exit code, or 128 + the signal number, as a shell reports it. */
      status: number;
      code: number | null;
      signal: string | null;
      endedBy: "timeout" | "memory" | "stopped" | "hangup" | "shutdown" | null;
    };

/** The exit status a shell would report: the code, or 128 + the signal number. */
export function exitStatus(code: number | null, signal: string | null): number {
  if (code !== null) return code;
  return 128 + (signal ? ((constants.signals as Record<string, number>)[signal] ?? 0) : 0);
}

export type ClientMessage =
  | { type: "eof" }
  | { type: "signal"; signal: ForwardedSignal }
  | { type: "resize"; cols: number; rows: number };
