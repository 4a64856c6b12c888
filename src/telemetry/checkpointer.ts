// Moves telemetry.db's WAL checkpoints off the control plane's main thread. SQLite otherwise checkpoints inside
// the commit that crosses 1,000 WAL pages, so one log-history flush in a few pays for copying the pages back and
// an fsync. Here the main connection never checkpoints, and a worker thread does every second; if the worker
// fails, the main connection checkpoints by itself again.
// The worker runs only while telemetry.db is written to: a worker thread is a whole Node environment (some
// 17 MiB resident), and an idle platform writes nothing. The main thread looks at the WAL file's modification
// time every second, starts the worker when it changes, and lets it go after a minute without writes.
import { stat } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import type { TelemetryDb } from "./db.js";

const EVERY_MS = 1000;
const IDLE_MS = 60_000;
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

export interface Checkpointer {
  /** Whether the worker thread runs now (it does only while telemetry.db is being written to). */
  readonly working: boolean;
  close(): Promise<void>;
}

/** A running worker: stops after one last checkpoint when told to. */
interface Running {
  exited: Promise<void>;
  stop(): Promise<void>;
}

export function startCheckpointer(
  db: TelemetryDb,
  onError: (err: unknown) => void,
  { idleMs = IDLE_MS }: { idleMs?: number } = {},
): Checkpointer {
  const wal = `${db.name}-wal`;
  let running: Running | undefined;
  let failed = false;
  let closing = false;
  let lastWrite = "";
  let lastWriteAt = 0;
  const fallBack = () => {
    failed = true;
    if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  };
  const start = (): Running => {
    const worker = new Worker(new URL("./checkpoint-worker.js", import.meta.url), {
      workerData: { file: db.name, everyMs: EVERY_MS },
    });
    // Never what keeps the platform running (a start that fails half-way leaves nothing behind).
    worker.unref();
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    let stopping = false;
    worker.on("error", (err) => {
      onError(err);
      fallBack();
    });
    void exited.then(() => {
      if (!stopping) fallBack();
      if (running?.exited === exited) running = undefined;
    });
    return {
      exited,
      async stop() {
        stopping = true;
        worker.ref();
        worker.postMessage("close");
        await exited;
      },
    };
  };
  const look = async () => {
    const modified = await stat(wal).then(
      (s) => `${s.mtimeMs}:${s.size}`,
      () => "",
    );
    if (closing || failed) return;
    const now = Date.now();
    if (modified !== lastWrite) {
      lastWrite = modified;
      lastWriteAt = now;
      running ??= start();
    } else if (running && now - lastWriteAt > idleMs) {
      const idle = running;
      running = undefined;
      await idle.stop();
    }
  };
  db.pragma("wal_autocheckpoint = 0");
  // The first look only notes the WAL as it is: what start-up wrote is checkpointed with the next write.
  void stat(wal).then(
    (s) => (lastWrite = `${s.mtimeMs}:${s.size}`),
    () => undefined,
  );
  const timer = setInterval(() => void look().catch(onError), EVERY_MS);
  timer.unref();
  return {
    get working() {
      return running !== undefined;
    },
    async close() {
      closing = true;
      clearInterval(timer);
      await running?.stop();
      if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    },
  };
}
