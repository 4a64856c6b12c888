// Upgraded connections (WebSockets) of one router worker, after the handshake was forwarded: the bytes relayed
// both ways, each open WebSocket counted per process, and every way one ends made a clean close for the
// client: when the process goes away (stopped, crashed) or the tunnel sits idle, the router sends close 1001
// itself between two frames and ends the connection, rather than resetting it.
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { closeFrame, FrameCursor, GOING_AWAY } from "./websocket-frames.js";

/** Open WebSockets of one process, as the router reports them (`fifteen_router_websockets_open`). */
export interface WebSocketCount {
  appId: string;
  app: string;
  process: string;
  open: number;
}

export interface TunnelTarget {
  appId: string;
  app: string;
  /** The backend's id, and its process name (web.2). */
  backendId: string;
  process: string;
  /** Whether the client asked for a WebSocket (frames are followed); other upgrades are relayed as bytes. */
  websocket: boolean;
  /** The backend's answer to the handshake, once its status line arrived (or 502 when it closed first). */
  onStatus(status: number): void;
}

export interface TunnelsOptions {
  /** An open WebSocket through which nothing passed for this long is closed (1001) both ways. */
  idleMs: number;
  /** The open count of some process changed (reported at most every few hundred ms by the caller). */
  onChange(): void;
}

/** The response head is at most this long; past it the bytes are relayed without looking further. */
const MAX_HEAD = 64 * 1024;
/** How long an ended side may take to close its end before its socket is destroyed. */
const LINGER_MS = 5000;

class Tunnel {
  /** Frames from the process to the client, and from the client to the process. */
  readonly down = new FrameCursor();
  readonly up = new FrameCursor();
  /** Set once the process answered 101 to a WebSocket handshake. */
  open = false;
  #head: Buffer | undefined = Buffer.alloc(0);
  #ended = false;

  constructor(
    readonly client: Duplex,
    readonly upstream: Socket,
    readonly target: TunnelTarget,
    private readonly tunnels: Tunnels,
  ) {}

  start(): void {
    const { client, upstream } = this;
    this.#relay(upstream, client, (chunk) => this.#fromProcess(chunk));
    this.#relay(client, upstream, (chunk) => {
      if (this.open) this.up.feed(chunk);
    });
    upstream.on("end", () => this.#processGone());
    upstream.on("error", () => this.#processGone());
    upstream.on("close", () => this.#processGone());
    client.on("end", () => this.#clientGone());
    client.on("error", () => this.#clientGone(true));
    client.on("close", () => {
      this.#clientGone(true);
      this.tunnels.closed(this);
    });
  }

  /** The router closes it: 1001 to both sides (each at a frame boundary), then both ends close. */
  goAway(reason: string): void {
    if (this.open && !this.down.closed && this.down.atBoundary && this.client.writable)
      this.client.write(closeFrame(GOING_AWAY, reason, false));
    if (this.open && !this.up.closed && this.up.atBoundary && this.upstream.writable)
      this.upstream.write(closeFrame(GOING_AWAY, reason, true));
    this.#end(this.upstream);
    this.#end(this.client);
  }

  /** Bytes each way as they come, pausing the reader while the writer's buffer is full. */
  #relay(from: Duplex, to: Duplex, inspect: (chunk: Buffer) => void): void {
    from.on("data", (chunk: Buffer) => {
      inspect(chunk);
      if (!to.writable || to.destroyed) return;
      // Ending either side resumes both (#end), so a reader paused for a writer that is gone still drains.
      if (!to.write(chunk)) {
        from.pause();
        to.once("drain", () => from.resume());
      }
    });
  }

  /** Until the response head is complete, it is parsed for the status (and the frames follow it, on a 101). */
  #fromProcess(chunk: Buffer): void {
    if (this.#head === undefined) {
      if (this.open) this.down.feed(chunk);
      return;
    }
    const head = Buffer.concat([this.#head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    if (end < 0) {
      if (head.length > MAX_HEAD) this.#answered(502, undefined);
      else this.#head = head;
      return;
    }
    const status = Number(
      /^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString("latin1"))?.[1] ?? 502,
    );
    this.#answered(status, head.subarray(end + 4));
  }

  #answered(status: number, rest: Buffer | undefined): void {
    this.#head = undefined;
    this.target.onStatus(status);
    if (status !== 101 || !this.target.websocket || rest === undefined) return;
    this.open = true;
    this.down.feed(rest);
    this.tunnels.opened(this);
  }

  /** The process closed, reset or ended its connection: the client gets 1001 if it got no close frame. */
  #processGone(): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#head !== undefined) {
      this.#head = undefined;
      this.target.onStatus(502);
    }
    if (this.open && !this.down.closed && this.client.writable) {
      // Inside a frame, nothing the router sends could be read as a close: only then is it cut.
      if (!this.down.atBoundary) return void this.client.destroy();
      this.client.write(closeFrame(GOING_AWAY, "the process went away", false));
    }
    this.#end(this.client);
    this.#end(this.upstream);
  }

  /** The client ended (or its connection failed): the process gets 1001 if it got no close frame. */
  #clientGone(failed = false): void {
    if (!this.upstream.writable) return;
    if (this.open && !this.up.closed && this.up.atBoundary)
      this.upstream.write(closeFrame(GOING_AWAY, "the client went away", true));
    this.#end(this.upstream);
    if (failed) this.client.destroy();
  }

  /**
   * Ends our side after what is queued, and keeps reading what the peer still sends (its close frame) so that
   * closing never finds unread bytes, which would make the kernel reset the connection.
   */
  #end(socket: Duplex): void {
    if (socket.destroyed) return;
    this.client.resume();
    this.upstream.resume();
    if (!socket.writableEnded) socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  }
}

