// Smart HTTP for git: runs `git http-backend` as a CGI child and streams its answer back.
import { spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";

export interface CgiRequest {
  method: string;
  /** e.g. /shop.git/info/refs */
  pathInfo: string;
  query: string;
  headers: IncomingMessage["headers"];
  remoteUser: string;
  remoteAddr: string;
  body: Readable | undefined;
}

/** Runs http-backend and writes its response to `res`; resolves when the response is complete. */
export function serveGit(
  request: CgiRequest,
  res: ServerResponse,
  options: { projectRoot: string; env: Readonly<Record<string, string>> },
): Promise<void> {
  const env: Record<string, string> = {
    ...options.env,
    GIT_PROJECT_ROOT: options.projectRoot,
    GIT_HTTP_EXPORT_ALL: "1",
    REQUEST_METHOD: request.method,
    PATH_INFO: request.pathInfo,
    QUERY_STRING: request.query,
    REMOTE_USER: request.remoteUser,
    REMOTE_ADDR: request.remoteAddr,
    CONTENT_TYPE: String(request.headers["content-type"] ?? ""),
  };
  if (request.headers["content-length"]) env.CONTENT_LENGTH = String(request.headers["content-length"]);
  if (request.headers["content-encoding"])
    env.HTTP_CONTENT_ENCODING = String(request.headers["content-encoding"]);
  if (request.headers["git-protocol"]) env.GIT_PROTOCOL = String(request.headers["git-protocol"]);

  return new Promise((resolve) => {
    const child = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "pipe"] });
    let head = Buffer.alloc(0);
    let headersDone = false;
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.stdout.on("data", (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = findHeaderEnd(head);
      if (!end) return;
      headersDone = true;
      writeHead(res, head.subarray(0, end.index).toString("latin1"));
      const rest = head.subarray(end.index + end.length);
      if (rest.length > 0) res.write(rest);
    });
    child.on("close", (code) => {
      if (!headersDone && !res.headersSent) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.write(`git http-backend failed (exit ${code}): ${stderr.trim()}\n`);
      }
      res.end();
      resolve();
    });
    child.on("error", () => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("git is not available on the platform host\n");
      resolve();
    });
    child.stdin.on("error", () => undefined);
    res.on("close", () => {
      if (child.exitCode === null) child.kill("SIGTERM");
    });
    if (request.body) request.body.pipe(child.stdin);
    else child.stdin.end();
  });
}

function findHeaderEnd(buf: Buffer): { index: number; length: number } | undefined {
  const crlf = buf.indexOf("\r\n\r\n");
  const lf = buf.indexOf("\n\n");
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { index: crlf, length: 4 };
  if (lf >= 0) return { index: lf, length: 2 };
  return undefined;
}

function writeHead(res: ServerResponse, block: string): void {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "status") status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  res.writeHead(status, headers);
}
