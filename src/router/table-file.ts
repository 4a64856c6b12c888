// The last route table, kept in the data dir (routes.json, 0600) so a new router serves from its first request.
import { readFile, rename, writeFile } from "node:fs/promises";
import type { RouteTable } from "../shared/route-table.js";

export class RouteTableFile {
  #writing: Promise<void> | undefined;
  #next: RouteTable | undefined;

  constructor(
    readonly path: string,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** The table saved last, or undefined when there is none (first start) or it does not parse. */
  async read(): Promise<RouteTable | undefined> {
    const text = await readFile(this.path, "utf8").catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const table = JSON.parse(text) as Partial<RouteTable>;
      if (typeof table.version === "number" && table.hosts && typeof table.hosts === "object")
        return table as RouteTable;
    } catch {
      // A torn file cannot happen (it is renamed into place); a hand-edited one is ignored.
    }
    return undefined;
  }

  /** Saves a table; while a write is running, only the newest table waiting is written after it. */
  save(table: RouteTable): void {
    this.#next = table;
    this.#writing ??= this.#drain();
  }

  /** Resolves once every table handed to save() is on disk. */
  async flushed(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  async #drain(): Promise<void> {
    while (this.#next) {
      const table = this.#next;
      this.#next = undefined;
      const temp = `${this.path}.tmp`;
      try {
        await writeFile(temp, JSON.stringify(table), { mode: 0o600 });
        await rename(temp, this.path);
      } catch (err) {
        this.onError(err);
      }
    }
    this.#writing = undefined;
  }
}
