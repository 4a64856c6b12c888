// The client side of the attach protocol (src/shared/attach.ts): `fifteen run` without --detached, and `ps:exec`.
import WebSocket from "ws";
import {
  STDERR,
  STDOUT,
  type AttachRequest,
  type ExecAttachRequest,
  type ForwardedSignal,
  type ServerMessage,
} from "../shared/attach.js";
import { ApiError } from "./errors.js";
import { fillPath, type Route } from "./typed.js";

export type AttachExit = Extract<ServerMessage, { type: "exit" }>;

export interface AttachHandlers {
  started(info: { name: string; release: number }): void;
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
}

export interface AttachSession {
  write(chunk: Buffer): void;
  /** Closes the process's stdin. */
  end(): void;
  signal(signal: ForwardedSignal): void;
  /** The terminal's new size (with a tty). */
  resize(cols: number, rows: number): void;
  /** Leaves: the process gets SIGHUP. */
  detach(): void;
  /** Resolves with the exit; rejects with ApiError if it could not start or the connection broke. */
  readonly done: Promise<AttachExit>;
}

export function attachRun(
  baseUrl: string,
  token: string | undefined,
  app: string,
  request: AttachRequest | ExecAttachRequest,
  handlers: AttachHandlers,
  route: Route = "/v1/apps/{app}/processes/attach",
): AttachSession {
  const url = new URL(fillPath(route, { app }), baseUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    maxPayload: 64 * 1024 * 1024,
  });
  const pending: Array<string | Buffer> = [];
  let started = false;
  const post = (data: string | Buffer) => {
    if (started && socket.readyState === WebSocket.OPEN) socket.send(data);
    else if (!started) pending.push(data);
  };
  const done = new Promise<AttachExit>((resolve, reject) => {
    let exit: AttachExit | undefined;
    let error: ApiError | undefined;
    socket.on("open", () => socket.send(JSON.stringify(request)));
    socket.on("unexpected-response", (_req, res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        let parsed: { code?: string; message?: string } = {};
        try {
          parsed = JSON.parse(body) as typeof parsed;
        } catch {
          parsed = { message: body.trim() };
        }
        const status = res.statusCode ?? 0;
        reject(new ApiError(status, parsed.code ?? `HTTP_${status}`, parsed.message ?? `HTTP ${status}`));
      });
    });
    socket.on("message", (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        const chunk = data.subarray(1);
        if (data[0] === STDOUT) handlers.stdout(chunk);
        else if (data[0] === STDERR) handlers.stderr(chunk);
        return;
      }
      const message = JSON.parse(data.toString("utf8")) as ServerMessage;
      if (message.type === "started") {
        started = true;
        handlers.started(message);
        for (const queued of pending.splice(0)) socket.send(queued);
      } else if (message.type === "error") {
        error = new ApiError(422, message.code, message.message);
      } else if (message.type === "exit") {
        exit = message;
      }
    });
    socket.on("error", (err) =>
      reject(new ApiError(0, "UNREACHABLE", `Cannot reach the Fifteen API at ${baseUrl} (${err.message}).`)),
    );
    socket.on("close", () => {
      if (exit) resolve(exit);
      else
        reject(
          error ??
            new ApiError(
              0,
              "DISCONNECTED",
              "The connection to the platform closed before the process exited; it was sent SIGHUP.",
            ),
        );
    });
  });
  return {
    write: (chunk) => post(chunk),
    end: () => post(JSON.stringify({ type: "eof" })),
    signal: (signal) => post(JSON.stringify({ type: "signal", signal })),
    resize: (cols, rows) => post(JSON.stringify({ type: "resize", cols, rows })),
    detach: () => socket.close(1000, "detached"),
    done,
  };
}
