// A client for HAProxy's runtime API (the admin stats socket, and the master CLI for reloads): one command per
// connection, the answer read until HAProxy closes it. Every argument is checked against a strict pattern:
// the CLI splits on spaces and `;`, so nothing a user typed may pass unchecked.
import { connect } from "node:net";

/** What a command argument may hold: host names, backend and server names, map values (base64 included). */
const ARGUMENT = /^[A-Za-z0-9._:+/=*@[\]-]{1,1024}$/;
const ANSWER_MS = 5000;

export type ServerState = "ready" | "drain" | "maint";

/** One server's line of `show stat`: its backend, name and current sessions. */
export interface ServerStat {
  backend: string;
  server: string;
  sessions: number;
  status: string;
}

function arg(value: string): string {
  if (!ARGUMENT.test(value)) throw new Error(`refusing ${JSON.stringify(value)} as a runtime API argument`);
  return value;
}

/** Sends one command line to a unix socket and resolves with everything it answered before closing. */
export function command(socketPath: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`HAProxy did not answer "${line.split(" ")[0]}" on ${socketPath}`));
    }, ANSWER_MS);
    // Half-closed after the command: the master CLI answers only then (the admin socket either way).
    socket.on("connect", () => socket.end(`${line}\n`));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on("close", (hadError) => {
      clearTimeout(timer);
      if (!hadError) resolve(Buffer.concat(chunks).toString("utf8"));
    });
  });
}

/** HAProxy answered a command with a refusal (as opposed to not answering at all). */
export class CommandRefused extends Error {}

/** A command whose success is an empty answer (or one of the `ok` answers given): anything else throws. */
async function quiet(socketPath: string, line: string, ok: RegExp = /^$/): Promise<void> {
  const answer = (await command(socketPath, line)).trim();
  if (!ok.test(answer)) throw new CommandRefused(`HAProxy refused "${line.split("\n")[0]}": ${answer}`);
}

/** The admin socket of the running worker. */
export class RuntimeApi {
  constructor(readonly socketPath: string) {}

  /** `show info` as key → value (Pid, Uptime_sec…); throws when nothing answers. */
  async info(): Promise<Map<string, string>> {
    const info = new Map<string, string>();
    for (const line of (await command(this.socketPath, "show info")).split("\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) info.set(line.slice(0, colon), line.slice(colon + 1).trim());
    }
    if (!info.has("Pid")) throw new Error("HAProxy's admin socket gave no info");
    return info;
  }

  addMap(map: string, key: string, value: string): Promise<void> {
    return quiet(this.socketPath, `add map ${arg(map)} ${arg(key)} ${arg(value)}`);
  }

  setMap(map: string, key: string, value: string): Promise<void> {
    return quiet(this.socketPath, `set map ${arg(map)} ${arg(key)} ${arg(value)}`);
  }

  delMap(map: string, key: string): Promise<void> {
    return quiet(this.socketPath, `del map ${arg(map)} ${arg(key)}`);
  }

  /** Points a server at a loopback port (it stays in the state it had). */
  setServerAddress(backend: string, server: string, port: number): Promise<void> {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`refusing port ${port}`);
    return quiet(
      this.socketPath,
      `set server ${arg(backend)}/${arg(server)} addr 127.0.0.1 port ${port}`,
      /^$|changed from|no need to change/i,
    );
  }

  setServerState(backend: string, server: string, state: ServerState): Promise<void> {
    return quiet(this.socketPath, `set server ${arg(backend)}/${arg(server)} state ${state}`);
  }

