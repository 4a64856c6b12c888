// Build output: kept in memory and appended to a file while a build runs, replayed and followed by readers.
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { BuildOutput } from "../core/index.js";

interface Live {
  chunks: string[];
  waiters: Set<() => void>;
  file: WriteStream | undefined;
  closed: boolean;
}

export class FileBuildOutput implements BuildOutput {
  readonly #dir: string;
  readonly #live = new Map<string, Live>();
  /** Builds whose output closed in this process, so a late follower reads the file instead of waiting. */
  readonly #closed = new Set<string>();

  constructor(dir: string) {
    this.#dir = dir;
  }

  async init(): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
  }

  append(buildId: string, text: string): void {
    if (this.#closed.has(buildId) && !this.#live.has(buildId)) return;
    const live = this.#open(buildId);
    if (live.closed) return;
    live.chunks.push(text);
    live.file ??= createWriteStream(this.#path(buildId), { flags: "a", mode: 0o600 });
    live.file.write(text);
    this.#wake(live);
  }

  close(buildId: string): void {
    const live = this.#live.get(buildId);
    if (!live || live.closed) return;
    live.closed = true;
    this.#closed.add(buildId);
    if (this.#closed.size > 10_000) this.#closed.delete(this.#closed.values().next().value as string);
    this.#wake(live);
    const done = () => this.#live.delete(buildId);
    if (live.file) live.file.end(done);
    else done();
  }

  isOpen(buildId: string): boolean {
    const live = this.#live.get(buildId);
    return live !== undefined && !live.closed;
  }

  async *read(buildId: string, follow: boolean): AsyncIterable<string> {
    const followable = follow && !this.#closed.has(buildId);
    const live = this.#live.get(buildId) ?? (followable ? this.#open(buildId) : undefined);
    if (!live) {
      const text = await readFile(this.#path(buildId), "utf8").catch(() => "");
      if (text) yield text;
      return;
    }
    let next = 0;
    for (;;) {
      while (next < live.chunks.length) yield live.chunks[next++] as string;
      if (live.closed || !follow) return;
      await new Promise<void>((resolve) => live.waiters.add(resolve));
    }
  }

  async remove(buildId: string): Promise<void> {
    const file = this.#live.get(buildId)?.file;
    this.close(buildId);
    // The writer may still be opening or flushing the file: wait, or it would recreate it after the rm.
    if (file && !file.closed) await new Promise<void>((resolve) => file.once("close", () => resolve()));
    await rm(this.#path(buildId), { force: true });
  }

  #open(buildId: string): Live {
    let live = this.#live.get(buildId);
    if (!live) {
      live = { chunks: [], waiters: new Set(), file: undefined, closed: false };
      this.#live.set(buildId, live);
    }
    return live;
  }

  #wake(live: Live): void {
    const waiters = [...live.waiters];
    live.waiters.clear();
    for (const wake of waiters) wake();
  }

  #path(buildId: string): string {
    return join(this.#dir, `${buildId}.log`);
  }
}
