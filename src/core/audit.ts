// The audit log: who did what to which resource, from where, when, and whether it was allowed. Every entry
// carries the hash of the one before, so editing, deleting or reordering a stored entry breaks the chain,
// and `verify` says where. Failures without a valid token are throttled per source address (audit-throttle.ts).
import { createHash } from "node:crypto";
import { now } from "../shared/clock.js";
import type { AuditRow, Store } from "../store/index.js";
import { FailureThrottle, type FoldedFailures } from "./audit-throttle.js";

export interface AuditEvent {
  actor: string;
  tokenId: string | null;
  action: string;
  target: string | null;
  sourceIp: string;
  status: number;
  /** Refused by the access check (401, 403, or 404 for an app the caller may not see). */
  denied: boolean;
}

export interface AuditEntry extends Omit<AuditEvent, "denied"> {
  seq: number;
  time: string;
  outcome: "allowed" | "denied";
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** The first entry whose hash or link does not match, and why. */
  firstBroken: { seq: number; reason: string } | null;
}

const GENESIS = "0".repeat(64);
/** A source address gets one entry for a failure without a valid token per window, and one for the rest. */
const FAILURE_WINDOW_MS = 60_000;
/** Addresses tracked at once (about 100 bytes each); past this the oldest window is closed early. */
const FAILURE_ADDRESSES = 10_000;

/** A request refused because it carried no valid token: the kind anyone can send, so it is throttled. */
function unauthenticated(event: AuditEvent): boolean {
  return event.denied && event.status === 401 && event.tokenId === null;
}

/** The one entry standing for the failures folded in an address's window. */
function foldedEntry({ address, count }: FoldedFailures): AuditEvent {
  return {
    actor: "anonymous",
    tokenId: null,
    action: `${count} more failures without a valid token`,
    target: null,
    sourceIp: address,
    status: 401,
    denied: true,
  };
}

/** The hash of an entry: its predecessor's hash and its own fields, in a fixed order. */
function hashOf(row: Omit<AuditRow, "hash">): string {
  const fields = [
    row.seq,
    row.time,
    row.actor,
    row.token_id,
    row.action,
    row.target,
    row.source_ip,
    row.outcome,
    row.status,
  ];
  return createHash("sha256").update(row.prev_hash).update(JSON.stringify(fields)).digest("hex");
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    time: row.time,
    actor: row.actor,
    tokenId: row.token_id,
    action: row.action,
    target: row.target,
    sourceIp: row.source_ip,
    status: row.status,
    outcome: row.outcome === "denied" ? "denied" : "allowed",
    hash: row.hash,
  };
}

export class AuditService {
  /** Appends one at a time, so each entry links to the one really before it. */
  #tail: Promise<unknown> = Promise.resolve();
  /** The newest entry's seq and hash, read once: every later entry is appended here. */
  #last: Pick<AuditRow, "seq" | "hash"> | undefined;
  readonly #throttle: FailureThrottle;
  readonly #sweeper: NodeJS.Timeout;
  /** Told when a count the sweeper writes is refused (the request that opened its window is long answered). */
  #failed: (err: unknown) => void = () => {};

  constructor(
    private readonly store: Store,
    options: { failureWindowMs?: number; failureAddresses?: number } = {},
  ) {
    this.#throttle = new FailureThrottle(
      options.failureWindowMs ?? FAILURE_WINDOW_MS,
      options.failureAddresses ?? FAILURE_ADDRESSES,
    );
    // A closed window's count is written within a sixth of a window, whether or not its address comes back.
    this.#sweeper = setInterval(
      () =>
        void this.#writeFolded(this.#throttle.sweep(Date.now())).catch((err: unknown) => this.#failed(err)),
      this.#throttle.windowMs / 6,
    );
    this.#sweeper.unref();
  }

  /** Appends an entry; a failure without a valid token may be folded into its address's count instead. */
  record(event: AuditEvent): Promise<void> {
    if (!unauthenticated(event)) return this.#append(event);
    const { record, closed } = this.#throttle.admit(event.sourceIp, Date.now());
    const written = [this.#writeFolded(closed)];
    if (record) written.push(this.#append(event));
    return Promise.all(written).then(() => undefined);
  }

  /** Where the sweeper reports a count it could not write (the API's log). */
  reportFailuresTo(failed: (err: unknown) => void): void {
    this.#failed = failed;
  }

  /** Writes the counts of every open window (the platform is stopping) and stops the sweeper. */
  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    await this.#writeFolded(this.#throttle.sweep());
  }

  /** Addresses whose failures are being counted right now (bounded). */
  get throttledAddresses(): number {
    return this.#throttle.tracked;
  }

  async #writeFolded(folded: FoldedFailures[]): Promise<void> {
    await Promise.all(folded.map((f) => this.#append(foldedEntry(f))));
  }

  #append(event: AuditEvent): Promise<void> {
    const append = this.#tail.then(() =>
      this.store.transaction(async (tx) => {
        const last = this.#last ?? (await tx.audit.last());
        const row: Omit<AuditRow, "hash"> = {
          seq: (last?.seq ?? 0) + 1,
          time: now(),
          actor: event.actor,
          token_id: event.tokenId,
          action: event.action,
          target: event.target,
          source_ip: event.sourceIp,
          outcome: event.denied ? "denied" : "allowed",
          status: event.status,
          prev_hash: last?.hash ?? GENESIS,
        };
        const hash = hashOf(row);
        await tx.audit.insert({ ...row, hash });
        return { seq: row.seq, hash };
      }),
    );
    this.#tail = append.then(
      (last) => (this.#last = last),
      () => (this.#last = undefined),
    );
    return append.then(() => undefined);
  }

  async recent(limit: number): Promise<AuditEntry[]> {
    return (await this.store.audit.recent(limit)).map(toEntry);
  }

  /** Walks the whole chain from the first entry; stops at the first one that does not hold. */
  async verify(): Promise<AuditVerification> {
    let prev = GENESIS;
    let expected = 1;
    let checked = 0;
    for (;;) {
      const page = await this.store.audit.after(expected - 1, 1000);
      for (const row of page) {
        const broken = (reason: string): AuditVerification => ({
          ok: false,
          checked,
          firstBroken: { seq: row.seq, reason },
        });
        if (row.seq !== expected) return broken(`entry ${expected} is missing`);
        if (row.prev_hash !== prev) return broken("its link to the entry before does not match");
        if (hashOf(row) !== row.hash)
          return broken("its contents do not match its hash (the entry was edited)");
        prev = row.hash;
        expected += 1;
        checked += 1;
      }
      if (page.length < 1000) return { ok: true, checked, firstBroken: null };
    }
  }
}
