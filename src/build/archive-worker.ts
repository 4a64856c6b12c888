// The child process that reads a source archive for the platform: it streams the file through gunzip and the
// tar parser under its own small heap, checking every entry (and unpacking it, for a build) as it goes, so a
// decompression bomb costs this child a bounded amount of memory and the platform none. One request, one reply.
import { once } from "node:events";
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import * as tar from "tar";
import { FifteenError } from "../shared/errors.js";
import { withoutSpecialBits } from "../shared/file-modes.js";
import type { ArchiveReply, ArchiveRequest } from "./archives.js";
import { DeferredLinks, linksIn } from "../shared/links.js";
import { TarSafety } from "./tar-safety.js";

/** Reads and inflated chunks of 64 KiB: a bounded window however far the archive inflates. */
const READ_CHUNK = 64 * 1024;

async function handle(request: ArchiveRequest): Promise<ArchiveReply> {
  const safety = new TarSafety(request.limits);
  const links = new DeferredLinks();
  let refused: FifteenError | undefined;
  const warnings: string[] = [];
  const refuse = (entry: tar.ReadEntry): boolean => {
    refused ??= safety.check({
      path: entry.path,
      type: entry.type,
      linkpath: entry.linkpath,
      size: entry.size,
    });
    return refused === undefined;
  };
  const parser =
    request.op === "check"
      ? new tar.Parser({
          strict: true,
          onReadEntry: (entry) => {
            refuse(entry);
            entry.resume();
          },
        })
      : new tar.Unpack({
          cwd: request.dir,
          strict: false,
          preservePaths: false,
          preserveOwner: false,
          onwarn: (code, message) => warnings.push(`${code}: ${String(message)}`),
          // Links are made last (links.create below), so nothing is ever extracted through one.
          filter: (path, entry) =>
            refuse(entry as tar.ReadEntry) && links.defer(path, entry) && withoutSpecialBits(path, entry),
          ...(request.owner ?? {}),
        });
  let parseError: unknown;
  const done = new Promise<void>((resolve) => {
    parser.on("close", resolve);
    parser.on("error", (err: unknown) => {
      parseError ??= err;
      resolve();
    });
  });
  const input = createReadStream(request.file, { highWaterMark: READ_CHUNK });
  const gunzip = createGunzip({ chunkSize: READ_CHUNK });
  input.on("error", (err) => gunzip.destroy(err));
  input.pipe(gunzip);
  // What follows the archive's end-of-archive blocks is never unpacked: node-tar would only buffer it.
  let ended = false;
  parser.on("eof", () => (ended = true));
  try {
    for await (const chunk of gunzip) {
      refused ??= safety.streamed((chunk as Buffer).length);
      if (refused || parseError || ended) break;
      if (!parser.write(chunk as Buffer)) await Promise.race([once(parser, "drain"), done]);
    }
  } catch (err) {
    return invalid(err);
  } finally {
    input.destroy();
  }
  if (refused) return fail(refused);
  parser.end();
  await done;
  if (refused) return fail(refused);
  if (parseError) return invalid(parseError);
  if (warnings.length > 0) return invalid(new Error(warnings.join("; ")));
  const finished = await safety.finish();
  if (finished) return fail(finished);
  if (request.op === "unpack") {
    const problem = (await links.create(request.dir, request.owner))[0];
    if (problem)
      return fail(
        new FifteenError("SOURCE_UNSAFE", `The source was refused: the link ${problem}. Nothing was built.`),
      );
    // The tree node-tar wrote, not what its headers said: every link must still lead inside it.
    const out = (await linksIn(request.dir)).find((link) => link.resolved === undefined);
    if (out)
      return fail(
        new FifteenError(
          "SOURCE_UNSAFE",
          `The source was refused: ${JSON.stringify(out.path)} links to ${JSON.stringify(out.target)}, outside the source. Nothing was built.`,
        ),
      );
  }
  return { ok: true, entries: safety.entries };
}

function fail(err: FifteenError): ArchiveReply {
  return { ok: false, code: err.code, message: err.message };
}

function invalid(err: unknown): ArchiveReply {
  const reason = err instanceof Error ? err.message : String(err);
  return {
    ok: false,
    code: "SOURCE_INVALID",
    message: `The upload is not a readable gzip tarball (${reason}).`,
  };
}

process.once("message", (request: ArchiveRequest) => {
  void handle(request)
    .catch((err: unknown): ArchiveReply => ({
      ok: false,
      code: "INTERNAL",
      message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    }))
    .then((reply) => process.send?.(reply, () => process.exit(0)));
});
// The platform went away: nothing is left to answer.
process.once("disconnect", () => process.exit(0));