  /**
   * Loads a certificate (cert, chain and key in one PEM) into HAProxy's store under `path`, new or replacing
   * the one there, in one transaction: a payload HAProxy refuses is aborted, the old one stays.
   */
  async putCert(path: string, pem: string, isNew: boolean): Promise<void> {
    // The payload ends at the first empty line: certificates.ts gives PEM text without one.
    if (/\n\s*\n/.test(pem.trim())) throw new Error("refusing a certificate payload with an empty line");
    if (isNew) await quiet(this.socketPath, `new ssl cert ${arg(path)}`, /^New empty certificate store/);
    await quiet(
      this.socketPath,
      `set ssl cert ${arg(path)} <<\n${pem.trim()}\n`,
      /^Transaction (created|updated)/,
    );
    try {
      await quiet(this.socketPath, `commit ssl cert ${arg(path)}`, /Success!$/);
    } catch (err) {
      await command(this.socketPath, `abort ssl cert ${arg(path)}`).catch(() => undefined);
      // A new store left empty is dropped (it is in no crt-list yet).
      if (isNew) await command(this.socketPath, `del ssl cert ${arg(path)}`).catch(() => undefined);
      throw err;
    }
  }

  /** Serves a loaded certificate from the crt-list's listeners, for this SNI name only. */
  addCrtList(list: string, path: string, servername: string): Promise<void> {
    const line = `add ssl crt-list ${arg(list)} <<\n${arg(path)} ${arg(servername)}\n`;
    return quiet(this.socketPath, line, /Success!$/);
  }

  /** Stops serving a certificate, then drops it from the store. */
  async removeCert(list: string, path: string): Promise<void> {
    await quiet(this.socketPath, `del ssl crt-list ${arg(list)} ${arg(path)}`, /deleted in crtlist/);
    await quiet(this.socketPath, `del ssl cert ${arg(path)}`, /deleted!$/);
  }

  /** `show servers state` as its raw lines, for diagnostics. */
  async serversState(backend?: string): Promise<string> {
    return command(this.socketPath, backend ? `show servers state ${arg(backend)}` : "show servers state");
  }

  /** The servers of a backend (or all) from `show stat`, with their current sessions. */
  async serverStats(backend?: string): Promise<ServerStat[]> {
    const answer = await command(
      this.socketPath,
      backend ? `show stat ${arg(backend)} 4 -1` : "show stat -1 4 -1",
    );
    const [header = "", ...rows] = answer.split("\n");
    const columns = header.replace(/^# /, "").split(",");
    const at = (name: string) => columns.indexOf(name);
    const stats: ServerStat[] = [];
    for (const row of rows) {
      const fields = row.split(",");
      if (fields.length < columns.length || fields[at("svname")] === "BACKEND") continue;
      stats.push({
        backend: fields[at("pxname")] ?? "",
        server: fields[at("svname")] ?? "",
        sessions: Number(fields[at("scur")] ?? 0),
        status: fields[at("status")] ?? "",
      });
    }
    return stats;
  }

  /** The entries of a stick table that stores `conn_cur`, with their current connections. */
  async tracked(table: string): Promise<TrackedKey[]> {
    const answer = await command(this.socketPath, `show table ${arg(table)}`);
    const keys: TrackedKey[] = [];
    for (const line of answer.split("\n")) {
      const match = TABLE_ENTRY.exec(line);
      if (match) keys.push({ key: match[1] ?? "", current: Number(match[2]) });
    }
    return keys;
  }
}

/** A tracked key of a stick table and its current connections (`conn_cur`). */
export interface TrackedKey {
  key: string;
  current: number;
}

/** `show table`'s entry lines: `0x…: key=app_x/s1 use=5 exp=0 conn_cur=5`. */
const TABLE_ENTRY = /^0x[0-9a-f]+: key=(\S+) .*\bconn_cur=([0-9]+)/;

/** The master CLI: reloads the workers on a new config (the listeners are handed over, no port closes). */
export class MasterCli {
  constructor(readonly socketPath: string) {}

  /** Asks for a reload; the master answers (or closes) at once, before the new worker is up. */
  async reload(): Promise<void> {
    await command(this.socketPath, "reload");
  }

  /** The current workers' pids (`show proc`'s "# workers" section; old ones finishing are listed apart). */
  async currentWorkers(): Promise<number[]> {
    const pids: number[] = [];
    let inSection = false;
    for (const line of (await command(this.socketPath, "show proc")).split("\n")) {
      if (line.startsWith("#")) inSection = line.startsWith("# workers");
      else if (inSection && /^\d+\s/.test(line)) pids.push(Number(line.split(/\s/)[0]));
    }
    return pids;
  }
}
