// The audit log: who did what to which resource, from where, when, and whether it was allowed. Every entry
// carries the hash of the one before, so editing, deleting or reordering a stored entry breaks the chain,
// and `verify` says where.
import { createHash } from "node:crypto";
import { now } from "../shared/clock.js";
import type { AuditRow, Store } from "../store/index.js";

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

  constructor(private readonly store: Store) {}

  record(event: AuditEvent): Promise<void> {
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
