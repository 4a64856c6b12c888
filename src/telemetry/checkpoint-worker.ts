// The worker thread behind checkpointer.ts: its own connection to telemetry.db, checkpointing the WAL on a
// timer so that the main thread's writes never carry a checkpoint's page copying and fsync.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { file, everyMs } = workerData as { file: string; everyMs: number };
const db = new Database(file);
const timer = setInterval(() => db.pragma("wal_checkpoint(PASSIVE)"), everyMs);
parentPort?.on("message", (message: unknown) => {
  if (message !== "close") return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
