// The local SourceArchive: streams an upload to disk, hashing as it goes, and checks it is a safe gzip tarball.
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { SourceArchive } from "../core/index.js";
import { FifteenError } from "../shared/errors.js";
import { KeyedQueue } from "../shared/keyed-queue.js";
import { checkArchive } from "./archives.js";
import { DEFAULT_TAR_LIMITS, type TarLimits } from "./tar-safety.js";

export class FsSourceArchive implements SourceArchive {
  /** Per digest: an upload's rename and its build's record, or a delete, one at a time. */
  readonly #digests = new KeyedQueue();

  constructor(
    private readonly dir: string,
    private readonly limits: TarLimits = DEFAULT_TAR_LIMITS,
  ) {}

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  async put<T>(
    body: Readable,
    maxBytes: number,
    record: (archive: { digest: string; size: number }) => Promise<T>,
  ): Promise<T> {
    const tmp = join(this.dir, `.upload-${randomUUID()}`);
    const hash = createHash("sha256");
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) {
          done(
            new FifteenError(
              "PAYLOAD_TOO_LARGE",
              `The source is larger than ${maxBytes} bytes (FIFTEEN_MAX_SOURCE_MB).`,
            ),
          );
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, createWriteStream(tmp, { mode: 0o600 }));
      // Read as a stream in a child process: a decompression bomb costs the platform no memory.
      await checkArchive(tmp, this.limits);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    const digest = hash.digest("hex");
    return this.#digests.run(digest, async () => {
      await rename(tmp, this.path(digest));
      return record({ digest, size });
    });
  }

  path(digest: string): string {
    if (!/^[0-9a-f]{64}$/.test(digest)) throw new Error(`not a source digest: ${digest}`);
    return join(this.dir, `${digest}.tgz`);
  }

  delete(digest: string, needed: () => Promise<boolean>): Promise<void> {
    return this.#digests.run(digest, async () => {
      if (!(await needed())) await rm(this.path(digest), { force: true });
    });
  }
}
