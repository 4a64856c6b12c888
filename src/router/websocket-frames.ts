// Just enough of the WebSocket framing (RFC 6455 §5.2) for a proxy that does not decode messages: where each
// frame ends in a byte stream, whether a close frame went through, and a close frame of its own to send.

const CLOSE_OPCODE = 0x8;

/**
 * Follows one direction of a WebSocket: frame headers are read, payloads skipped. The router may send a frame
 * of its own only at a boundary, never inside a frame it is relaying.
 */
export class FrameCursor {
  readonly #header = Buffer.alloc(14);
  #have = 0;
  /** Header bytes this frame has: 2, plus 2 or 8 of extended length, plus 4 of mask. */
  #need = 2;
  #payload = 0;
  /** A close frame went through: that side closed the WebSocket itself. */
  closed = false;

  feed(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.#payload > 0) {
        const n = Math.min(this.#payload, chunk.length - i);
        this.#payload -= n;
        i += n;
        continue;
      }
      this.#header[this.#have++] = chunk[i++] as number;
      if (this.#have === 2) {
        const len = (this.#header[1] as number) & 0x7f;
        const masked = ((this.#header[1] as number) & 0x80) !== 0;
        this.#need = 2 + (len === 126 ? 2 : len === 127 ? 8 : 0) + (masked ? 4 : 0);
      }
      if (this.#have < this.#need) continue;
      const len7 = (this.#header[1] as number) & 0x7f;
      this.#payload =
        len7 === 126
          ? this.#header.readUInt16BE(2)
          : len7 === 127
            ? Number(this.#header.readBigUInt64BE(2))
            : len7;
      if (((this.#header[0] as number) & 0x0f) === CLOSE_OPCODE) this.closed = true;
      this.#have = 0;
      this.#need = 2;
    }
  }

  /** Between two frames: a frame of the router's own may go in here. */
  get atBoundary(): boolean {
    return this.#payload === 0 && this.#have === 0;
  }
}

/**
 * A close frame with a status code and a short reason. Towards a server it must be masked (§5.3); the mask
 * need not be secret here (it guards against cache poisoning by scripts, which this frame is not).
 */
export function closeFrame(code: number, reason: string, masked: boolean): Buffer {
  const text = Buffer.from(reason.slice(0, 100));
  const payload = Buffer.alloc(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  const head = Buffer.from([0x80 | CLOSE_OPCODE, (masked ? 0x80 : 0) | payload.length]);
  if (!masked) return Buffer.concat([head, payload]);
  const mask = Buffer.from([0x5a, 0x17, 0xc3, 0x2e]);
  for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
  return Buffer.concat([head, mask, payload]);
}

/** 1001 Going Away: the server (here, its process) is going away, or the connection sat idle too long. */
export const GOING_AWAY = 1001;