export class Tunnels {
  /** Open WebSockets by backend id. */
  readonly #open = new Map<string, { target: TunnelTarget; tunnels: Set<Tunnel> }>();
  readonly #all = new Set<Tunnel>();

  constructor(private readonly options: TunnelsOptions) {}

  /** Relays an upgraded connection whose handshake was written to `upstream`. */
  relay(client: Duplex, upstream: Socket, target: TunnelTarget): void {
    const tunnel = new Tunnel(client, upstream, target, this);
    this.#all.add(tunnel);
    tunnel.start();
  }

  /** Every process's open WebSockets. */
  counts(): WebSocketCount[] {
    return [...this.#open.values()].map(({ target, tunnels }) => ({
      appId: target.appId,
      app: target.app,
      process: target.process,
      open: tunnels.size,
    }));
  }

  /** The router is going away (it retires, or stops): every tunnel gets a clean close now. */
  closeAll(reason: string): void {
    for (const tunnel of this.#all) tunnel.goAway(reason);
  }

  opened(tunnel: Tunnel): void {
    const { target } = tunnel;
    let entry = this.#open.get(target.backendId);
    if (!entry) {
      entry = { target, tunnels: new Set() };
      this.#open.set(target.backendId, entry);
    }
    entry.tunnels.add(tunnel);
    // Every byte of the tunnel passes the client's socket: its idle timer is the tunnel's.
    const socket = tunnel.client as Partial<Socket>;
    if (this.options.idleMs > 0 && socket.setTimeout) {
      socket.setTimeout(this.options.idleMs);
      tunnel.client.on("timeout", () => tunnel.goAway("idle timeout"));
    }
    this.options.onChange();
  }

  closed(tunnel: Tunnel): void {
    this.#all.delete(tunnel);
    const entry = this.#open.get(tunnel.target.backendId);
    if (!entry?.tunnels.delete(tunnel)) return;
    if (entry.tunnels.size === 0) this.#open.delete(tunnel.target.backendId);
    this.options.onChange();
  }
}
