// Moves telemetry.db's WAL checkpoints off the control plane's main thread. SQLite otherwise checkpoints inside
// the commit that crosses 1,000 WAL pages, so one log-history flush in a few pays for copying the pages back and
// an fsync. Here the main connection never checkpoints, and a worker thread does every second; if the worker
// fails, the main connection checkpoints by itself again.
import { Worker } from "node:worker_threads";
import type { TelemetryDb } from "./db.js";

const EVERY_MS = 1000;
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

export interface Checkpointer {
  close(): Promise<void>;
}

export function startCheckpointer(db: TelemetryDb, onError: (err: unknown) => void): Checkpointer {
  const worker = new Worker(new URL("./checkpoint-worker.js", import.meta.url), {
    workerData: { file: db.name, everyMs: EVERY_MS },
  });
  // Never what keeps the platform running (a start that fails half-way leaves nothing behind).
  worker.unref();
  db.pragma("wal_autocheckpoint = 0");
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  let closing = false;
  const fallBack = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  };
  worker.on("error", (err) => {
    onError(err);
    fallBack();
  });
  void exited.then(() => {
    if (!closing) fallBack();
  });
  return {
    async close() {
      closing = true;
      worker.ref();
      worker.postMessage("close");
      await exited;
      fallBack();
    },
  };
}
