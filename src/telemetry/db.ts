// The node-local telemetry database (log history and metric rollups): its own SQLite file beside the store, so
// high-rate appends never contend with the control plane's database, wherever that lives.
import Database from "better-sqlite3";

export type TelemetryDb = Database.Database;

/** Each entry upgrades the schema by one version (PRAGMA user_version); never edit a shipped entry. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE log_lines (
     seq INTEGER PRIMARY KEY,
     app_id TEXT NOT NULL,
     time INTEGER NOT NULL,
     source TEXT NOT NULL,
     process TEXT NOT NULL,
     text TEXT NOT NULL
   );
   CREATE INDEX log_lines_app ON log_lines (app_id, seq);
   CREATE TABLE metric_rollups (
     app_id TEXT NOT NULL,
     resolution INTEGER NOT NULL,
     start INTEGER NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (app_id, resolution, start)
   ) WITHOUT ROWID;`,
  // Lines stored per app, kept with every write, so trimming an app at its limit never has to count them.
  `CREATE TABLE log_counts (
     app_id TEXT PRIMARY KEY,
     lines INTEGER NOT NULL
   ) WITHOUT ROWID;
   INSERT INTO log_counts SELECT app_id, count(*) FROM log_lines GROUP BY app_id;`,
];

export function openTelemetryDb(file: string): TelemetryDb {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // Telemetry may lose its last moments in a power cut; it must never slow the apps down.
  db.pragma("synchronous = NORMAL");
  const version = db.pragma("user_version", { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] ?? "");
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}
