// The stores a contract suite runs against: an SQLite file, and a throwaway database on the test PostgreSQL.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Store } from "../store/index.js";
import { createTempDatabase, type TempDatabase } from "./postgres.js";

export interface Backend {
  name: string;
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

function sqliteBackend(): Backend {
  let dir = "";
  return {
    name: "sqlite file",
    async open() {
      dir ||= await mkdtemp(join(tmpdir(), "fifteen-store-"));
      return Store.open({ sqliteFile: join(dir, "fifteen.db") });
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

function postgresBackend(): Backend {
  let db: TempDatabase | undefined;
  return {
    name: "postgresql",
    async open() {
      db ??= await createTempDatabase();
      return Store.open({ databaseUrl: db.url, onError: () => undefined });
    },
    cleanup: async () => db?.drop(),
  };
}

/** One of each backend, each opened on first use. */
export function storeBackends(): Backend[] {
  return [sqliteBackend(), postgresBackend()];
}
