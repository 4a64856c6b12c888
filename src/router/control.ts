// The router's control channel: newline-delimited JSON over the Unix socket router.sock in the data dir, which
// the router listens on so that the next platform start can reconnect to it (adopt it) after a crash.
import type { Socket } from "node:net";
import type { RouterConfig } from "../config/index.js";
import type { HostCertificate, RouteTable } from "../shared/route-table.js";
import type { AccessLog } from "./proxy.js";
import type { WebSocketCount } from "./tunnels.js";

export const CONTROL_SOCKET = "router.sock";

export type ToRouter =
  | { type: "table"; table: RouteTable }
  /** Every host's certificate (a full replacement); keys travel only over this 0600 socket. */
  | { type: "certs"; certs: HostCertificate[] }
  /** The key session affinity cookies are signed with (base64); like keys, it travels only over this socket. */
  | { type: "affinity-key"; key: string }
  | { type: "drain"; id: number; backends: string[]; timeoutMs: number }
  /** The platform is fully up: keep serving if this connection closes (the platform crashed), until adopted. */
  | { type: "outlive" }
  | { type: "stop" }
  /**
   * The platform is another version: start `main` (its router code) on this router's listening sockets, then
   * drain and exit. Answered by "upgraded" (then this connection closes) or "upgrade-failed".
   */
  | { type: "upgrade"; main: string; version: string };

/** Why a router could not listen: the port and the setting that chose it. */
export interface ListenFailure {
  port: number;
  setting: "FIFTEEN_ROUTER_PORT" | "FIFTEEN_ROUTER_HTTPS_PORT";
  code: string;
}

export type FromRouter =
  /** First on every connection: who it is, what it was started with, and what it already serves. */
  | {
      type: "hello";
      pid: number;
      version: string;
      config: RouterConfig;
      /** 0 while no worker listens yet (then "ready" follows). */
      port: number;
      httpsPort: number | undefined;
      /** The version of the table it serves; 0: none yet. */
      tableVersion: number;
      /** It understands "upgrade" (routers from before it did not answer it). */
      upgrades?: boolean;
    }
  | { type: "ready"; port: number; httpsPort: number | undefined }
  | { type: "failed"; failure: ListenFailure }
  /** Another platform connected and took this router over: this connection is closed next. */
  | { type: "replaced" }
  | { type: "drained"; id: number }
  /** The router of the new version serves on this one's sockets, and listens on the control socket now. */
  | { type: "upgraded"; pid: number }
  | { type: "upgrade-failed"; reason: string }
  | { type: "access"; entry: AccessLog }
  /** Every process's open WebSockets through the router (all workers), sent whenever a count changes. */
  | { type: "websockets"; counts: WebSocketCount[] };

/** Beyond this many unsent bytes (a platform that stopped reading), access lines are dropped, not queued. */
const MAX_BACKLOG = 8 * 1024 * 1024;

/**
 * One end of a control connection. Messages sent in one turn of the event loop leave in one write, so a burst
 * of access lines costs one syscall rather than one each.
 */
export class ControlChannel<In, Out extends { type: string }> {
  #pending: string[] = [];
  #scheduled = false;
  #partial = "";

  constructor(
    readonly socket: Socket,
    onMessage: (message: In) => void,
  ) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      const lines = (this.#partial + chunk).split("\n");
      this.#partial = lines.pop() ?? "";
      for (const line of lines) {
        if (line === "") continue;
        let message: In;
        try {
          message = JSON.parse(line) as In;
        } catch {
          continue;
        }
        onMessage(message);
      }
    });
    // A peer that went away is seen as 'close'; the error itself says nothing more.
    socket.on("error", () => undefined);
  }

  get open(): boolean {
    return !this.socket.destroyed && this.socket.writable;
  }

  send(message: Out): void {
    if (!this.open) return;
    if (message.type === "access" && this.socket.writableLength > MAX_BACKLOG) return;
    this.#pending.push(JSON.stringify(message));
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#flush());
  }

  /** Sends what is queued and closes this end once it is written. */
  end(): void {
    this.#flush();
    this.socket.end();
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#pending.length === 0 || !this.open) return;
    this.socket.write(`${this.#pending.join("\n")}\n`);
    this.#pending = [];
  }
}
