// Reading source archives outside the platform's process: each check or unpack runs in a short-lived child
// (archive-worker) under its own heap limit, so what an archive unpacks to never grows the platform's memory.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { AppIdentity } from "../isolation/identity.js";
import { FifteenError, type ErrorCode } from "../shared/errors.js";
import type { TarLimits } from "./tar-safety.js";

const WORKER = fileURLToPath(new URL("./archive-worker.js", import.meta.url));

/** The child's V8 heap, in MiB: it holds one tar header and a few stream chunks at a time. */
const WORKER_HEAP_MB = 64;

export type ArchiveRequest =
  | { op: "check"; file: string; limits: TarLimits }
  | { op: "unpack"; file: string; dir: string; limits: TarLimits; owner?: AppIdentity | undefined };

export type ArchiveReply = { ok: true; entries: number } | { ok: false; code: ErrorCode; message: string };

/** Reads the whole archive, entry by entry, without writing anything: a hostile or broken one is refused. */
export function checkArchive(file: string, limits: TarLimits): Promise<void> {
  return inWorker({ op: "check", file, limits });
}

/** Unpacks a checked archive into `dir` (owned by `owner`), with the same checks again on the way. */
export function unpackArchive(
  file: string,
  dir: string,
  limits: TarLimits,
  options: { owner?: AppIdentity | undefined; signal?: AbortSignal } = {},
): Promise<void> {
  return inWorker({ op: "unpack", file, dir, limits, owner: options.owner }, options.signal);
}

/** Resolves once the child has answered and exited (nothing it started is still writing). */
function inWorker(request: ArchiveRequest, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], {
      execArgv: [`--max-old-space-size=${WORKER_HEAP_MB}`],
      env: {},
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
    });
    let reply: ArchiveReply | undefined;
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.once("message", (message: ArchiveReply) => (reply = message));
    const abort = () => child.kill("SIGKILL");
    signal?.addEventListener("abort", abort, { once: true });
    child.once("error", (err) => {
      signal?.removeEventListener("abort", abort);
      reject(err);
    });
    child.once("exit", (code, killedBy) => {
      signal?.removeEventListener("abort", abort);
      if (signal?.aborted) {
        reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
      } else if (reply?.ok) {
        resolve();
      } else if (reply && reply.code !== "INTERNAL") {
        reject(new FifteenError(reply.code, reply.message));
      } else if (reply) {
        reject(new Error(`the archive reader failed: ${reply.message}`));
      } else {
        const exit = `it exited with ${killedBy ?? code}`;
        if (/out of memory|allocation failed/i.test(stderr)) {
          // Out of its heap: the archive is refused, the platform carries on.
          reject(
            new FifteenError(
              "SOURCE_INVALID",
              `The source could not be read within the archive reader's ${WORKER_HEAP_MB} MB memory limit (${exit}).`,
            ),
          );
        } else {
          const line = stderr
            .trim()
            .split("\n")
            .find((l) => /error/i.test(l));
          reject(new Error(`the archive reader failed: ${exit}${line ? ` (${line.trim()})` : ""}`));
        }
      }
    });
    child.send(request);
  });
}
